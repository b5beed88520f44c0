import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { formatMoney, type OrderStatus } from '../../catalog/index.js';
import { ApiError } from '../api/http.js';
import { getOrder, type OrderView } from '../api/orders.js';
import { getProduct, type PublishedProduct } from '../api/products.js';
import type { MessageKey } from '../i18n/messages.js';
import { useT } from '../i18n/useT.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { NotFound } from '../ui/NotFound.js';
import { useAsync } from '../ui/useAsync.js';
import { ConfigurationSummary } from './ConfigurationSummary.js';
import { PriceLines } from './PriceLines.js';
import { formatDateTime } from '../i18n/translate.js';

const STATUS: Record<OrderStatus, MessageKey> = {
  received: 'status.received',
  in_production: 'status.in_production',
  shipped: 'status.shipped',
  cancelled: 'status.cancelled',
};

interface Loaded {
  order: OrderView;
  product: PublishedProduct | null;
}

async function loadOrder(id: string, signal: AbortSignal): Promise<Loaded> {
  const order = await getOrder(id, signal);
  // Labels come from the catalog version the order was made on (not today's); the order
  // itself is the record of what was bought.
  const product = await getProduct(order.productId, signal, order.version).catch(() => null);
  return { order, product };
}

/** A delivery address as lines: the free text as typed, or a structured address. */
function addressText(a: unknown): string | null {
  if (typeof a === 'string') return a.trim() || null;
  if (a && typeof a === 'object') {
    const o = a as Record<string, unknown>;
    const line = (...keys: string[]) =>
      keys
        .map((k) => (typeof o[k] === 'string' ? o[k] : ''))
        .filter(Boolean)
        .join(' ');
    return [line('line1'), line('line2'), line('postalCode', 'city'), line('country')].filter(Boolean).join('\n') || null;
  }
  return null;
}

/** `/order/:orderId`: the order number, what was ordered and how, the price and where it goes. */
export function OrderConfirmation() {
  const { orderId = '' } = useParams();
  const { t, l, locale, intl } = useT();
  const [state, retry] = useAsync((signal) => loadOrder(orderId, signal), orderId);
  useEffect(() => {
    document.title = `${t('order.title')} · ${t('app.name')}`;
  }, [t]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    if (state.error instanceof ApiError && state.error.status === 404)
      return <NotFound message={t('notFound.order', { id: orderId })} />;
    return (
      <div className="page">
        <ErrorMessage what={t('order.loadFailed', { id: orderId })} error={state.error} onRetry={retry} />
      </div>
    );
  }
  const { order, product } = state.value;
  const address = addressText(order.customer?.address);
  return (
    <div className="page">
      <div className="card" style={{ maxWidth: 720, margin: '0 auto' }}>
        <h1>{t('order.title')}</h1>
        {order.snapshotUrl && (
          <img className="snapshot" src={order.snapshotUrl} alt={t('order.snapshot')} width={640} height={480} />
        )}
        <dl className="summary-list">
          <dt>{t('order.number')}</dt>
          <dd data-testid="order-number">{order.number}</dd>
          {order.createdAt && (
            <>
              <dt>{t('order.placed')}</dt>
              <dd data-testid="order-placed">{formatDateTime(order.createdAt, locale)}</dd>
            </>
          )}
          {order.status && (
            <>
              <dt>{t('order.status')}</dt>
              <dd>{order.status in STATUS ? t(STATUS[order.status as OrderStatus]) : order.status}</dd>
            </>
          )}
          <dt>{t('order.quantity')}</dt>
          <dd>{order.quantity.toLocaleString(intl)}</dd>
          {order.unitPrice !== undefined && order.quantity !== 1 && (
            <>
              <dt>{t('order.unitPrice')}</dt>
              <dd>{formatMoney(order.unitPrice, order.currency, intl)}</dd>
            </>
          )}
          <dt>{t('order.total')}</dt>
          <dd data-testid="order-total">{formatMoney(order.total, order.currency, intl)}</dd>
          {order.variantCode && (
            <>
              <dt>{t('cfg.variant')}</dt>
              <dd className="variant-code">{order.variantCode}</dd>
            </>
          )}
          {order.version !== undefined && (
            <>
              <dt>{t('order.version')}</dt>
              <dd data-testid="order-version">{order.version}</dd>
            </>
          )}
          {order.customer && (
            <>
              <dt>{t('order.email')}</dt>
              <dd>{order.customer.email}</dd>
            </>
          )}
        </dl>
        {address && (
          <>
            <h2 style={{ marginTop: '1.5rem' }}>{t('order.address')}</h2>
            <address data-testid="order-address" style={{ whiteSpace: 'pre-line', fontStyle: 'normal' }}>
              {order.customer?.name}
              {'\n'}
              {address}
            </address>
          </>
        )}
        <h2 style={{ marginTop: '1.5rem' }}>
          {t('order.what')}
          {product ? `: ${l(product.product.name)}` : ''}
        </h2>
        {product ? (
          <ConfigurationSummary product={product.product} configuration={order.configuration} />
        ) : (
          <dl className="summary-list">
            {Object.entries(order.configuration).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>{v ?? '—'}</dd>
              </div>
            ))}
          </dl>
        )}
        {order.price && (
          <>
            <h2 style={{ marginTop: '1.5rem' }}>{t('order.breakdown')}</h2>
            <PriceLines product={product?.product ?? null} lines={order.price.lines} currency={order.currency} />
          </>
        )}
        <p style={{ marginTop: '1.5rem' }}>
          <Link className="btn btn-primary" to="/">
            {t('order.again')}
          </Link>
        </p>
      </div>
    </div>
  );
}
