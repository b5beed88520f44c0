import { z } from 'zod';
import type { ConfigurationBody } from '../../catalog/flow/types.js';
import { requestJson } from './http.js';

export const SavedConfiguration = z.looseObject({
  id: z.string(),
  productId: z.string(),
  version: z.number().int(),
  variantCode: z.string(),
  total: z.number().int(),
  currency: z.string(),
  snapshotUrl: z.string().nullable(),
  expiresAt: z.string(),
});
export type SavedConfiguration = z.infer<typeof SavedConfiguration>;

/** POST /api/configurations: the server completes, checks and prices the choices and keeps the result. */
export function saveConfiguration(body: ConfigurationBody): Promise<SavedConfiguration> {
  return requestJson('/api/configurations', SavedConfiguration, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}
