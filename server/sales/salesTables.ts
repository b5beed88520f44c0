import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Tables added by the sales migration (0003_sales), as Kysely sees them. */
// A type alias, not an interface: withTables<T>() wants an index-compatible record.
export type SalesTables = {
  /** Columns the sales desk added to orders (0040): set while an order is shipped. */
  orders: Database['orders'] & { tracking_number: string | null; carrier: string | null };
  order_status_history: {
    id: string;
    order_id: string;
    from_status: string | null;
    to_status: string;
    changed_by: string | null;
    changed_by_email: string | null;
    note: string | null;
    created_at: string;
  };
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
export type SalesDatabase = Database & SalesTables;

export const salesDb = (k: Kysely<Database>): Kysely<SalesDatabase> => k.withTables<SalesTables>();
