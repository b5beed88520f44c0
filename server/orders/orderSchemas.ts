import { singleLine } from '../http/text.js';
import { z } from '../http/zod.js';
import { Id, Value } from '../../catalog/index.js';
import type { OrderBody } from '../../catalog/flow/types.js';
import type { Same } from '../http/sameType.js';

export const MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024;
export const MAX_QUANTITY = 1000;

const ChoiceKey = z.string().max(64);
/** Explicit choices: attribute id → option id, null for none, or the text of a text attribute. */
export const ChoicesSchema = z
  .record(ChoiceKey, Value)
  .refine((c) => Object.keys(c).length <= 2000, { message: 'too many choices' })
  .openapi('Choices', { example: { colour: 'black', size: 'large' } });

const Address = z.union([
  z.string().trim().min(1).max(1000),
  z.strictObject({
    line1: singleLine().trim().min(1).max(200),
    line2: singleLine().trim().max(200).optional(),
    postalCode: singleLine().trim().min(1).max(20),
    city: singleLine().trim().min(1).max(100),
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 country code'),
  }),
]);

export const Customer = z
  .strictObject({
    name: singleLine().trim().min(1).max(200),
    email: z.email().max(320),
    address: Address.optional(),
    /** The language of the customer's order e-mails; the shop's first language (en) when left out. */
    locale: z.enum(['en', 'nl']).optional(),
  })
  .openapi('Customer');

// A base64 data URL of at most 2 MiB of PNG (the check of its bytes follows parsing).
const SNAPSHOT_MAX_CHARS = 'data:image/png;base64,'.length + Math.ceil(MAX_SNAPSHOT_BYTES / 3) * 4;

export const OrderRequest = z
  .strictObject({
    productId: Id,
    version: z.number().int().min(1).max(1_000_000_000),
    choices: ChoicesSchema,
    quantity: z.number().int().min(1).max(MAX_QUANTITY),
    customer: Customer,
    snapshot: z
      .string()
      .max(SNAPSHOT_MAX_CHARS, 'the snapshot is larger than 2 MB')
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'the snapshot is a data:image/png;base64 URL')
      .optional()
      .openapi({ description: 'The PNG the consumer saw, as a data URL (≤ 2 MB)' }),
  })
  .openapi('OrderRequest', {
    description: 'No price: the server completes, checks and prices the choices (a price field is refused, 400)',
  });
export type OrderRequest = z.infer<typeof OrderRequest>;

// One contract: the body the configurator machine builds (catalog/flow) is exactly what this
// schema accepts — tsc fails here if either side gains, loses or retypes a field.
const sameContract: [Same<OrderRequest, OrderBody>, Same<OrderRequest['customer'], OrderBody['customer']>] = [true, true];
void sameContract;

export const IdempotencyKey = z
  .string({ message: 'the Idempotency-Key header is required' })
  .regex(/^[A-Za-z0-9_.:-]{8,200}$/, 'the Idempotency-Key header is 8-200 letters, digits or _.:-');

export const PriceLineDto = z.looseObject({ kind: z.string(), amount: z.number().int() });

export const OrderView = z
  .object({
    id: z.string().openapi({ description: 'Unguessable: who knows it may read the order' }),
    number: z.number().int().openapi({ description: 'Sequential per database, for people' }),
    productId: z.string(),
    version: z.number().int().openapi({ description: 'The catalog version the order was checked and priced on' }),
    choices: ChoicesSchema,
    configuration: z.record(z.string(), Value),
    variantCode: z.string(),
    quantity: z.number().int(),
    unitPrice: z.number().int(),
    total: z.number().int(),
    currency: z.string(),
    price: z.object({ currency: z.string(), lines: z.array(PriceLineDto), total: z.number().int() }),
    customer: z.object({ name: z.string(), email: z.string(), address: z.unknown().optional() }),
    snapshotUrl: z.string().nullable(),
    status: z.string(),
    createdAt: z.string(),
    source: z.enum(['site', 'shop']).openapi({ description: "'shop': placed from a saved configuration (a shop's cart)" }),
    externalRef: z.string().nullable().openapi({ description: "The shop's own reference, as it sent it" }),
    configurationId: z.string().nullable().openapi({ description: 'The saved configuration the order was made from' }),
  })
  .openapi('Order');
export type OrderView = z.infer<typeof OrderView>;

export const OrderIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,40}$/, 'not an order id') });
export const ProductIdParams = z.object({ id: Id });
export const EvaluateRequest = z
  .strictObject({ choices: ChoicesSchema, version: z.number().int().min(1).max(1_000_000_000).optional() })
  .openapi('EvaluateRequest');

/** The id of a saved configuration (server/configurations/): random, unguessable (who holds it may read and order it). */
export const ConfigurationId = z.string().regex(/^[A-Za-z0-9_-]{16,40}$/, 'not a configuration id');

/**
 * An order of a saved configuration (a shop's cart line): the configuration, at the version and
 * price it was saved with, is re-checked by the server; choices or prices in the body are refused.
 */
export const ConfigurationOrderRequest = z
  .strictObject({
    configurationId: ConfigurationId,
    quantity: OrderRequest.shape.quantity,
    customer: Customer,
    externalRef: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\p{Cc}]*$/u, 'no control characters')
      .optional()
      .openapi({ description: "The shop's own reference (its order number or cart line), shown to sales" }),
  })
  .openapi('ConfigurationOrderRequest');
export type ConfigurationOrderRequest = z.infer<typeof ConfigurationOrderRequest>;

/** Whether an order body names a saved configuration (rather than product, version and choices). */
export const isConfigurationOrder = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'configurationId');
