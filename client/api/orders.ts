import { z } from 'zod';
import type { OrderBody } from '../../catalog/flow/types.js';
import { requestJson } from './http.js';

export const CreatedOrder = z.looseObject({
  id: z.string(),
  number: z.union([z.string(), z.number()]).transform(String),
  total: z.number().int(),
  currency: z.string(),
});
export type CreatedOrder = z.infer<typeof CreatedOrder>;

const PriceLine = z.looseObject({ label: z.unknown(), amount: z.number().int() });

export const OrderView = z.looseObject({
  id: z.string(),
  number: z.union([z.string(), z.number()]).transform(String),
  productId: z.string(),
  version: z.number().int().optional(),
  configuration: z.record(z.string(), z.string().nullable()),
  quantity: z.number().int(),
  unitPrice: z.number().int().optional(),
  total: z.number().int(),
  currency: z.string(),
  variantCode: z.string().optional(),
  status: z.string().optional(),
  createdAt: z.string().optional(),
  /** Where the PNG the consumer saw is served, when one was sent. */
  snapshotUrl: z.string().nullable().optional(),
  price: z.looseObject({ lines: z.array(PriceLine), total: z.number().int() }).optional(),
  customer: z.looseObject({ name: z.string(), email: z.string(), address: z.unknown().optional() }).optional(),
});
export type OrderView = z.infer<typeof OrderView>;

/** A fresh key for one order attempt; the caller keeps it across retries of that attempt. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** POST /api/orders. The same key always yields the same order, so a retry cannot order twice. */
export async function createOrder(body: OrderBody, idempotencyKey: string): Promise<CreatedOrder> {
  return requestJson('/api/orders', CreatedOrder, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify(body),
  });
}

export async function getOrder(id: string, signal?: AbortSignal): Promise<OrderView> {
  return requestJson(`/api/orders/${encodeURIComponent(id)}`, OrderView, { signal });
}
