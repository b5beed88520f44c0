import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { formatMoney } from '../../catalog/index.js';
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

const STATUS: Record<string, MessageKey> = {
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
  // Labels come from the catalog; the order itself is the record of what was bought.
  const product = await getProduct(order.productId, signal).catch(() => null);
  return { order, product };
}

/** `/order/:orderId`: the order number and what was ordered. */
export function OrderConfirmation() {
  const { orderId = '' } = useParams();
  const { t, l, locale } = useT();
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
              <dd>{new Date(order.createdAt).toLocaleString(locale)}</dd>
            </>
          )}
          {order.status && (
            <>
              <dt>{t('order.status')}</dt>
              <dd>{order.status in STATUS ? t(STATUS[order.status]!) : order.status}</dd>
            </>
          )}
          <dt>{t('order.quantity')}</dt>
          <dd>{order.quantity}</dd>
          <dt>{t('order.total')}</dt>
          <dd data-testid="order-total">{formatMoney(order.total, order.currency, locale)}</dd>
          {order.variantCode && (
            <>
              <dt>{t('cfg.variant')}</dt>
              <dd className="variant-code">{order.variantCode}</dd>
            </>
          )}
        </dl>
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
        <p style={{ marginTop: '1.5rem' }}>
          <Link className="btn btn-primary" to="/">
            {t('order.again')}
          </Link>
        </p>
      </div>
    </div>
  );
}
