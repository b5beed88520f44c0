import { Router } from 'express';
import {
  WebhookDeliveries,
  WebhookSettings,
  WebhookSettingsInput,
  WebhookTestAnswer,
} from '../../catalog/api/webhookContract.js';
import type { AppContext } from '../context.js';
import { AppError } from '../http/AppError.js';
import { ErrorBody, json } from '../http/apiRegistry.js';
import type { Answer } from '../http/sameType.js';
import { parseBody, parseParams, parseQuery } from '../http/validate.js';
import { z } from '../http/zod.js';
import { webhookUrlRefusal } from './webhookAddress.js';
import { readSettings, resendDelivery, sendPing, startOrderCursor } from './webhooks.js';
import { webhookDb } from './webhookTables.js';

const DeliveryParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, 'not a delivery id') });
const DeliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The webhook settings and delivery log of the sales desk: /api/sales/webhook…, admin only. */
export function createWebhooksRouter(ctx: AppContext): Router {
  const r = Router();
  const db = webhookDb(ctx.db.kysely);

  const settingsView = async (): Promise<Answer<typeof WebhookSettings>> => {
    const s = await readSettings(db);
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
      responses: { 200: json(WebhookSettings, 'The settings') },
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
      responses: { 200: json(WebhookSettings, 'The settings'), 422: json(ErrorBody, 'No secret given and none set') },
    },
    async (req, res) => {
      const body = parseBody(req, WebhookSettingsInput);
      const refusal = ctx.config.webhookAllowPrivate ? null : webhookUrlRefusal(body.url);
      if (refusal)
        throw new AppError(400, 'webhook_address_not_allowed', `url: ${refusal}; webhooks go to public addresses only`, [
          { path: ['url'], message: refusal },
        ]);
      const current = await readSettings(db);
      const secret = body.secret ?? current?.secret;
      if (!secret) throw new AppError(422, 'secret_required', 'give a secret of at least 16 characters');
      const row = {
        url: body.url,
        secret,
        enabled: body.enabled ? 1 : 0,
        updated_at: new Date().toISOString(),
        updated_by: req.auth!.user.email,
      };
      await db
        .insertInto('webhook_settings')
        .values({ id: 'default', ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
      // Orders placed from now on are announced; earlier ones are not replayed.
      await startOrderCursor(db);
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
      responses: { 200: json(WebhookDeliveries, 'Deliveries') },
    },
    async (req, res) => {
      const q = parseQuery(req, DeliveriesQuery);
      let query = db.selectFrom('webhook_deliveries').selectAll();
      if (q.status) query = query.where('status', '=', q.status);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
      res.setHeader('Cache-Control', 'private, no-store');
      const answer: Answer<typeof WebhookDeliveries> = {
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
      };
      res.json(answer);
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
        200: json(WebhookTestAnswer, 'What the receiver answered (ok: a 2xx)'),
        422: json(ErrorBody, 'No webhook is set'),
      },
    },
    async (_req, res) => {
      const s = await readSettings(db);
      if (!s) throw new AppError(422, 'webhook_not_set', 'save a webhook URL and secret first');
      res.json(
        (await sendPing(s, { allowPrivate: ctx.config.webhookAllowPrivate ?? false })) satisfies Answer<typeof WebhookTestAnswer>,
      );
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
      if (await resendDelivery(db, id)) return void res.status(204).end();
      const d = await db.selectFrom('webhook_deliveries').select('status').where('id', '=', id).executeTakeFirst();
      if (!d) throw AppError.notFound('no such delivery');
      throw AppError.conflict('not_failed', `this delivery is ${d.status}; only a failed delivery can be resent`);
    },
  );

  return r;
}
