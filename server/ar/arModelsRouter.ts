import express, { Router } from 'express';
import type { AppContext } from '../context.js';
import { scheduleHourlyPurge } from '../db/purge.js';
import { AppError } from '../http/AppError.js';
import { parseParams } from '../http/validate.js';
import { z } from '../http/zod.js';
import { ArModelStore, arModelUrl, checkGlb, type ArModelStoreOptions } from './arModels.js';
import { ArModelsRepository } from './arModelsRepository.js';

const FileParams = z.object({ file: z.string().regex(/^[0-9a-f]{64}\.glb$/, 'an AR model file name is <sha256>.glb') });
const Stored = z.object({ sha256: z.string(), url: z.string() });
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/**
 * AR on Android (#15): Scene Viewer opens a .glb by URL, and a variant configured in the browser
 * has none; the browser posts its export here and hands Scene Viewer this server's URL, so no
 * third-party host is involved. Anyone may post (shoppers are anonymous): the store is bounded
 * (ArModelStore, in the database: any instance serves what another took) and accepts only whole
 * .glb files up to MAX_MODEL_BYTES.
 */
export function createArModelsRouter(ctx: AppContext, options: ArModelStoreOptions = {}): Router {
  const r = Router();
  const limit = ctx.config.maxModelBytes ?? DEFAULT_MAX_BYTES;
  const store = new ArModelStore(new ArModelsRepository(ctx.db), { ...ctx.config.arModels, ...options });
  // Expired models are deleted a minute after start, then hourly (until then they are only not served).
  scheduleHourlyPurge(ctx.logger, 'expired AR models', () => store.purgeExpired());

  ctx.api.route(
    r,
    {
      method: 'post',
      path: '/api/ar-models',
      tags: ['catalog'],
      summary: 'Store a configured variant as .glb for a phone AR viewer (Android Scene Viewer) to fetch',
      request: { body: { content: { 'model/gltf-binary': { schema: z.string().openapi({ format: 'binary' }) } } } },
      responses: {
        201: { description: 'Stored', content: { 'application/json': { schema: Stored } } },
        400: { description: 'Empty body' },
        413: { description: 'Larger than MAX_MODEL_BYTES' },
        422: { description: 'Not a whole glTF 2.0 binary' },
      },
    },
    express.raw({ type: () => true, limit }),
    async (req, res) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw AppError.badRequest('send the .glb as the request body');
      const check = checkGlb(req.body);
      if (!check.ok) throw new AppError(422, 'bad_model', check.message);
      const sha256 = await store.put(Buffer.from(req.body));
      res.status(201).json({ sha256, url: arModelUrl(sha256) });
    },
  );

  // Binary; named by its hash, so it never changes (but is kept for an hour or so only).
  r.get('/api/ar-models/:file', async (req, res) => {
    const { file } = parseParams(req, FileParams);
    const glb = await store.get(file.slice(0, 64));
    if (!glb) throw AppError.notFound('no such AR model (they are kept for an hour): configure it again');
    res.setHeader('Content-Type', 'model/gltf-binary');
    res.setHeader('Cache-Control', 'public, max-age=3600, immutable');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Scene Viewer fetches from its own app, not from our page.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Content-Length', glb.length);
    res.end(glb);
  });

  return r;
}
