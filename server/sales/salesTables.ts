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
};

export type SalesDatabase = Database & SalesTables;

export const salesDb = (k: Kysely<Database>): Kysely<SalesDatabase> => k.withTables<SalesTables>();
