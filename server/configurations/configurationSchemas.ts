import { z } from '../http/zod.js';
import { Value } from '../../catalog/index.js';
import type { ConfigurationBody } from '../../catalog/flow/types.js';
import type { Same } from '../http/sameType.js';
import { ChoicesSchema, ConfigurationId, OrderRequest, PriceLineDto } from '../orders/orderSchemas.js';

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
