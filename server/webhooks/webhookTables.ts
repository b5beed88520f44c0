import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The webhook tables (created by the sales migration, 0003_sales), as Kysely sees them. */
// A type alias, not an interface: withTables<T>() wants an index-compatible record.
export type WebhookTables = {
  webhook_settings: {
    id: string;
    url: string;
    secret: string;
    enabled: number;
    updated_at: string;
    updated_by: string | null;
  };
  webhook_deliveries: {
    id: string;
    event: string;
    order_id: string;
    url: string;
    payload: string;
    status: DeliveryStatus;
    attempts: number;
    /** Epoch milliseconds: numbers compare the same way on both dialects. */
    next_attempt_at: number;
    locked_until: number | null;
    locked_by: string | null;
    last_status_code: number | null;
    last_error: string | null;
    created_at: string;
    delivered_at: string | null;
  };
  webhook_attempts: {
    delivery_id: string;
    attempt: number;
    at: string;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
  };
};

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export type WebhookDatabase = Database & WebhookTables;

/** The webhook tables on a handle or transaction of the app's database (whatever tables the caller typed it with). */
export const webhookDb = <D>(k: Kysely<D>): Kysely<WebhookDatabase> =>
  k.withTables<WebhookTables>() as unknown as Kysely<WebhookDatabase>;
