import { z } from '../http/zod.js';
import { Value } from '../../catalog/index.js';
import type { ConfigurationBody } from '../../catalog/flow/types.js';
import type { Same } from '../http/sameType.js';
import { ChoicesSchema, Customer, OrderRequest, PriceLineDto } from '../orders/orderSchemas.js';

/** The id of a saved configuration: random, unguessable (who holds it may read and order it). */
export const ConfigurationId = z.string().regex(/^[A-Za-z0-9_-]{16,40}$/, 'not a configuration id');
export const ConfigurationIdParams = z.object({ id: ConfigurationId });

/**
 * Save a configuration: only what the consumer chose. The server completes, checks and prices
 * it; a price, total or configuration in the body is refused (400), never stored.
 */
export const ConfigurationRequest = z
  .strictObject({
    productId: OrderRequest.shape.productId,
    version: OrderRequest.shape.version,
    choices: ChoicesSchema,
    snapshot: OrderRequest.shape.snapshot,
  })
  .openapi('ConfigurationRequest');
export type ConfigurationRequest = z.infer<typeof ConfigurationRequest>;
// The client sends catalog/flow's ConfigurationBody: the two must stay the same type, field names too.
const sameContract: Same<ConfigurationRequest, ConfigurationBody> = true;
void sameContract;

export const ConfigurationView = z
  .object({
    id: z.string().openapi({ description: 'Unguessable: who knows it may read the configuration and order it' }),
    productId: z.string(),
    version: z.number().int().openapi({ description: 'The catalog version it was checked and priced on' }),
    choices: ChoicesSchema,
    configuration: z.record(z.string(), Value).openapi({ description: 'Completed by the engine' }),
    variantCode: z.string(),
    price: z.object({ currency: z.string(), lines: z.array(PriceLineDto), total: z.number().int() }),
    total: z.number().int().openapi({ description: 'The unit price, in minor units' }),
    currency: z.string(),
    snapshotUrl: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().openapi({ description: 'After this, reading or ordering it answers 410' }),
  })
  .openapi('Configuration');
export type ConfigurationView = z.infer<typeof ConfigurationView>;

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
