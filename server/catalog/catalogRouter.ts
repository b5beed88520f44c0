import { Router, type Response } from 'express';
import { z } from '../http/zod.js';
import { Id } from '../../catalog/index.js';
import type { AppContext } from '../context.js';
import { parseParams, parseQuery } from '../http/validate.js';
import type { Asset } from './catalogRepository.js';
import { CatalogService } from './catalogService.js';

const ProductParams = z.object({ id: Id });
const VersionQuery = z.strictObject({ version: z.coerce.number().int().min(1).max(1_000_000_000).optional() });
const Json = z.unknown().openapi({ type: 'object' });
const ProductSummary = z
  .object({
    id: z.string(),
    name: Json,
    description: Json,
    currency: z.string(),
    basePrice: z.number().int(),
    fromPrice: z.number().int().optional().openapi({
      description: 'The price of the cheapest valid configuration (minor units); absent when it could not be computed',
    }),
    version: z.number().int(),
    assetBase: z.string(),
    thumbnailUrl: z.string().optional().openapi({
      description: 'The storefront picture of this version (PNG, cached for good); absent until the studio has rendered it',
    }),
  })
  .openapi('ProductSummary');
const ProductResponse = z
  .object({
    product: Json.openapi({ description: 'The product document (catalog format)' }),
    version: z.number().int(),
    current: z.boolean(),
    publishedAt: z.string(),
    assetBase: z.string().openapi({ example: '/assets/catalog/mini-mug/v1/' }),
  })
  .openapi('ProductVersion');

function sendAsset(res: Response, reqEtag: string | undefined, asset: Asset, immutable: boolean) {
  const etag = `"${asset.sha256}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'public, no-cache');
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (reqEtag && reqEtag.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Length', asset.content.length);
  res.end(asset.content);
}

export function createCatalogRouter(ctx: AppContext): Router {
  const r = Router();
  const { api } = ctx;
  const service = new CatalogService(ctx.catalog, ctx.thumbnails, ctx.engine);

  api.route(
    r,
    {
      method: 'get',
      path: '/api/products',
      tags: ['catalog'],
      summary: 'The published products, each at its current version',
      responses: {
        200: {
          description: 'Products',
          content: { 'application/json': { schema: z.object({ products: z.array(ProductSummary) }) } },
        },
      },
    },
    async (_req, res) => {
      const products = await service.summaries();
      res.setHeader('Cache-Control', 'no-cache');
      res.json({ products });
    },
  );

  api.route(
    r,
    {
      method: 'get',
      path: '/api/products/:id',
      tags: ['catalog'],
      summary: 'A product at its current published version, or at ?version=N',
      request: { params: ProductParams, query: VersionQuery },
      responses: {
        200: { description: 'The product version', content: { 'application/json': { schema: ProductResponse } } },
        404: { description: 'Unknown product or version' },
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, ProductParams);
      const { version } = parseQuery(req, VersionQuery);
      const v = await service.version(id, version);
      const etag = `"${id}@${v.version}"`;
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', version ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (req.get('if-none-match') === etag) return void res.status(304).end();
      res.json(v);
    },
  );

  const AssetParams = z.object({ productId: Id, rest: z.array(z.string().max(200)).min(1).max(20) });
  // Not in the OpenAPI document's JSON routes list: binary files, documented in the README.
  r.get('/assets/catalog/:productId/*rest', async (req, res) => {
    const { productId, rest } = parseParams(req, AssetParams);
    const m = /^v([1-9]\d{0,8})$/.exec(rest[0]!);
    const version = m && rest.length > 1 ? Number(m[1]) : null;
    const rel = (version === null ? rest : rest.slice(1)).join('/');
    const asset = await service.asset(productId, version, rel);
    sendAsset(res, req.get('if-none-match'), asset, version !== null);
  });

  return r;
}
