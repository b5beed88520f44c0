import { Router } from 'express';
import type { AppContext } from '../context.js';
import { z } from '../http/zod.js';

const ShopSettings = z.object({
  publicUrl: z
    .string()
    .nullable()
    .openapi({ description: 'PUBLIC_URL: where shoppers reach this shop (no trailing slash), if set' }),
});

/**
 * GET /api/shop: the server's settings the storefront needs. The desktop's AR QR code must open on
 * a phone, so it names the shop by PUBLIC_URL rather than by whatever address this browser used.
 */
export function createShopRouter(ctx: AppContext): Router {
  const r = Router();
  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/shop',
      tags: ['catalog'],
      summary: "The shop's public settings (its public address)",
      responses: { 200: { description: 'The settings', content: { 'application/json': { schema: ShopSettings } } } },
    },
    (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.json({ publicUrl: ctx.config.publicUrl ?? null });
    },
  );
  return r;
}
