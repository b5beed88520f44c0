import { singleLine } from '../http/text.js';
import { z } from '../http/zod.js';

/** An http(s) URL of one line; its address is judged by webhookAddress.ts (it depends on WEBHOOK_ALLOW_PRIVATE). */
const WebhookUrl = singleLine()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: 'an http(s) URL' }))
  .openapi({
    description: 'http(s) only; loopback, private and link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true',
  });

export const WebhookSettingsInput = z
  .strictObject({
    url: WebhookUrl,
    secret: z.string().min(16, 'at least 16 characters').max(200).optional().openapi({
      description: 'Shared secret for the HMAC-SHA256 signature; omit to keep the current one',
    }),
    enabled: z.boolean().default(true),
  })
  .openapi('WebhookSettingsInput');

export const WebhookSettingsDto = z
  .object({
    url: z.string().nullable(),
    enabled: z.boolean(),
    secretSet: z.boolean(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi('WebhookSettings');

export const DeliveryDto = z
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
  .openapi('WebhookDelivery');
