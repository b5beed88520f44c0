import { z } from 'zod';
import { ORDER_STATUSES } from '../orders/orderStatus.js';

/*
 * The bodies of the sales desk's routes (/api/sales/orders…): one zod schema each, imported by
 * the server (validation, the OpenAPI document) and by the client (client/sales/salesApi.ts
 * checks every answer against them). Plain zod; `.meta()` carries the OpenAPI words.
 */

export const OrderStatusSchema = z.enum(ORDER_STATUSES).meta({ id: 'OrderStatus' });
const Source = z.enum(['site', 'shop']);

export const StatusChange = z
  .strictObject({
    status: OrderStatusSchema,
    note: z.string().trim().max(1000).optional(),
    trackingNumber: z.string().trim().min(1).max(100).optional().meta({ description: 'Only with status "shipped"' }),
    carrier: z.string().trim().min(1).max(100).optional().meta({ description: 'Only with status "shipped", e.g. PostNL' }),
  })
  .refine((c) => c.status === 'shipped' || (c.trackingNumber === undefined && c.carrier === undefined), {
    message: 'a tracking number and carrier go with status "shipped" only',
    path: ['trackingNumber'],
  })
  .meta({ id: 'StatusChange' });
export type StatusChange = z.input<typeof StatusChange>;

export const OrderRow = z
  .object({
    id: z.string(),
    number: z.number().int(),
    createdAt: z.string(),
    customerName: z.string(),
    customerEmail: z.string(),
    productId: z.string(),
    productName: z.union([z.string(), z.record(z.string(), z.string())]).meta({
      description: "The product name in the order's catalog version (text or { en, nl, … })",
    }),
    version: z.number().int(),
    variantCode: z.string(),
    quantity: z.number().int(),
    total: z.number().int(),
    currency: z.string(),
    status: OrderStatusSchema,
    source: Source,
    externalRef: z.string().nullable(),
  })
  .meta({ id: 'SalesOrderRow' });
export type OrderRow = z.infer<typeof OrderRow>;

export const OrderPage = z
  .object({
    orders: z.array(OrderRow),
    nextCursor: z.string().nullable(),
    count: z.number().int().optional(),
    countCapped: z.boolean().optional(),
  })
  .meta({ id: 'SalesOrderPage' });
export type OrderPage = z.infer<typeof OrderPage>;

export const HistoryEntry = z
  .object({
    from: z.string().nullable(),
    to: z.string(),
    at: z.string(),
    by: z.string().nullable().meta({ description: 'E-mail of who made the change; null for the customer placing it' }),
    note: z.string().nullable(),
  })
  .meta({ id: 'StatusHistoryEntry' });

export const ConfigLine = z
  .object({
    attr: z.string(),
    kind: z.string(),
    label: z.string().meta({ description: 'The attribute label in that catalog version, in the locale asked for' }),
    value: z.string().nullable().meta({ description: 'The stored value: option id, personal text or null' }),
    text: z.string().meta({ description: 'The value in the words the shopper saw ("No armrests", “JD”)' }),
    sku: z.string().nullable(),
  })
  .meta({ id: 'ConfigurationLine' });

export const SalesOrderDetail = z
  .object({
    id: z.string(),
    number: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    status: OrderStatusSchema,
    allowedTransitions: z.array(OrderStatusSchema).meta({
      description:
        'Where the order can go now, moves back included (undo: in production → received, shipped → in production, cancelled → what it was)',
    }),
    trackingNumber: z.string().nullable(),
    carrier: z.string().nullable(),
    productId: z.string(),
    productName: z.unknown(),
    version: z.number().int(),
    variantCode: z.string(),
    quantity: z.number().int(),
    unitPrice: z.number().int(),
    total: z.number().int(),
    currency: z.string(),
    price: z.looseObject({
      currency: z.string(),
      lines: z.array(z.looseObject({ amount: z.number().int() })),
      total: z.number(),
    }),
    configuration: z.record(z.string(), z.string().nullable()),
    lines: z.array(ConfigLine),
    customer: z.object({ name: z.string(), email: z.string(), address: z.unknown().optional() }),
    snapshotUrl: z.string().nullable(),
    source: Source,
    externalRef: z.string().nullable(),
    configurationId: z.string().nullable(),
    productionSheetUrl: z.string(),
    assetBase: z.string(),
    product: z.unknown().meta({ description: 'The product document of that catalog version (to rebuild the 3D preview)' }),
    history: z.array(HistoryEntry),
  })
  .meta({ id: 'SalesOrderDetail' });
export type SalesOrderDetail = z.infer<typeof SalesOrderDetail>;
