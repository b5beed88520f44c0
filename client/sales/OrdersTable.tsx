import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatMoney } from '../../catalog/index.js';
import { listProducts } from '../api/products.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { useAsync } from '../ui/useAsync.js';
import { salesApi, STATUSES, type Filters, type Status } from './salesApi.js';
import { textIn, useSalesT } from './salesMessages.js';
import { StatusChip } from './StatusChip.js';

const SOURCES = ['site', 'shop'] as const;
const EXPORTS = [
  ['csv', 'exportCsv'],
  ['csv-long', 'exportCsvLong'],
  ['xlsx', 'exportXlsx'],
  ['jsonl', 'exportJsonl'],
] as const;
const SORTABLE = { number: 'number', createdAt: 'date', customer: 'customer', total: 'total' } as const;

/** Filters and sort live in the address (shareable, back button works); pages are a cursor stack. */
function readFilters(p: URLSearchParams): Filters {
  return {
    from: p.get('from') ?? undefined,
    to: p.get('to') ?? undefined,
    product: p.get('product') ?? undefined,
    status: (p.get('status') ?? '').split(',').filter((s): s is Status => (STATUSES as readonly string[]).includes(s)),
    q: p.get('q') ?? undefined,
    source: SOURCES.find((s) => s === p.get('source')),
    ref: p.get('ref') ?? undefined,
  };
}

export function OrdersTable() {
  const { t, locale } = useSalesT();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const sort = params.get('sort') ?? '-createdAt';
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const key = `${params.toString()}|${cursor}`;
  const [page, retry] = useAsync((signal) => salesApi.list(filters, sort, cursor, signal), key);
  const [products] = useAsync((signal) => listProducts(signal), 'products');

  const update = (next: Filters, nextSort = sort) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...next, status: next.status?.join(',') })) if (v) p.set(k, String(v));
    if (nextSort !== '-createdAt') p.set('sort', nextSort);
    setCursors([null]);
    setParams(p);
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    update({
      ...filters,
      from: String(f.get('from') ?? ''),
      to: String(f.get('to') ?? ''),
      product: String(f.get('product') ?? ''),
      q: String(f.get('q') ?? ''),
      source: SOURCES.find((s) => s === f.get('source')),
      ref: String(f.get('ref') ?? ''),
    });
  };
  const toggleStatus = (s: Status) => {
    const has = filters.status?.includes(s);
    update({ ...filters, status: has ? filters.status!.filter((x) => x !== s) : [...(filters.status ?? []), s] });
  };
  const sortBy = (k: string) => update(filters, sort === `-${k}` ? k : `-${k}`);
  const arrow = (k: string) => (sort === k ? ' ▲' : sort === `-${k}` ? ' ▼' : '');
  const ariaSort = (k: string) => (sort === k ? 'ascending' : sort === `-${k}` ? 'descending' : 'none');

  return (
    <>
      <h1>{t('orders')}</h1>
      <form className="sales-filters" onSubmit={submit} key={params.toString()}>
        <label>
          {t('from')}
          <input type="date" name="from" defaultValue={filters.from} />
        </label>
        <label>
          {t('to')}
          <input type="date" name="to" defaultValue={filters.to} />
        </label>
        <label>
          {t('product')}
          <select name="product" defaultValue={filters.product ?? ''}>
            <option value="">{t('anyProduct')}</option>
            {products.status === 'done' &&
              products.value.map((p) => (
                <option key={p.id} value={p.id}>
                  {typeof p.name === 'string' ? p.name : (p.name[locale] ?? p.name.en)}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('search')}
          <input
            type="search"
            name="q"
            defaultValue={filters.q}
            placeholder={t('searchHintMore')}
            title={t('searchHintMore')}
            size={40}
          />
        </label>
        <label>
          {t('source')}
          <select name="source" defaultValue={filters.source ?? ''}>
            <option value="">{t('anySource')}</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`source.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('shopRef')}
          <input type="search" name="ref" defaultValue={filters.ref} placeholder={t('shopRefHint')} size={16} />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('apply')}
        </button>
        <button type="button" className="btn" onClick={() => update({})}>
          {t('clear')}
        </button>
        <fieldset aria-label={t('status')}>
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              className={`status-chip status-${s} chip-toggle`}
              aria-pressed={filters.status?.includes(s) ?? false}
              onClick={() => toggleStatus(s)}
            >
              {t(`status.${s}`)}
            </button>
          ))}
        </fieldset>
      </form>

      <div className="sales-exports" role="group" aria-label={t('export')}>
        <span>{t('export')}:</span>
        {EXPORTS.map(([format, label]) => (
          <a key={format} className="btn btn-small" href={salesApi.exportUrl(filters, format, locale)} download>
            {t(label)}
          </a>
        ))}
      </div>

      {page.status === 'loading' && <Loading />}
      {page.status === 'error' && <ErrorMessage what={t('orders')} error={page.error} onRetry={retry} />}
      {page.status === 'done' && (
        <>
          <p aria-live="polite">
            {page.value.countCapped
              ? t('matchesMore', { n: (page.value.count ?? 0).toLocaleString(locale) })
              : t('matches', { n: (page.value.count ?? 0).toLocaleString(locale) })}
          </p>
          {page.value.orders.length === 0 ? (
            <p>{t('noOrders')}</p>
          ) : (
            <table className="sales-table">
              <thead>
                <tr>
                  {(['number', 'createdAt', 'customer'] as const).map((k) => (
                    <th key={k} aria-sort={ariaSort(k)} className={k === 'number' ? 'num' : undefined}>
                      <button type="button" onClick={() => sortBy(k)}>
                        {t(SORTABLE[k])}
                        {arrow(k)}
                      </button>
                    </th>
                  ))}
                  <th>{t('product')}</th>
                  <th>{t('variant')}</th>
                  <th className="num">{t('quantity')}</th>
                  <th className="num" aria-sort={ariaSort('total')}>
                    <button type="button" onClick={() => sortBy('total')}>
                      {t('total')}
                      {arrow('total')}
                    </button>
                  </th>
                  <th>{t('status')}</th>
                  <th>{t('source')}</th>
                </tr>
              </thead>
              <tbody>
                {page.value.orders.map((o) => (
                  <tr key={o.id}>
                    <td className="num">
                      <Link to={`/sales/orders/${o.id}`}>{o.number}</Link>
                    </td>
                    <td>{new Date(o.createdAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                    <td>
                      {o.customerName}
                      <br />
                      <small>{o.customerEmail}</small>
                    </td>
                    <td title={o.productId}>{textIn(o.productName, locale) || o.productId}</td>
                    <td>
                      <code>{o.variantCode}</code>
                    </td>
                    <td className="num">{o.quantity}</td>
                    <td className="num">{formatMoney(o.total, o.currency, locale)}</td>
                    <td>
                      <StatusChip status={o.status} />
                    </td>
                    <td data-testid="order-source">
                      {t(`source.${o.source}`)}
                      {o.externalRef && (
                        <>
                          <br />
                          <small>{o.externalRef}</small>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="sales-pager">
            <button type="button" className="btn" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('previous')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={!page.value.nextCursor}
              onClick={() => setCursors((c) => [...c, page.value.nextCursor])}
            >
              {t('next')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
