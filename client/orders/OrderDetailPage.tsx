import { lazy, Suspense, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatMoney, parseProduct } from '../../catalog/index.js';
import { assetUrl } from '../api/products.js';
import type { ProductPreviewHandle } from '../scene/ProductPreview.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { useAsync } from '../ui/useAsync.js';
import { salesApi, type OrderDetail, type Status } from './salesApi.js';
import { textIn, useSalesT } from './salesMessages.js';
import { useSession } from './SalesApp.js';
import { StatusChip } from './StatusChip.js';

// three.js only loads when an order is opened, not for the table.
const ProductPreview = lazy(() => import('../scene/ProductPreview.js').then((m) => ({ default: m.ProductPreview })));

export function OrderDetailPage() {
  const { id = '' } = useParams();
  const { t } = useSalesT();
  const [state, retry] = useAsync((signal) => salesApi.detail(id, signal), id);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage what={t('order', { n: id })} error={state.error} onRetry={retry} />;
  return <Detail key={state.value.id} initial={state.value} />;
}

function Detail({ initial }: { initial: OrderDetail }) {
  const { t, locale } = useSalesT();
  const session = useSession();
  const [o, setO] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const preview = useRef<ProductPreviewHandle>(null);
  const parsed = parseProduct(o.product);
  const product = parsed.ok ? parsed.product : null;
  const money = (m: number) => formatMoney(m, o.currency, locale);

  const move = (to: Status) => {
    setBusy(true);
    setError(null);
    salesApi.setStatus(o.id, to, session.csrfToken).then(
      (next) => {
        setO(next);
        setBusy(false);
      },
      (e: unknown) => {
        setError(e);
        setBusy(false);
      },
    );
  };
  const downloadGlb = async () => {
    const blob = await preview.current?.exportGlb();
    if (!blob) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `order-${o.number}-${o.variantCode}.glb`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  return (
    <>
      <p>
        <Link to="/sales">← {t('back')}</Link>
      </p>
      <h1>
        {t('order', { n: o.number })} <StatusChip status={o.status} />
      </h1>
      <p>
        {textIn(o.productName, locale)} · <code className="variant-code">{o.variantCode}</code> ·{' '}
        {t('placed', { date: new Date(o.createdAt).toLocaleString(locale), v: o.version })}
      </p>

      <section aria-labelledby="actions-h">
        <h2 id="actions-h">{t('actions')}</h2>
        <div className="btn-row">
          {o.allowedTransitions.length === 0 && <p>{t('final', { status: t(`status.${o.status}`) })}</p>}
          {o.allowedTransitions.map((s) => (
            <button
              key={s}
              type="button"
              className={s === 'cancelled' ? 'btn' : 'btn btn-primary'}
              disabled={busy}
              onClick={() => move(s)}
            >
              {t(`to.${s}`)}
            </button>
          ))}
          <a className="btn" href={o.productionSheetUrl} target="_blank" rel="noreferrer">
            {t('productionSheet')}
          </a>
        </div>
        {error !== null && <ErrorMessage what={t('actions')} error={error} />}
      </section>

      <div className="sales-detail">
        <div>
          <section aria-labelledby="config-h">
            <h2 id="config-h">{t('configuration')}</h2>
            <table className="sales-table">
              <thead>
                <tr>
                  <th>{t('part')}</th>
                  <th>{t('option')}</th>
                  <th>{t('sku')}</th>
                </tr>
              </thead>
              <tbody>
                {o.lines.map((l) => (
                  <tr key={l.attr}>
                    <td>{textIn(l.label, locale)}</td>
                    <td>
                      {l.kind === 'text'
                        ? l.value
                          ? `“${l.value}”`
                          : t('none')
                        : l.value === null
                          ? t('none')
                          : textIn(l.optionLabel, locale) || l.value}
                    </td>
                    <td>
                      <code>{l.sku ?? ''}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="price-h">
            <h2 id="price-h">{t('breakdown')}</h2>
            <table className="sales-table">
              <tbody>
                {o.price.lines.map((l, i) => (
                  <tr key={i}>
                    <td>{textIn(l.label, locale)}</td>
                    <td className="num">{money(l.amount)}</td>
                  </tr>
                ))}
                <tr>
                  <th>{t('unitPrice')}</th>
                  <td className="num">{money(o.unitPrice)}</td>
                </tr>
                <tr>
                  <th>
                    {t('total')} ({o.quantity} ×)
                  </th>
                  <td className="num">
                    <strong>{money(o.total)}</strong>
                  </td>
                </tr>
              </tbody>
            </table>
          </section>
          <section aria-labelledby="customer-h">
            <h2 id="customer-h">{t('customer')}</h2>
            <p>
              {o.customer.name}
              <br />
              <a href={`mailto:${o.customer.email}`}>{o.customer.email}</a>
              {o.customer.address !== undefined && (
                <>
                  <br />
                  {typeof o.customer.address === 'string'
                    ? o.customer.address
                    : Object.values(o.customer.address as object).join(', ')}
                </>
              )}
            </p>
            {o.source === 'shop' && (
              <p data-testid="order-shop">
                {t('shopRef')}: <strong>{o.externalRef ?? '—'}</strong>
                <br />
                <small>{t('fromShop', { id: o.configurationId ?? '—' })}</small>
              </p>
            )}
          </section>
          <section aria-labelledby="history-h">
            <h2 id="history-h">{t('history')}</h2>
            <ol>
              {o.history.map((h, i) => (
                <li key={i}>
                  <StatusChip status={h.to as Status} /> {new Date(h.at).toLocaleString(locale)} ·{' '}
                  {t('by', { who: h.by ?? t('byCustomer') })}
                  {h.note ? ` — ${h.note}` : ''}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <div>
          <section aria-labelledby="snap-h">
            <h2 id="snap-h">{t('snapshot')}</h2>
            {o.snapshotUrl ? <img className="snapshot" src={o.snapshotUrl} alt={t('snapshot')} /> : <p>{t('noSnapshot')}</p>}
          </section>
          {product && (
            <section aria-labelledby="preview-h">
              <h2 id="preview-h">{t('preview')}</h2>
              <Suspense fallback={<Loading />}>
                <ProductPreview
                  ref={preview}
                  product={product}
                  configuration={o.configuration}
                  modelUrl={assetUrl(o.assetBase, product.model.file)}
                  assetUrl={(rel) => assetUrl(o.assetBase, rel)}
                  description={`${textIn(o.productName, locale)} ${o.variantCode}`}
                />
              </Suspense>
              <button type="button" className="btn" onClick={() => void downloadGlb()}>
                {t('downloadGlb')}
              </button>
            </section>
          )}
        </div>
      </div>
    </>
  );
}
