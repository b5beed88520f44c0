import { z } from 'zod';
import { requestJson } from './http.js';

const ShopSettings = z.object({ publicUrl: z.string().nullable() });
export type ShopSettings = z.infer<typeof ShopSettings>;

let settings: Promise<ShopSettings> | undefined;

/** GET /api/shop, asked once a page load; without an answer the shop has no public address set. */
export function shopSettings(): Promise<ShopSettings> {
  return (settings ??= requestJson('/api/shop', ShopSettings).catch(() => {
    settings = undefined;
    return { publicUrl: null };
  }));
}
