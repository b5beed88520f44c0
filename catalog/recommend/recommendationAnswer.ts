import { z } from 'zod';

const Value = z.union([z.string(), z.null()]);

/**
 * The wire form of `GET /api/products/:id/recommendation`: one schema, imported by the server
 * (its OpenAPI document) and by the client (checked at its edge). `learnedAt` names the model
 * that answered, so an open page can tell a rebuilt model from the one it has.
 */
export const RecommendationAnswer = z.object({
  productId: z.string(),
  version: z.number().int(),
  available: z
    .boolean()
    .meta({ description: 'False when recommendations are off, not learned yet or learned from too few orders' }),
  reason: z.enum(['off', 'not-learned', 'too-few-orders']).optional(),
  orders: z.number().int().meta({ description: 'Orders the model learned from' }),
  minOrders: z.number().int(),
  learnedAt: z
    .string()
    .nullable()
    .meta({ description: 'When the model that answered was learned (null: none yet); a rebuild changes it' }),
  attributes: z
    .record(z.string(), z.object({ value: Value, confidence: z.number() }))
    .optional()
    .meta({ description: 'Per attribute not chosen: the most probable value still valid, and its probability (0–1)' }),
  completion: z
    .record(z.string(), Value)
    .optional()
    .meta({ description: 'The most probable valid configuration keeping the choices' }),
  completionTotal: z.number().int().optional().meta({ description: "The completion's price (minor units)" }),
});
export type RecommendationAnswer = z.infer<typeof RecommendationAnswer>;
