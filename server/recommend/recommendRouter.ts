import { Router } from 'express';
import { decodeConfigCode, Id, MAX_CONFIG_CODE_LENGTH } from '../../catalog/index.js';
import { RecommendationSettingsBody, RecommendationStatus } from '../../catalog/api/studioContract.js';
import { RecommendationAnswer } from '../../catalog/recommend/recommendationAnswer.js';
import type { AppContext } from '../context.js';
import { AppError } from '../http/AppError.js';
import { json } from '../http/apiRegistry.js';
import type { Answer } from '../http/sameType.js';
import { parseBody, parseParams, parseQuery } from '../http/validate.js';
import { z } from '../http/zod.js';
import { RecommendService, type RecommendOptions } from './recommendService.js';

const Params = z.object({ id: Id });
const Query = z.strictObject({
  code: z
    .string()
    .max(MAX_CONFIG_CODE_LENGTH)
    .optional()
    .openapi({ description: 'A share code of the choices so far (none: no choices)' }),
});
const Recommendation = RecommendationAnswer.openapi('Recommendation');

/**
 * Guided choices learned from orders: the public recommendation for a product and choices, and
 * the producer's settings (on/off, minimum orders) and on-demand learning. With
 * `refreshMs`, every product's model is also relearned on that schedule.
 */
export function createRecommendRouter(
  ctx: AppContext,
  opts: RecommendOptions & { refreshMs?: number | undefined } = {},
): Router & { service: RecommendService } {
  const r = Router();
  const service = new RecommendService(ctx.db.kysely, ctx.catalog, ctx.engine, ctx.logger, opts);
  if (opts.refreshMs) setInterval(() => void service.rebuildAll(), opts.refreshMs).unref();
  const roles: ['producer'] = ['producer'];
  const existing = async (id: string) => {
    const current = await ctx.catalog.getCurrent(id);
    if (!current) throw AppError.notFound('unknown product');
    return current;
  };

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/products/:id/recommendation',
      tags: ['catalog'],
      summary:
        'What customers with similar choices took: per attribute the most probable valid value, and the most probable valid completion',
      request: { params: Params, query: Query },
      responses: {
        200: json(Recommendation, 'The recommendation'),
        400: { description: 'A bad code or choices that cannot hold together' },
        404: { description: 'Unknown product' },
        503: {
          description:
            'The recommendation took longer than its budget (recommend_timeout), too many wait (recommend_busy), or the product is too complex for the engine',
        },
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      const { code } = parseQuery(req, Query);
      const { product, version } = await existing(id);
      // Compiled in the engine's thread (or its cache), never here: the code is read with it.
      await ctx.engine.ready(product);
      let choices = {};
      if (code) {
        const decoded = decodeConfigCode(code, product, version);
        if (!decoded.ok) throw AppError.badRequest(decoded.message, { code: decoded.error });
        choices = decoded.choices;
      }
      res.setHeader('Cache-Control', 'no-cache');
      const answer: RecommendationAnswer = {
        productId: id,
        version,
        ...(await service.recommend(id, version, product, choices)),
      };
      res.json(answer);
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/studio/products/:id/recommendation',
      tags: ['studio'],
      roles,
      summary: "The product's recommendation settings and model state",
      request: { params: Params },
      responses: { 200: json(RecommendationStatus, 'Settings and model state'), 404: { description: 'Unknown product' } },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      await existing(id);
      res.setHeader('Cache-Control', 'no-store');
      res.json((await service.status(id)) satisfies Answer<typeof RecommendationStatus>);
    },
  );

  ctx.api.route(
    r,
    {
      method: 'put',
      path: '/api/studio/products/:id/recommendation',
      tags: ['studio'],
      roles,
      summary: 'Turn recommendations on or off for the product, or set the minimum number of orders',
      request: { params: Params, body: { content: { 'application/json': { schema: RecommendationSettingsBody } } } },
      responses: {
        200: json(RecommendationStatus, 'Settings and model state'),
        400: { description: 'Bad settings' },
        404: { description: 'Unknown product' },
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      const body = parseBody(req, RecommendationSettingsBody);
      await existing(id);
      res.json((await service.updateSettings(id, body)) satisfies Answer<typeof RecommendationStatus>);
    },
  );

  ctx.api.route(
    r,
    {
      method: 'post',
      path: '/api/studio/products/:id/recommendation/rebuild',
      tags: ['studio'],
      roles,
      summary: "Learn the product's model from its orders now (in a worker thread)",
      request: { params: Params },
      responses: { 200: json(RecommendationStatus, 'Settings and the new model state'), 404: { description: 'Unknown product' } },
    },
    async (req, res) => {
      const { id } = parseParams(req, Params);
      await existing(id);
      res.json((await service.rebuild(id)) satisfies Answer<typeof RecommendationStatus>);
    },
  );
  return Object.assign(r, { service });
}
