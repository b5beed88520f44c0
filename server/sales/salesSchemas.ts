import { Id, Locale, ORDER_STATUSES } from '../../catalog/index.js';
import { singleLine } from '../http/text.js';
import { z } from '../http/zod.js';

export { ORDER_STATUSES };
export const OrderStatusSchema = z.enum(ORDER_STATUSES).openapi('OrderStatus');
export type SalesStatus = z.infer<typeof OrderStatusSchema>;

export const SORT_KEYS = ['createdAt', 'number', 'total', 'customer'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const DateBound = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'a date (2026-01-31) or an ISO UTC time (2026-01-31T12:00:00Z)')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');

/** The filters shared by the table and the exports. `to` is inclusive: a plain date means up to its end. */
export const OrderFilters = z.object({
  from: DateBound.optional().openapi({ description: 'Orders placed on or after this date/time (UTC)' }),
  to: DateBound.optional().openapi({ description: 'Orders placed on or before this date (whole day) or time (UTC)' }),
  product: Id.optional(),
  status: z
    .string()
    .max(100)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(OrderStatusSchema).max(4))
    .optional()
    .openapi({ description: 'One status or several, comma-separated', example: 'received,in_production' }),
  q: singleLine().trim().max(200).optional().openapi({
    description: 'Free text: order number, customer name or e-mail, variant code, personal text or option, product name',
  }),
  source: z
    .enum(['site', 'shop'])
    .optional()
    .openapi({ description: "Where orders came from: 'site' (its own review page, the API) or 'shop' (a saved configuration)" }),
  ref: z.string().trim().min(1).max(200).optional().openapi({ description: "A shop's reference (externalRef), exactly" }),
});
export type OrderFilters = z.infer<typeof OrderFilters> & {
  /** Set by the server (SalesRepository.withProductNames), never read from a request: products whose name holds `q`. */
  qProducts?: string[];
};

export const ListQuery = OrderFilters.extend({
  sort: z
    .enum([...SORT_KEYS, ...SORT_KEYS.map((k) => `-${k}` as const)] as [string, ...string[]])
    .default('-createdAt')
    .openapi({ description: 'Sort key; a leading "-" sorts descending' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(500)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional()
    .openapi({ description: 'nextCursor of the previous page (keyset pagination)' }),
  count: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({ description: 'Also count the matching orders (capped at 10,000)' }),
});
export type ListQuery = z.infer<typeof ListQuery>;

/** The language labels and values are described in (every export format, an order's lines). */
const LocaleParam = Locale.default('en').openapi({ description: 'Language of labels and values (en, nl, …)', example: 'nl' });

export const ExportQuery = OrderFilters.extend({
  format: z.enum(['csv', 'csv-long', 'xlsx', 'jsonl']).default('csv'),
  locale: LocaleParam,
});

export const DetailQuery = z.object({ locale: LocaleParam });
export type ExportQuery = z.infer<typeof ExportQuery>;

export const OrderIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,40}$/, 'not an order id') });

export const StatusChange = z
  .strictObject({
    status: OrderStatusSchema,
    note: z.string().trim().max(1000).optional(),
    trackingNumber: z.string().trim().min(1).max(100).optional().openapi({ description: 'Only with status "shipped"' }),
    carrier: z.string().trim().min(1).max(100).optional().openapi({ description: 'Only with status "shipped", e.g. PostNL' }),
  })
  .refine((c) => c.status === 'shipped' || (c.trackingNumber === undefined && c.carrier === undefined), {
    message: 'a tracking number and carrier go with status "shipped" only',
    path: ['trackingNumber'],
  })
  .openapi('StatusChange');

export const OrderRowDto = z
  .object({
    id: z.string(),
    number: z.number().int(),
    createdAt: z.string(),
    customerName: z.string(),
    customerEmail: z.string(),
    productId: z.string(),
    productName: z.union([z.string(), z.record(z.string(), z.string())]).openapi({
      description: "The product name in the order's catalog version (text or { en, nl, … })",
    }),
    version: z.number().int(),
    variantCode: z.string(),
    quantity: z.number().int(),
    total: z.number().int(),
    currency: z.string(),
    status: OrderStatusSchema,
    source: z.enum(['site', 'shop']),
    externalRef: z.string().nullable(),
  })
  .openapi('SalesOrderRow');
export type OrderRowDto = z.infer<typeof OrderRowDto>;

export const OrderPage = z
  .object({
    orders: z.array(OrderRowDto),
    nextCursor: z.string().nullable(),
    count: z.number().int().optional(),
    countCapped: z.boolean().optional(),
  })
  .openapi('SalesOrderPage');

export const HistoryEntry = z
  .object({
    from: z.string().nullable(),
    to: z.string(),
    at: z.string(),
    by: z.string().nullable().openapi({ description: 'E-mail of who made the change; null for the customer placing it' }),
    note: z.string().nullable(),
  })
  .openapi('StatusHistoryEntry');

export const ConfigLine = z
  .object({
    attr: z.string(),
    kind: z.string(),
    label: z.string().openapi({ description: 'The attribute label in that catalog version, in the locale asked for' }),
    value: z.string().nullable().openapi({ description: 'The stored value: option id, personal text or null' }),
    text: z.string().openapi({ description: 'The value in the words the shopper saw ("No armrests", “JD”)' }),
    sku: z.string().nullable(),
  })
  .openapi('ConfigurationLine');

export const SalesOrderDetail = z
  .object({
    id: z.string(),
    number: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    status: OrderStatusSchema,
    allowedTransitions: z.array(OrderStatusSchema).openapi({
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
    source: z.enum(['site', 'shop']),
    externalRef: z.string().nullable(),
    configurationId: z.string().nullable(),
    productionSheetUrl: z.string(),
    assetBase: z.string(),
    product: z.unknown().openapi({ description: 'The product document of that catalog version (to rebuild the 3D preview)' }),
    history: z.array(HistoryEntry),
  })
  .openapi('SalesOrderDetail');
export type SalesOrderDetail = z.infer<typeof SalesOrderDetail>;
