import { RecommendationAnswer } from '../../catalog/recommend/recommendationAnswer.js';
import { requestJson } from './http.js';

export { RecommendationAnswer };

/** What customers with similar choices took, for the choices in a share code (the server's schema, checked at this edge). */
export const getRecommendation = (productId: string, code: string, signal?: AbortSignal) =>
  requestJson(
    `/api/products/${encodeURIComponent(productId)}/recommendation?code=${encodeURIComponent(code)}`,
    RecommendationAnswer,
    signal ? { signal } : {},
  );
