import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import { z } from '../http/zod.js';
import type { AppContext } from '../context.js';
import { AppError } from '../http/AppError.js';
import { ErrorBody, json } from '../http/apiRegistry.js';
import { sendJson } from '../http/sendJson.js';
import { parseBody, parseInput, parseParams } from '../http/validate.js';
import {
  ConfigurationOrderRequest,
  EvaluateRequest,
  IdempotencyKey,
  isConfigurationOrder,
  OrderIdParams,
  OrderRequest,
  OrderView,
  ProductIdParams,
} from './orderSchemas.js';
import type { ArrearsIndex } from './orderWriterProtocol.js';
import { OrdersRepository } from './ordersRepository.js';
import { OrdersService, toOrderView } from './ordersService.js';

/** Places an order of a saved configuration (server/configurations/ does; app.ts wires it in). */
export type PlaceSaved = (
  orders: OrdersRepository,
  key: string,
  req: ConfigurationOrderRequest,
) => Promise<{ order: OrderView; replayed: boolean }>;

/**
 * `arrears`: an index the SQLite order writer keeps up after each batch (the sales search table);
 * `placeSaved`: orders of saved configurations. app.ts passes both, so orders import neither sales
 * nor configurations.
 */
export function createOrdersRouter(
  ctx: AppContext,
  { arrears, placeSaved }: { arrears?: ArrearsIndex; placeSaved: PlaceSaved },
): Router {
  const r = Router();
  const repo = new OrdersRepository(ctx.db, (message) => ctx.logger.warn(message), arrears);
  const service = new OrdersService(ctx.catalog, repo, ctx.engine);

  /** Place an order: the Idempotency-Key header as sent, the parsed JSON body. */
  async function place(keyHeader: string | string[] | undefined, body: unknown, res: ServerResponse) {
    const key = parseInput(IdempotencyKey, keyHeader, 'body');
    // A shop's cart line names a saved configuration (issue #17); the lean route takes it too.
    const { order, replayed } = isConfigurationOrder(body)
      ? await placeSaved(repo, key, parseInput(ConfigurationOrderRequest, body, 'body'))
      : await service.place(key, parseInput(OrderRequest, body ?? {}, 'body'));
    res.setHeader('Location', `/api/orders/${order.id}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    sendJson(res, 201, order);
  }
  // The hot path: a plain JSON order is answered in front of Express (http/leanRoutes.ts);
  // any other is answered by the Express route below, with the same function.
  ctx.lean.post('/api/orders', (req, body, res) => place(req.headers['idempotency-key'], body, res));

  ctx.api.route(
    r,
    {
      method: 'post',
      path: '/api/orders',
      tags: ['orders'],
      summary: 'Place an order: checked and priced by the server, recorded once per Idempotency-Key',
      request: {
        headers: z.object({ 'idempotency-key': IdempotencyKey }),
        body: {
          content: { 'application/json': { schema: z.union([OrderRequest, ConfigurationOrderRequest]) } },
          description: 'Either the choices (product, version, choices) or a saved configuration (configurationId)',
        },
      },
      responses: {
        201: json(OrderView, 'The order (also for a repeated key: the same order, with Idempotent-Replayed: true)'),
        404: json(ErrorBody, 'Unknown product or configuration, or a version past the current one (unknown_version)'),
        409: json(
          ErrorBody,
          'stale_version: details.choices lists the choices that no longer hold in details.currentVersion; configuration_changed',
        ),
        410: json(ErrorBody, 'configuration_expired'),
        413: json(ErrorBody, 'Body or snapshot too large'),
        422: json(ErrorBody, 'invalid_configuration (details.violations) or idempotency_key_reused'),
        503: json(
          ErrorBody,
          'product_too_complex: the engine cannot compile this version within its budget; evaluate_timeout: the evaluation took longer than its budget (EVALUATE_BUDGET_MS); evaluate_busy: too many evaluations wait',
        ),
      },
    },
    (req, res) => place(req.headers['idempotency-key'], req.body, res),
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/orders/:id',
      tags: ['orders'],
      summary: 'The confirmation of an order, for whoever holds its id',
      request: { params: OrderIdParams },
      responses: { 200: json(OrderView, 'The order'), 404: json(ErrorBody, 'No such order') },
    },
    async (req, res) => {
      const { id } = parseParams(req, OrderIdParams);
      const row = await repo.findById(id);
      if (!row) throw AppError.notFound('no such order');
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(toOrderView(row));
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/orders/:id/snapshot.png',
      tags: ['orders'],
      summary: 'The PNG the consumer saw when ordering',
      request: { params: OrderIdParams },
      responses: {
        200: { description: 'PNG', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
        404: json(ErrorBody, 'No snapshot'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, OrderIdParams);
      const png = await repo.snapshot(id);
      if (!png) throw AppError.notFound('no snapshot for this order');
      res.setHeader('Content-Type', 'image/png');
      res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
      res.end(png);
    },
  );

  ctx.api.route(
    r,
    {
      method: 'post',
      path: '/api/products/:id/evaluate',
      tags: ['catalog'],
      summary: "The engine's evaluation of some choices: option states, completed configuration, price",
      request: { params: ProductIdParams, body: { content: { 'application/json': { schema: EvaluateRequest } } } },
      responses: {
        200: json(
          z.object({ version: z.number().int(), evaluation: z.looseObject({ ok: z.boolean() }) }),
          'The evaluation (ok: false with violations when the choices cannot hold together)',
        ),
        404: json(ErrorBody, 'Unknown product or version'),
        503: json(
          ErrorBody,
          'product_too_complex: the engine cannot compile this version within its budget; evaluate_timeout: the evaluation took longer than its budget (EVALUATE_BUDGET_MS); evaluate_busy: too many evaluations wait',
        ),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, ProductIdParams);
      const body = parseBody(req, EvaluateRequest);
      const version = body.version ?? (await ctx.catalog.currentVersion(id));
      const v = version === null ? null : await ctx.catalog.getVersion(id, version);
      if (!v) throw AppError.notFound(body.version ? `product "${id}" has no version ${body.version}` : `no product "${id}"`);
      // Compiled in the engine's thread; evaluated here, or in the engine's evaluation thread for
      // a product in the diagram form (too slow for the event loop). The text is what
      // res.json({ version, evaluation }) would write.
      const evaluation = await ctx.engine.evaluation(v.product, body.choices);
      res.set('Content-Type', 'application/json').send(`{"version":${JSON.stringify(v.version)},"evaluation":${evaluation}}`);
    },
  );

  return r;
}
