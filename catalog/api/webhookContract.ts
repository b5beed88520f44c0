import { z } from 'zod';
import { singleLine } from '../schema/primitives.js';

/*
 * The bodies of the webhook settings and delivery log (/api/sales/webhook…): one zod schema
 * each, imported by the server (validation, the OpenAPI document) and by the client
 * (client/sales/salesApi.ts). Plain zod; `.meta()` carries the OpenAPI words.
 */

/** An http(s) URL of one line; its address is judged by the server (it depends on WEBHOOK_ALLOW_PRIVATE). */
const WebhookUrl = singleLine()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: 'an http(s) URL' }))
  .meta({
    description: 'http(s) only; loopback, private and link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true',
  });

export const WebhookSettingsInput = z
  .strictObject({
    url: WebhookUrl,
    secret: z.string().min(16, 'at least 16 characters').max(200).optional().meta({
      description: 'Shared secret for the HMAC-SHA256 signature; omit to keep the current one',
    }),
    enabled: z.boolean().default(true),
  })
  .meta({ id: 'WebhookSettingsInput' });

export const WebhookSettings = z
  .object({
    url: z.string().nullable(),
    enabled: z.boolean(),
    secretSet: z.boolean(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'WebhookSettings' });
export type WebhookSettings = z.infer<typeof WebhookSettings>;

export const WebhookDelivery = z
  .object({
    id: z.string(),
    event: z.string(),
    orderId: z.string(),
    url: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
export const WebhookDeliveries = z.object({ deliveries: z.array(WebhookDelivery) });

/** What the receiver answered a ping (ok: a 2xx). */
export const WebhookTestAnswer = z.object({
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
