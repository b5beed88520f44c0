import express, { Router } from 'express';
import { AssetPath, Id } from '../../catalog/index.js';
import type { AppContext } from '../context.js';
import { AppError } from '../http/AppError.js';
import { parseBody, parseParams, parseQuery } from '../http/validate.js';
import { z } from '../http/zod.js';
import { MAX_MODEL_BYTES } from './inspectGlb.js';
import type { Answer } from '../http/sameType.js';
import { StudioService } from './studioService.js';
import {
  ArchiveBody,
  CatalogExport,
  CreateProductBody,
  Diff,
  DiscardAnswer,
  Draft,
  ImportBody,
  ImportResult,
  Json,
  ModelInfo,
  Published,
  PublishBody,
  RestoreBody,
  RolledBack,
  RollbackBody,
  StoredAsset,
  StudioProductList,
  VersionDocument,
  VersionList,
} from '../../catalog/api/studioContract.js';
import { AssetParams, DiffQuery, IfMatch, Params, SourceQuery, VersionParams } from './studioSchemas.js';

const ok = (description: string, schema?: z.ZodType) => ({
  description,
  ...(schema ? { content: { 'application/json': { schema } } } : {}),
});
const err = (description: string) => ({ description });

export interface StudioOptions {
  maxModelBytes?: number;
}

