import { z } from 'zod';
import { requestJson } from './http.js';

const Value = z.union([z.string(), z.null()]);

/** GET /api/products/:id/recommendation (server/recommend/recommendRouter.ts), checked at this edge. */
export const RecommendationAnswer = z.object({
  productId: z.string(),
  version: z.number().int(),
  available: z.boolean(),
  reason: z.enum(['off', 'not-learned', 'too-few-orders']).optional(),
  orders: z.number().int(),
  minOrders: z.number().int(),
  attributes: z.record(z.string(), z.object({ value: Value, confidence: z.number() })).optional(),
  completion: z.record(z.string(), Value).optional(),
  completionTotal: z.number().int().optional(),
});
export type RecommendationAnswer = z.infer<typeof RecommendationAnswer>;

/** What customers with similar choices took, for the choices in a share code. */
export const getRecommendation = (productId: string, code: string, signal?: AbortSignal) =>
  requestJson(
    `/api/products/${encodeURIComponent(productId)}/recommendation?code=${encodeURIComponent(code)}`,
    RecommendationAnswer,
    signal ? { signal } : {},
  );
