import { z } from 'zod';
import { ORDER_STATUSES, type OrderStatus } from '../../catalog/index.js';
import { requestJson } from '../api/http.js';
import { fetchMe, sessionInit, signIn, signOut, type Me } from '../api/session.js';

export const STATUSES = ORDER_STATUSES;
export type Status = OrderStatus;
const StatusZ = z.enum(STATUSES);

export type { Me };

const Row = z.object({
  id: z.string(),
  number: z.number(),
  createdAt: z.string(),
  customerName: z.string(),
  customerEmail: z.string(),
  productId: z.string(),
  productName: z.unknown(),
  version: z.number(),
  variantCode: z.string(),
  quantity: z.number(),
  total: z.number(),
  currency: z.string(),
  status: StatusZ,
  source: z.enum(['site', 'shop']).default('site'),
  externalRef: z.string().nullable().default(null),
});
export type OrderRow = z.infer<typeof Row>;
const Page = z.object({
  orders: z.array(Row),
  nextCursor: z.string().nullable(),
  count: z.number().optional(),
  countCapped: z.boolean().optional(),
});
export type OrderPage = z.infer<typeof Page>;

const Detail = z.object({
  id: z.string(),
  number: z.number(),
  createdAt: z.string(),
  status: StatusZ,
  allowedTransitions: z.array(StatusZ),
  trackingNumber: z.string().nullable(),
  carrier: z.string().nullable(),
  productId: z.string(),
  productName: z.unknown(),
  version: z.number(),
  variantCode: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  total: z.number(),
  currency: z.string(),
  price: z.object({ lines: z.array(z.looseObject({ label: z.unknown(), amount: z.number() })), total: z.number() }),
  configuration: z.record(z.string(), z.string().nullable()),
  lines: z.array(
    z.object({
      attr: z.string(),
      kind: z.string(),
      label: z.string(),
      value: z.string().nullable(),
      text: z.string(),
      sku: z.string().nullable(),
    }),
  ),
  customer: z.object({ name: z.string(), email: z.string(), address: z.unknown().optional() }),
  snapshotUrl: z.string().nullable(),
  source: z.enum(['site', 'shop']).default('site'),
  externalRef: z.string().nullable().default(null),
  configurationId: z.string().nullable().default(null),
  productionSheetUrl: z.string(),
  assetBase: z.string(),
  product: z.unknown(),
  history: z.array(
    z.object({
      from: z.string().nullable(),
      to: z.string(),
      at: z.string(),
      by: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});
export type OrderDetail = z.infer<typeof Detail>;

const Settings = z.object({
  url: z.string().nullable(),
  enabled: z.boolean(),
  secretSet: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type WebhookSettings = z.infer<typeof Settings>;
const Deliveries = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      event: z.string(),
      orderId: z.string(),
      status: z.string(),
      attempts: z.number(),
      nextAttemptAt: z.string().nullable(),
      lastStatusCode: z.number().nullable(),
      lastError: z.string().nullable(),
      createdAt: z.string(),
      deliveredAt: z.string().nullable(),
    }),
  ),
});
export type Delivery = z.infer<typeof Deliveries>['deliveries'][number];

export interface StatusChangeBody {
  status: Status;
  note?: string;
  trackingNumber?: string;
  carrier?: string;
}

export interface Filters {
  from?: string;
  to?: string;
  product?: string;
  status?: Status[];
  q?: string;
  source?: 'site' | 'shop';
  /** A shop's reference (externalRef), exactly. */
  ref?: string;
}

/** Query string of the filters (the same for the table and the exports). */
export function filterParams(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.product) p.set('product', f.product);
  if (f.status?.length) p.set('status', f.status.join(','));
  if (f.q?.trim()) p.set('q', f.q.trim());
  if (f.source) p.set('source', f.source);
  if (f.ref?.trim()) p.set('ref', f.ref.trim());
  return p;
}

const json = (body: unknown, method = 'POST'): RequestInit => sessionInit(method, body);

export const salesApi = {
  me: fetchMe,
  login: signIn,
  logout: signOut,
  list(f: Filters, sort: string, cursor: string | null, signal?: AbortSignal) {
    const p = filterParams(f);
    p.set('sort', sort);
    p.set('limit', '25');
    p.set('count', 'true');
    if (cursor) p.set('cursor', cursor);
    return requestJson(`/api/sales/orders?${p}`, Page, { signal });
  },
  detail: (id: string, locale: string, signal?: AbortSignal) =>
    requestJson(`/api/sales/orders/${encodeURIComponent(id)}?locale=${encodeURIComponent(locale)}`, Detail, { signal }),
  setStatus: (id: string, change: StatusChangeBody, locale: string) =>
    requestJson(`/api/sales/orders/${encodeURIComponent(id)}/status?locale=${encodeURIComponent(locale)}`, Detail, json(change)),
  /** The export of the filtered orders, its values in the clerk's language. */
  exportUrl(f: Filters, format: 'csv' | 'csv-long' | 'xlsx' | 'jsonl', locale: string) {
    const p = filterParams(f);
    p.set('format', format);
    p.set('locale', locale);
    return `/api/sales/orders/export?${p}`;
  },
  webhook: (signal?: AbortSignal) => requestJson('/api/sales/webhook', Settings, { signal }),
  saveWebhook: (body: { url: string; secret?: string; enabled: boolean }) =>
    requestJson('/api/sales/webhook', Settings, json(body, 'PUT')),
  testWebhook: () =>
    requestJson(
      '/api/sales/webhook/test',
      z.object({ ok: z.boolean(), statusCode: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() }),
      json({}),
    ),
  resend: async (id: string) => {
    const res = await fetch(`/api/sales/webhook/deliveries/${encodeURIComponent(id)}/resend`, json({}));
    if (!res.ok)
      throw new Error(
        ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`,
      );
  },
  deliveries: (signal?: AbortSignal) => requestJson('/api/sales/webhook/deliveries?limit=100', Deliveries, { signal }),
};