/** /api/studio: the producer's catalog editor (roles producer and admin). */
export function createStudioRouter(ctx: AppContext, opts: StudioOptions = {}): Router {
  const r = Router();
  const { api } = ctx;
  const maxModelBytes = opts.maxModelBytes ?? ctx.config.maxModelBytes ?? MAX_MODEL_BYTES;
  const studio = new StudioService(ctx, maxModelBytes);
  const roles: ['producer'] = ['producer'];
  const tags = ['studio'];
  const userId = (req: express.Request) => req.auth!.user.id;
  const sendDraft = (res: express.Response, draft: Answer<typeof Draft>, status = 200) => {
    res.setHeader('ETag', draft.etag);
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).json(draft);
  };

  api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/products',
      tags,
      roles,
      summary: 'Every product with its state: published version, unpublished draft, lint status, variant count',
      responses: { 200: ok('Products', StudioProductList) },
    },
    async (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json({ products: await studio.list() } satisfies Answer<typeof StudioProductList>);
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/studio/products',
      tags,
      roles,
      summary: 'Create a product from scratch or by duplicating another',
      request: { body: { content: { 'application/json': { schema: CreateProductBody } } } },
      responses: { 201: ok('The new draft', Draft), 409: err('The id is taken'), 404: err('Unknown product to duplicate') },
    },
    async (req, res) => {
      const body = parseBody(req, CreateProductBody);
      sendDraft(res, await studio.create(body, userId(req)), 201);
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/studio/products/:id/archive',
      tags,
      roles,
      summary: 'Archive (gone from the storefront, kept for old orders) or restore a product',
      request: { params: Params, body: { content: { 'application/json': { schema: ArchiveBody } } } },
      responses: { 204: err('Done'), 404: err('Unknown product') },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      await studio.setArchived(id, parseBody(req, ArchiveBody).archived);
      res.status(204).end();
    },
  );

  api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/products/:id/draft',
      tags,
      roles,
      summary: 'The draft (the published version when none is saved), its ETag and its checks',
      request: { params: Params },
      responses: { 200: ok('The draft; ETag header names its revision', Draft), 404: err('Unknown product') },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      sendDraft(res, await studio.getDraft(id));
    },
  );

  api.route(
    r,
    {
      method: 'put',
      path: '/api/studio/products/:id/draft',
      tags,
      roles,
      summary: 'Save the draft (it may be invalid) if no one saved since the If-Match ETag',
      request: { params: Params, headers: IfMatch, body: { content: { 'application/json': { schema: Json } } } },
      responses: {
        200: ok('Saved; the new ETag', Draft),
        409: err('Someone saved since: reload'),
        412: err('If-Match is not an ETag of this draft'),
        428: err('If-Match missing'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      parseBody(req, Json); // forbidden keys are refused at the edge like every body
      sendDraft(res, await studio.saveDraft(id, req.get('if-match'), req.body, userId(req)));
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/studio/products/:id/publish',
      tags,
      roles,
      summary: 'Publish the draft as a new immutable version (refused, listing the problems, while it has errors)',
      request: { params: Params, headers: IfMatch, body: { content: { 'application/json': { schema: PublishBody } } } },
      responses: {
        201: ok('Published', Published),
        409: err('Nothing to publish, or the draft changed since If-Match'),
        422: err('The draft has problems or lacks files; nothing was published'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      const { note } = parseBody(req, PublishBody);
      res
        .status(201)
        .json((await studio.publish(id, { note, ifMatch: req.get('if-match') }, userId(req))) satisfies Answer<typeof Published>);
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/studio/products/:id/draft/discard',
      tags,
      roles,
      summary:
        'Discard the draft’s unpublished changes (it becomes the live version again); answers the discarded draft for undo',
      request: { params: Params, headers: IfMatch },
      responses: {
        200: ok('Discarded', DiscardAnswer),
        409: err('Nothing to discard, never published, or the draft changed since If-Match'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      res.setHeader('Cache-Control', 'no-store');
      res.json((await studio.discard(id, req.get('if-match'), userId(req))) satisfies Answer<typeof DiscardAnswer>);
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/studio/products/:id/draft/restore',
      tags,
      roles,
      summary: 'Undo a discard: the discarded document and files become the draft again',
      request: { params: Params, headers: IfMatch, body: { content: { 'application/json': { schema: RestoreBody } } } },
      responses: {
        200: ok('The draft', Draft),
        400: err('A file of the discarded draft is unknown'),
        409: err('The draft changed'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      const body = parseBody(req, RestoreBody);
      for (const rel of Object.keys(body.assets))
        if (!AssetPath.safeParse(rel).success)
          throw AppError.badRequest('a file path is relative, without ".." or a leading "/"');
      sendDraft(res, await studio.restore(id, req.get('if-match'), body, userId(req)));
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/studio/products/:id/rollback',
      tags,
      roles,
      summary: 'Roll back: publish an earlier version again, as a new version',
      request: { params: Params, body: { content: { 'application/json': { schema: RollbackBody } } } },
      responses: {
        201: ok('Published', RolledBack),
        404: err('Unknown version'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      res
        .status(201)
        .json((await studio.rollback(id, parseBody(req, RollbackBody), userId(req))) satisfies Answer<typeof RolledBack>);
    },
  );

  api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/products/:id/versions',
      tags,
      roles,
      summary: 'The published versions, newest first',
      request: { params: Params },
      responses: {
        200: ok('Versions', VersionList),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      res.json((await studio.versions(id)) satisfies Answer<typeof VersionList>);
    },
  );

  api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/products/:id/versions/:version',
      tags,
      roles,
      summary: 'One published version’s document',
      request: { params: VersionParams },
      responses: {
        200: ok('The version', VersionDocument),
      },
    },
    async (req, res) => {
      const { id, version } = parseParams(req, VersionParams);
      const v = await studio.version(id, version);
      res.json({ version: v.version, note: v.note, createdAt: v.createdAt, product: v.product } satisfies Answer<
        typeof VersionDocument
      >);
    },
  );

  api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/products/:id/diff',
      tags,
      roles,
      summary: 'What changed between two versions (or a version and the draft): attributes, options, rules, prices',
      request: { params: Params, query: DiffQuery },
      responses: {
        200: ok('Changes', Diff),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      const { from, to } = parseQuery(req, DiffQuery);
      res.json((await studio.diff(id, from, to)) satisfies Answer<typeof Diff>);
    },
  );

  api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/products/:id/model',
      tags,
      roles,
      summary: 'The draft model’s meshes, materials and nodes, and options pointing at parts it lacks',
      request: { params: Params },
      responses: {
        200: ok('Model parts', ModelInfo),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      res.setHeader('Cache-Control', 'no-store');
      res.json((await studio.model(id)) satisfies Answer<typeof ModelInfo>);
    },
  );

  const assetPath = (req: express.Request) => {
    const { id, path } = parseParams(req, AssetParams);
    const rel = path.join('/');
    if (!AssetPath.safeParse(rel).success) throw AppError.badRequest('a file path is relative, without ".." or a leading "/"');
    return { id, rel };
  };

  api.route(
    r,
    {
      method: 'put',
      path: '/api/studio/products/:id/draft/assets/*path',
      tags,
      roles,
      summary: 'Upload a file of the draft: a .glb model (validated; its parts listed) or a texture',
      request: {
        params: z.object({ id: Id, path: z.string() }),
        body: { content: { 'model/gltf-binary': { schema: z.string().openapi({ format: 'binary' }) } } },
      },
      responses: {
        201: ok('Stored', StoredAsset),
        413: err('Over the size limit'),
        415: err('Not a .glb or an image'),
        422: err('Not a valid .glb: magic bytes, header sizes, external URIs'),
      },
    },
    express.raw({ type: () => true, limit: maxModelBytes }),
    async (req, res) => {
      const { id, rel } = assetPath(req);
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw AppError.badRequest('send the file as the request body');
      res.status(201).json((await studio.uploadAsset(id, rel, req.body)) satisfies Answer<typeof StoredAsset>);
    },
  );

  // Files of the draft for the live preview (binary, like /assets/catalog: not a JSON operation).
  r.get('/api/studio/products/:id/draft/assets/*path', ctx.requireRole('producer'), async (req, res) => {
    const { id, rel } = assetPath(req);
    const a = await studio.draftAsset(id, rel);
    res.setHeader('Content-Type', a.contentType);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', `"${a.sha256}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.get('if-none-match') === `"${a.sha256}"`) return void res.status(304).end();
    res.end(a.content);
  });

  api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/products/:id/export',
      tags,
      roles,
      summary: 'One product as a catalog/data JSON file (published version, or ?source=draft)',
      request: { params: Params, query: SourceQuery },
      responses: { 200: ok('The product document', Json) },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      const { source } = parseQuery(req, SourceQuery);
      res.setHeader('Content-Disposition', `attachment; filename="${id}.json"`);
      res.json(await studio.exportProduct(id, source));
    },
  );

  api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/export',
      tags,
      roles,
      summary: 'The whole catalog (not archived): every product document with the URLs of its files',
      request: { query: SourceQuery },
      responses: { 200: ok('The catalog', CatalogExport) },
    },
    async (req, res) => {
      const { source } = parseQuery(req, SourceQuery);
      res.json((await studio.exportCatalog(source)) satisfies Answer<typeof CatalogExport>);
    },
  );

  api.route(
    r,
    {
      method: 'post',
      path: '/api/studio/import',
      tags,
      roles,
      summary: 'Import product documents as drafts (all or nothing), optionally publishing them',
      request: { body: { content: { 'application/json': { schema: ImportBody } } } },
      responses: {
        200: ok('Imported', ImportResult),
        422: err('A document is invalid (or cannot be published); nothing was imported'),
      },
    },
    async (req, res) => {
      const body = parseBody(req, ImportBody);
      res.json((await studio.import(body, userId(req))) satisfies Answer<typeof ImportResult>);
    },
  );

  return r;
}
