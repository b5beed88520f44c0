import { lazy, Suspense, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatMoney, parseProduct, statusRank } from '../../catalog/index.js';
import { assetUrl } from '../api/products.js';
import type { ProductPreviewHandle } from '../scene/ProductPreview.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { useAsync } from '../ui/useAsync.js';
import { salesApi, type OrderDetail, type Status, type StatusChangeBody } from './salesApi.js';
import { textIn, useSalesT } from './salesMessages.js';
import { StatusChip } from './StatusChip.js';

// three.js only loads when an order is opened, not for the table.
const ProductPreview = lazy(() => import('../scene/ProductPreview.js').then((m) => ({ default: m.ProductPreview })));

export function OrderDetailPage() {
  const { id = '' } = useParams();
  const { t, locale } = useSalesT();
  const [state, retry] = useAsync((signal) => salesApi.detail(id, locale, signal), `${id}|${locale}`);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage what={t('order', { n: id })} error={state.error} onRetry={retry} />;
  return <Detail key={`${state.value.id}|${locale}`} initial={state.value} />;
}

function Detail({ initial }: { initial: OrderDetail }) {
  const { t, locale } = useSalesT();
  const [o, setO] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The move waiting for a confirmation (cancel, ship: the customer is told). */
  const [confirming, setConfirming] = useState<Status | null>(null);
  /** The last move made here, to undo it while it still can be. */
  const [done, setDone] = useState<{ from: Status; to: Status } | null>(null);
  const preview = useRef<ProductPreviewHandle>(null);
  const parsed = parseProduct(o.product);
  const product = parsed.ok ? parsed.product : null;
  const money = (m: number) => formatMoney(m, o.currency, locale);

  const move = (change: StatusChangeBody, undoing = false) => {
    setBusy(true);
    setError(null);
    const from = o.status;
    salesApi.setStatus(o.id, change, locale).then(
      (next) => {
        setO(next);
        setBusy(false);
        setConfirming(null);
        setDone(undoing ? null : { from, to: change.status });
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
              className={s === 'cancelled' || isBack(o.status, s) ? 'btn' : 'btn btn-primary'}
              disabled={busy}
              onClick={() => (s === 'cancelled' || s === 'shipped' ? setConfirming(s) : move({ status: s }))}
            >
              {isBack(o.status, s) ? t(s === 'received' ? 'back.received' : 'back.in_production') : t(`to.${s}`)}
            </button>
          ))}
          <a className="btn" href={o.productionSheetUrl} target="_blank" rel="noreferrer">
            {t('productionSheet')}
          </a>
        </div>
        {done && o.status === done.to && (
          <p className="notice" role="status" data-testid="status-done">
            {t(`done.${done.to}`, { n: o.number })}{' '}
            {o.allowedTransitions.includes(done.from) && (
              <button type="button" className="btn btn-small" disabled={busy} onClick={() => move({ status: done.from }, true)}>
                {t('undo')}
              </button>
            )}
          </p>
        )}
        {error !== null && <ErrorMessage what={t('actions')} error={error} />}
      </section>
      {confirming === 'cancelled' && (
        <ConfirmDialog
          title={t('confirm.cancelled.title', { n: o.number })}
          confirmLabel={t('confirm.cancelled.ok')}
          cancelLabel={t('keep')}
          danger
          busy={busy}
          onConfirm={() => move({ status: 'cancelled' })}
          onCancel={() => setConfirming(null)}
        >
          <p>{t('confirm.cancelled.body')}</p>
          <p>{t('confirm.cancelled.undo', { status: t(`status.${o.status}`).toLowerCase() })}</p>
        </ConfirmDialog>
      )}
      {confirming === 'shipped' && (
        <ConfirmDialog
          title={t('confirm.shipped.title', { n: o.number })}
          confirmLabel={t('confirm.shipped.ok')}
          cancelLabel={t('keep')}
          busy={busy}
          onConfirm={(f) => {
            const trackingNumber = String(f.get('trackingNumber') ?? '').trim();
            const carrier = String(f.get('carrier') ?? '').trim();
            move({ status: 'shipped', ...(trackingNumber ? { trackingNumber } : {}), ...(carrier ? { carrier } : {}) });
          }}
          onCancel={() => setConfirming(null)}
        >
          <p>{t('confirm.shipped.body')}</p>
          <label>
            {t('trackingNumber')}
            <input name="trackingNumber" maxLength={100} autoComplete="off" />
          </label>
          <label>
            {t('carrier')}
            <input name="carrier" maxLength={100} placeholder={t('carrierHint')} />
          </label>
          <p>{t('confirm.shipped.undo')}</p>
        </ConfirmDialog>
      )}

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
                  <tr key={l.attr} data-attr={l.attr}>
                    <td>{l.label}</td>
                    <td>{l.text}</td>
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
            <address className="address-block" data-testid="address">
              {[o.customer.name, ...addressLines(o.customer.address)].map((line, i) => (
                <span key={i}>{line}</span>
              ))}
              <a href={`mailto:${o.customer.email}`}>{o.customer.email}</a>
            </address>
            {o.source === 'shop' && (
              <p data-testid="order-shop">
                {t('shopRef')}: <strong>{o.externalRef ?? '—'}</strong>
                <br />
                <small>{t('fromShop', { id: o.configurationId ?? '—' })}</small>
              </p>
            )}
          </section>
          {(o.trackingNumber || o.carrier) && (
            <section aria-labelledby="tracking-h">
              <h2 id="tracking-h">{t('tracking')}</h2>
              <dl className="summary-list" data-testid="tracking">
                <dt>{t('carrier')}</dt>
                <dd>{o.carrier ?? '—'}</dd>
                <dt>{t('trackingNumber')}</dt>
                <dd>
                  <code>{o.trackingNumber ?? '—'}</code>
                </dd>
              </dl>
            </section>
          )}
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

/** A move back (an undo): to an earlier step, or out of "cancelled". */
function isBack(from: Status, to: Status): boolean {
  return from === 'cancelled' || statusRank(to) < statusRank(from);
}

/** A stored address as the lines of an envelope: street, extra line, postcode and city, country. */
export function addressLines(address: unknown): string[] {
  if (address === undefined || address === null) return [];
  if (typeof address === 'string') return address.split(/\s*[,\n]\s*/).filter(Boolean);
  const a = address as { line1?: string; line2?: string; postalCode?: string; city?: string; country?: string };
  return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.country].filter((l): l is string => !!l);
}
