import { Router } from 'express';
import type { AppContext } from '../context.js';
import { AppError } from '../http/AppError.js';
import { ErrorBody } from '../http/apiRegistry.js';
import { parseBody, parseParams, parseQuery } from '../http/validate.js';
import { z } from '../http/zod.js';
import { EXPORT_TYPES, writeExport } from './orderExport.js';
import { TaskError } from '../workers/taskPool.js';
import { SalesRepository } from './salesRepository.js';
import {
  DeliveryDto,
  DetailQuery,
  ExportQuery,
  ListQuery,
  OrderIdParams,
  OrderPage,
  SalesOrderDetail,
  StatusChange,
  WebhookSettingsDto,
  WebhookSettingsInput,
} from './salesSchemas.js';
import { SalesService } from './salesService.js';
import { webhookUrlRefusal } from './webhookAddress.js';
import { readSettings, resendDelivery, sendPing, startOrderCursor } from './webhooks.js';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const DeliveryParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, 'not a delivery id') });
const DeliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A production sheet's time budget in its thread (a 4096×4096 snapshot takes ~1–5 s on a busy 2-core machine). */
const SHEET_TIMEOUT_MS = 30_000;

/** The sales desk API: /api/sales/… for the roles sales and admin (webhook settings: admin only). */
export function createSalesRouter(ctx: AppContext): Router {
  const r = Router();
  const repo = new SalesRepository(ctx.db.kysely, ctx.db);
  const service = new SalesService(repo, ctx.catalog);
  const roles: ['sales'] = ['sales'];

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/orders',
      tags: ['sales'],
      summary: 'A page of orders: filtered, sorted and paginated (keyset) by the server',
      roles,
      request: { query: ListQuery },
      responses: { 200: json(OrderPage, 'The page; nextCursor is null on the last one') },
    },
    async (req, res) => {
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(await service.list(parseQuery(req, ListQuery)));
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/orders/export',
      tags: ['sales'],
      summary: 'Every order matching the filters, streamed: CSV wide or long (UTF-8 with BOM), .xlsx, or JSON Lines',
      roles,
      request: { query: ExportQuery },
      responses: {
        200: {
          description:
            'The file (Content-Disposition: attachment). Cells that a spreadsheet would run as a formula start with an apostrophe.',
          content: {
            'text/csv': { schema: z.string() },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: z.string().openapi({ format: 'binary' }),
            },
            'application/x-ndjson': { schema: z.string() },
          },
        },
      },
    },
    async (req, res) => {
      const q = parseQuery(req, ExportQuery);
      const { format, locale, ...filters } = q;
      const type = EXPORT_TYPES[format];
      const stamp = new Date().toISOString().slice(0, 10);
      res.setHeader('Content-Type', type.contentType);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="orders-${stamp}${format === 'csv-long' ? '-long' : ''}.${type.extension}"`,
      );
      res.setHeader('Cache-Control', 'private, no-store');
      try {
        await writeExport(repo, filters, format, res, locale);
        res.end();
      } catch (e) {
        // Headers are gone: the only honest signal left is a broken stream.
        req.log?.warn({ err: e }, 'export aborted');
        res.destroy();
      }
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/orders/:id',
      tags: ['sales'],
      summary: 'One order: configuration in the labels of its catalog version, price breakdown, customer, status history',
      roles,
      request: { params: OrderIdParams, query: DetailQuery },
      responses: { 200: json(SalesOrderDetail, 'The order'), 404: json(ErrorBody, 'No such order') },
    },
    async (req, res) => {
      const { id } = parseParams(req, OrderIdParams);
      const { locale } = parseQuery(req, DetailQuery);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(await service.detail(id, locale));
    },
  );

  ctx.api.route(
    r,
    {
      method: 'post',
      path: '/api/sales/orders/:id/status',
      tags: ['sales'],
      summary:
        'Move an order on (received → in_production → shipped, or cancelled before shipping) or one step back (undo); "shipped" takes a tracking number and carrier',
      roles,
      request: { params: OrderIdParams, query: DetailQuery, body: { content: { 'application/json': { schema: StatusChange } } } },
      responses: {
        200: json(SalesOrderDetail, 'The order after the change'),
        404: json(ErrorBody, 'No such order'),
        409: json(ErrorBody, 'invalid_transition (details.allowed lists where it can go) or status_changed_meanwhile'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, OrderIdParams);
      const { locale } = parseQuery(req, DetailQuery);
      const body = parseBody(req, StatusChange);
      const user = req.auth!.user;
      const shipment = { trackingNumber: body.trackingNumber ?? null, carrier: body.carrier ?? null };
      res.json(
        await service.changeStatus(id, body.status, { id: user.id, email: user.email }, body.note ?? null, shipment, locale),
      );
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/orders/:id/production-sheet.pdf',
      tags: ['sales'],
      summary: 'The production sheet: variant code, every part with its option and SKU fragment, personal text, snapshot',
      roles,
      request: { params: OrderIdParams },
      responses: {
        200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
        404: json(ErrorBody, 'No such order'),
        500: json(ErrorBody, 'The sheet could not be made (logged)'),
        503: json(ErrorBody, 'Too many sheets being made; retry'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, OrderIdParams);
      const detail = await service.detail(id);
      const snapshot = detail.snapshotUrl
        ? await repo.db.selectFrom('order_snapshots').select('png').where('order_id', '=', id).executeTakeFirst()
        : undefined;
      const origin = ctx.config.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      // Made in a task thread: the snapshot is proven and redrawn there before pdfkit sees it, and
      // a sheet that overruns its budget or memory ends that thread, not this process.
      const sheet = await ctx.tasks
        .run(
          'productionSheet',
          { order: detail, snapshot: snapshot ? Buffer.from(snapshot.png) : null, orderUrl: `${origin}/sales/orders/${id}` },
          { timeoutMs: SHEET_TIMEOUT_MS },
        )
        .catch((e: unknown) => {
          ctx.logger.error({ err: e, orderId: id, code: (e as TaskError).code }, 'production sheet failed');
          if (e instanceof TaskError && e.code === 'tasks_busy')
            throw new AppError(503, 'busy', 'the server is making other sheets; try again shortly', undefined, {
              'Retry-After': '5',
            });
          throw new AppError(500, 'sheet_failed', `the production sheet of order ${detail.number} could not be made`);
        });
      if (sheet.snapshot.status === 'refused')
        ctx.logger.warn(
          { orderId: id, code: sheet.snapshot.code, reason: sheet.snapshot.message },
          'snapshot left out of the production sheet',
        );
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="order-${detail.number}.pdf"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(Buffer.from(sheet.pdf.buffer, sheet.pdf.byteOffset, sheet.pdf.byteLength));
    },
  );

  const settingsView = async () => {
    const s = await readSettings(repo.db);
    return {
      url: s?.url ?? null,
      enabled: Boolean(s?.enabled),
      secretSet: Boolean(s?.secret),
      updatedAt: s?.updated_at ?? null,
      updatedBy: s?.updated_by ?? null,
    };
  };

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/webhook',
      tags: ['sales'],
      summary: 'The webhook settings (the secret is never returned)',
      roles: ['admin'],
      responses: { 200: json(WebhookSettingsDto, 'The settings') },
    },
    async (_req, res) => void res.json(await settingsView()),
  );

  ctx.api.route(
    r,
    {
      method: 'put',
      path: '/api/sales/webhook',
      tags: ['sales'],
      summary: 'Set the URL and secret that new orders and status changes are POSTed to (signed with HMAC-SHA256)',
      roles: ['admin'],
      request: { body: { content: { 'application/json': { schema: WebhookSettingsInput } } } },
      responses: { 200: json(WebhookSettingsDto, 'The settings'), 422: json(ErrorBody, 'No secret given and none set') },
    },
    async (req, res) => {
      const body = parseBody(req, WebhookSettingsInput);
      const refusal = ctx.config.webhookAllowPrivate ? null : webhookUrlRefusal(body.url);
      if (refusal)
        throw new AppError(400, 'webhook_address_not_allowed', `url: ${refusal}; webhooks go to public addresses only`, [
          { path: ['url'], message: refusal },
        ]);
      const current = await readSettings(repo.db);
      const secret = body.secret ?? current?.secret;
      if (!secret) throw new AppError(422, 'secret_required', 'give a secret of at least 16 characters');
      const row = {
        url: body.url,
        secret,
        enabled: body.enabled ? 1 : 0,
        updated_at: new Date().toISOString(),
        updated_by: req.auth!.user.email,
      };
      await repo.db
        .insertInto('webhook_settings')
        .values({ id: 'default', ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
      // Orders placed from now on are announced; earlier ones are not replayed.
      await startOrderCursor(repo.db);
      res.json(await settingsView());
    },
  );

  ctx.api.route(
    r,
    {
      method: 'get',
      path: '/api/sales/webhook/deliveries',
      tags: ['sales'],
      summary: 'The delivery log, newest first, with every attempt',
      roles: ['admin'],
      request: { query: DeliveriesQuery },
      responses: { 200: json(z.object({ deliveries: z.array(DeliveryDto) }), 'Deliveries') },
    },
    async (req, res) => {
      const q = parseQuery(req, DeliveriesQuery);
      let query = repo.db.selectFrom('webhook_deliveries').selectAll();
      if (q.status) query = query.where('status', '=', q.status);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
      res.setHeader('Cache-Control', 'private, no-store');
      res.json({
        deliveries: rows.map((d) => ({
          id: d.id,
          event: d.event,
          orderId: d.order_id,
          url: d.url,
          status: d.status,
          attempts: d.attempts,
          nextAttemptAt: d.status === 'pending' ? new Date(Number(d.next_attempt_at)).toISOString() : null,
          lastStatusCode: d.last_status_code,
          lastError: d.last_error,
          createdAt: d.created_at,
          deliveredAt: d.delivered_at,
        })),
      });
    },
  );

  ctx.api.route(
    r,
    {
      method: 'post',
      path: '/api/sales/webhook/test',
      tags: ['sales'],
      summary: 'Send a signed "ping" event to the webhook URL now and say what came back',
      roles: ['admin'],
      responses: {
        200: json(
          z.object({
            ok: z.boolean(),
            statusCode: z.number().int().nullable(),
            error: z.string().nullable(),
            durationMs: z.number(),
          }),
          'What the receiver answered (ok: a 2xx)',
        ),
        422: json(ErrorBody, 'No webhook is set'),
      },
    },
    async (_req, res) => {
      const s = await readSettings(repo.db);
      if (!s) throw new AppError(422, 'webhook_not_set', 'save a webhook URL and secret first');
      res.json(await sendPing(s, { allowPrivate: ctx.config.webhookAllowPrivate ?? false }));
    },
  );

  ctx.api.route(
    r,
    {
      method: 'post',
      path: '/api/sales/webhook/deliveries/:id/resend',
      tags: ['sales'],
      summary: 'Send a failed delivery once more (it is pending again, due now)',
      roles: ['admin'],
      request: { params: DeliveryParams },
      responses: {
        204: { description: 'Queued again' },
        404: json(ErrorBody, 'No such delivery'),
        409: json(ErrorBody, 'The delivery has not failed (pending or delivered)'),
      },
    },
    async (req, res) => {
      const { id } = parseParams(req, DeliveryParams);
      if (await resendDelivery(repo.db, id)) return void res.status(204).end();
      const d = await repo.db.selectFrom('webhook_deliveries').select('status').where('id', '=', id).executeTakeFirst();
      if (!d) throw AppError.notFound('no such delivery');
      throw AppError.conflict('not_failed', `this delivery is ${d.status}; only a failed delivery can be resent`);
    },
  );

  return r;
}
