import { sql } from 'kysely';
import { orderSearchTextSql, SQLITE_ORDER_SEARCH_TEXT } from './orderFilters.js';
import type { ServerMigration } from '../db/migrations/types.js';

/**
 * The sales desk of issue #16:
 * - `orders.tracking_number` and `orders.carrier`, set when an order is marked shipped (null
 *   otherwise): stored, shown, exported and sent in webhooks;
 * - free text also finds the personal texts (and every other value) of an order's configuration:
 *   the search text gains the lower-cased configuration. PostgreSQL's trigram index is made again
 *   on the new expression (where pg_trgm is there); SQLite's search table is emptied and refilled
 *   up to its watermark with the new text, and its update trigger writes the new text. Both take
 *   a while on a large database (one pass over the orders), once.
 */
export const salesDesk: ServerMigration = {
  name: '0040_sales_desk',
  async up(db, dialect) {
    await db.schema.alterTable('orders').addColumn('tracking_number', 'text').execute();
    await db.schema.alterTable('orders').addColumn('carrier', 'text').execute();
    if (dialect === 'sqlite') {
      await sql`delete from orders_search`.execute(db);
      await sql
        .raw(
          `insert into orders_search (rowid, t) select number, ${SQLITE_ORDER_SEARCH_TEXT('orders')} from orders
           where number <= (select indexed_upto from orders_search_state)`,
        )
        .execute(db);
      await sql`drop trigger if exists orders_search_update`.execute(db);
      const indexed = (row: 'old' | 'new') => `${row}.number <= (select indexed_upto from orders_search_state)`;
      await sql
        .raw(
          `create trigger orders_search_update after update of number, customer_name, customer_email, variant_code, configuration on orders
           when ${indexed('old')} begin
             delete from orders_search where rowid = old.number;
             insert into orders_search (rowid, t) select new.number, ${SQLITE_ORDER_SEARCH_TEXT('new')} where ${indexed('new')};
           end`,
        )
        .execute(db);
      return;
    }
    // Immutable (json input is), so an index may use it; in the migration's schema, as the index.
    await sql`create or replace function maatwerk_config_values(c text) returns text language sql immutable parallel safe
      as $$ select coalesce(string_agg(value, chr(10)), '') from json_each_text(c::json) $$`.execute(db);
    const trgm = (
      await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)
    ).rows[0]?.schema;
    await sql`drop index if exists orders_search_trgm`.execute(db);
    if (!trgm) return;
    await sql`create index orders_search_trgm on orders using gin (${orderSearchTextSql()} ${sql.id(trgm)}.gin_trgm_ops)`.execute(
      db,
    );
    await sql`analyze orders`.execute(db);
  },
};
