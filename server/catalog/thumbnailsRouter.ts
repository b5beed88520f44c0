import express, { Router } from 'express';
import { MissingThumbnails, StoredThumbnail } from '../../catalog/api/studioContract.js';
import { Id } from '../../catalog/index.js';
import type { AppContext } from '../context.js';
import { AppError } from '../http/AppError.js';
import type { Answer } from '../http/sameType.js';
import { parseParams } from '../http/validate.js';
import { z } from '../http/zod.js';
import { checkThumbnail, THUMBNAIL_MAX_BYTES, thumbnailUrl } from './thumbnails.js';

const FileParams = z.object({ id: Id, file: z.string().regex(/^[0-9a-f]{64}\.png$/, 'a thumbnail file name is <sha256>.png') });
const VersionParams = z.object({ id: Id, version: z.coerce.number().int().min(1).max(1_000_000_000) });

/**
 * Storefront thumbnails: rendered once per published version by the studio (a browser with
 * WebGL, client/studio/thumbnails.ts) and served as images, so a shopper's browser never renders
 * the product list. The bundled catalog ships its own (catalog/data/products/<id>.thumbnail.png).
 */
export function createThumbnailsRouter(ctx: AppContext): Router {
  const r = Router();
  const { api, thumbnails } = ctx;

  // Binary (like /assets/catalog); named by its hash, so cached for good.
  r.get('/api/products/:id/thumbnails/:file', async (req, res) => {
    const { id, file } = parseParams(req, FileParams);
    const sha = file.slice(0, 64);
    const png = await thumbnails.content(id, sha);
    if (!png) throw AppError.notFound('no such thumbnail');
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', `"${sha}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.get('if-none-match') === `"${sha}"`) return void res.status(304).end();
    res.setHeader('Content-Length', png.length);
    res.end(png);
  });

  api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/thumbnails/missing',
      tags: ['studio'],
      roles: ['producer'],
      summary: 'Live products whose current version has no storefront thumbnail yet (the studio renders them)',
      responses: { 200: { description: 'Missing thumbnails', content: { 'application/json': { schema: MissingThumbnails } } } },
    },
    async (_req, res) => void res.json({ missing: await thumbnails.missing() } satisfies Answer<typeof MissingThumbnails>),
  );

  api.route(
    r,
    {
      method: 'put',
      path: '/api/studio/products/:id/versions/:version/thumbnail',
      tags: ['studio'],
      roles: ['producer'],
      summary: 'Store the storefront thumbnail of a published version (a PNG of at most 1024×1024 pixels and 512 KiB)',
      request: {
        params: VersionParams,
        body: { content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
      },
      responses: {
        201: { description: 'Stored', content: { 'application/json': { schema: StoredThumbnail } } },
        404: { description: 'No such version' },
        413: { description: 'Over 512 KiB' },
        422: { description: 'Not a whole PNG, or too large in pixels' },
      },
    },
    express.raw({ type: () => true, limit: THUMBNAIL_MAX_BYTES }),
    async (req, res) => {
      const { id, version } = parseParams(req, VersionParams);
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw AppError.badRequest('send the PNG as the request body');
      const check = checkThumbnail(req.body);
      if (!check.ok) throw new AppError(422, 'bad_thumbnail', check.message);
      const ref = await thumbnails.set(id, version, req.body);
      if (!ref) throw AppError.notFound(`product "${id}" has no version ${version}`);
      res.status(201).json({ ...ref, url: thumbnailUrl(id, ref.sha256) } satisfies Answer<typeof StoredThumbnail>);
    },
  );

  return r;
}
