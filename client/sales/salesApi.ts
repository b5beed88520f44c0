import type { z } from 'zod';
import { OrderPage, SalesOrderDetail, type StatusChange } from '../../catalog/api/salesContract.js';
import {
  WebhookDeliveries,
  WebhookSettings,
  type WebhookSettingsInput,
  WebhookTestAnswer,
} from '../../catalog/api/webhookContract.js';
import { ORDER_STATUSES, type OrderStatus } from '../../catalog/index.js';
import { requestJson } from '../api/http.js';
import { fetchMe, sessionInit, signIn, signOut, type Me } from '../api/session.js';

export const STATUSES = ORDER_STATUSES;
export type Status = OrderStatus;

export type { Me };

// The bodies are the shared contract (catalog/api/), the server's very schemas.
export type { OrderPage, OrderRow, SalesOrderDetail as OrderDetail } from '../../catalog/api/salesContract.js';
export type { WebhookDelivery as Delivery, WebhookSettings } from '../../catalog/api/webhookContract.js';
export type StatusChangeBody = StatusChange;

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
    return requestJson(`/api/sales/orders?${p}`, OrderPage, { signal });
  },
  detail: (id: string, locale: string, signal?: AbortSignal) =>
    requestJson(`/api/sales/orders/${encodeURIComponent(id)}?locale=${encodeURIComponent(locale)}`, SalesOrderDetail, { signal }),
  setStatus: (id: string, change: StatusChangeBody, locale: string) =>
    requestJson(
      `/api/sales/orders/${encodeURIComponent(id)}/status?locale=${encodeURIComponent(locale)}`,
      SalesOrderDetail,
      json(change),
    ),
  /** The export of the filtered orders, its values in the clerk's language. */
  exportUrl(f: Filters, format: 'csv' | 'csv-long' | 'xlsx' | 'jsonl', locale: string) {
    const p = filterParams(f);
    p.set('format', format);
    p.set('locale', locale);
    return `/api/sales/orders/export?${p}`;
  },
  webhook: (signal?: AbortSignal) => requestJson('/api/sales/webhook', WebhookSettings, { signal }),
  saveWebhook: (body: z.input<typeof WebhookSettingsInput>) =>
    requestJson('/api/sales/webhook', WebhookSettings, json(body, 'PUT')),
  testWebhook: () => requestJson('/api/sales/webhook/test', WebhookTestAnswer, json({})),
  resend: async (id: string) => {
    const res = await fetch(`/api/sales/webhook/deliveries/${encodeURIComponent(id)}/resend`, json({}));
    if (!res.ok)
      throw new Error(
        ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`,
      );
  },
  deliveries: (signal?: AbortSignal) => requestJson('/api/sales/webhook/deliveries?limit=100', WebhookDeliveries, { signal }),
};
