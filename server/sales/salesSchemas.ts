import { OrderStatusSchema } from '../../catalog/api/salesContract.js';
import { Id, Locale, ORDER_STATUSES } from '../../catalog/index.js';
import { singleLine } from '../http/text.js';
import { z } from '../http/zod.js';

/*
 * The queries and path parameters of the sales desk and its exports. The request and response
 * bodies are the shared contract in catalog/api/salesContract.ts, which the client imports too.
 */

export { ORDER_STATUSES };
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
