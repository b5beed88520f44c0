import { sql } from 'kysely';
import type { ServerMigration } from '../db/migrations/types.js';
import { searchTextSql } from './orderFilters.js';
import { salesDesk } from './salesDeskMigration.js';

/**
 * The sales desk's tables, and the indexes the orders table needs so that a filtered, sorted
 * page of 1,000,000 orders is an index range scan. Every sort key ends in `number` (unique), so
 * keyset pagination on (key, number) is exact; 0001_core already has (created_at, number).
 */
export const salesMigration: ServerMigration = {
  name: '0003_sales',
  async up(db, _dialect, t) {
    await db.schema.createIndex('orders_sales_status_created').on('orders').columns(['status', 'created_at', 'number']).execute();
    await db.schema
      .createIndex('orders_sales_product_created')
      .on('orders')
      .columns(['product_id', 'created_at', 'number'])
      .execute();
    await db.schema
      .createIndex('orders_sales_product_status_created')
      .on('orders')
      .columns(['product_id', 'status', 'created_at', 'number'])
      .execute();
    await db.schema.createIndex('orders_sales_total').on('orders').columns(['total', 'number']).execute();
    await db.schema.createIndex('orders_sales_customer').on('orders').columns(['customer_name', 'number']).execute();
    await db.schema.createIndex('orders_sales_email').on('orders').columns(['customer_email']).execute();

    await db.schema
      .createTable('order_status_history')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('order_id', 'varchar(32)', (c) => c.notNull().references('orders.id'))
      .addColumn('from_status', 'varchar(32)')
      .addColumn('to_status', 'varchar(32)', (c) => c.notNull())
      .addColumn('changed_by', 'varchar(32)')
      .addColumn('changed_by_email', 'varchar(320)')
      .addColumn('note', 'text')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('order_status_history_order')
      .on('order_status_history')
      .columns(['order_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('webhook_settings')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('url', 'varchar(2000)', (c) => c.notNull())
      .addColumn('secret', 'varchar(200)', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_by', 'varchar(320)')
      .execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('event', 'varchar(64)', (c) => c.notNull())
      .addColumn('order_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('url', 'varchar(2000)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', t.bigint, (c) => c.notNull())
      .addColumn('locked_until', t.bigint)
      .addColumn('locked_by', 'varchar(64)')
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('delivered_at', 'varchar(32)')
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_due')
      .on('webhook_deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema.createIndex('webhook_deliveries_created').on('webhook_deliveries').columns(['created_at', 'id']).execute();

    await db.schema
      .createTable('webhook_attempts')
      .addColumn('delivery_id', 'varchar(32)', (c) => c.notNull().references('webhook_deliveries.id'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('at', 'varchar(32)', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'attempt'])
      .execute();
  },
};

/** Sorting a status-filtered table by total or customer: the status index alone would sort a million rows. */
export const salesSortIndexes: ServerMigration = {
  name: '0004_sales_sort_indexes',
  async up(db) {
    await db.schema.createIndex('orders_sales_status_total').on('orders').columns(['status', 'total', 'number']).execute();
    await db.schema
      .createIndex('orders_sales_status_customer')
      .on('orders')
      .columns(['status', 'customer_name', 'number'])
      .execute();
  },
};

/**
 * A product or status filter sorted by another key: without these, SQLite takes the filter's
 * index and sorts every matching order (a third of a million for one product: seconds). Each
 * index serves its filter in the sort's order, so a page stops after `limit` rows. Several
 * statuses at once are a UNION ALL of one-status legs (salesRepository), each on these indexes.
 */
export const salesFilterSortIndexes: ServerMigration = {
  name: '0005_sales_filter_sort_indexes',
  async up(db) {
    const index = (name: string, columns: string[]) => db.schema.createIndex(name).on('orders').columns(columns).execute();
    await index('orders_sales_status_number', ['status', 'number']);
    await index('orders_sales_product_number', ['product_id', 'number']);
    await index('orders_sales_product_total', ['product_id', 'total', 'number']);
    await index('orders_sales_product_customer', ['product_id', 'customer_name', 'number']);
  },
};

/** The text SQLite's search table holds for an order (the same words as searchTextSql). 0006 and 0009 use it. */
const SQLITE_SEARCH_TEXT = (row: 'new' | 'orders') =>
  `lower(${row}.customer_name) || char(10) || lower(${row}.customer_email) || char(10) || lower(${row}.variant_code)`;

/** SQLite triggers that kept orders_search in step with orders, as 0006 made them (0009 replaces them). */
const SQLITE_SEARCH_TRIGGERS = [
  `create trigger orders_search_insert after insert on orders begin
     insert into orders_search (rowid, t) values (new.number, ${SQLITE_SEARCH_TEXT('new')});
   end`,
  `create trigger orders_search_update after update of number, customer_name, customer_email, variant_code on orders begin
     delete from orders_search where rowid = old.number;
     insert into orders_search (rowid, t) values (new.number, ${SQLITE_SEARCH_TEXT('new')});
   end`,
  `create trigger orders_search_delete after delete on orders begin
     delete from orders_search where rowid = old.number;
   end`,
];

/** Fill SQLite's search table from every order (0006). */
const SQLITE_SEARCH_FILL = `insert into orders_search (rowid, t) select number, ${SQLITE_SEARCH_TEXT('orders')} from orders`;

/**
 * Free text (a piece of a customer's name or e-mail, or of a variant code) found through an index
 * instead of a scan of every order (a scan reads all of them; docs/benchmarks.md, Sales desk).
 * - PostgreSQL: a GIN trigram index (pg_trgm) on the lower-cased name, e-mail and code, which
 *   serves `like '%…%'`. pg_trgm ships with PostgreSQL and is a trusted extension (any owner of
 *   the database may create it); where it cannot be had, search stays a scan and this says so.
 * - SQLite: an FTS5 table with the trigram tokenizer, contentless (it stores only the index), kept
 *   by triggers, one row per order keyed by its number.
 */
export const salesSearch: ServerMigration = {
  name: '0006_sales_search',
  async up(db, dialect) {
    if (dialect === 'sqlite') {
      await sql`create virtual table orders_search using fts5(t, tokenize = 'trigram', content = '', contentless_delete = 1)`.execute(
        db,
      );
      await sql.raw(SQLITE_SEARCH_FILL).execute(db);
      for (const t of SQLITE_SEARCH_TRIGGERS) await sql.raw(t).execute(db);
      return;
    }
    const trgmSchema = async () =>
      (
        await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
          join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)
      ).rows[0]?.schema;
    let schema = await trgmSchema();
    if (!schema) {
      // Migrations share one transaction: a refused CREATE EXTENSION must not abort the others.
      await sql`savepoint pg_trgm`.execute(db);
      try {
        await sql`create extension if not exists pg_trgm with schema public`.execute(db);
        await sql`release savepoint pg_trgm`.execute(db);
      } catch (e) {
        await sql`rollback to savepoint pg_trgm`.execute(db);
        // Another instance (or test schema) may have created it meanwhile.
        if (!(await trgmSchema()))
          console.warn(
            `0006_sales_search: pg_trgm is not available (${(e as Error).message}); free-text search of orders scans the table. ` +
              'Run "create extension pg_trgm" as a database owner, then "create index orders_search_trgm …" as in server/sales/salesMigration.ts.',
          );
      }
      schema = await trgmSchema();
      if (!schema) return;
    }
    await sql`create index orders_search_trgm on orders using gin (${searchTextSql()} ${sql.id(schema)}.gin_trgm_ops)`.execute(
      db,
    );
    // Statistics of the indexed expression, so the planner knows a common text from a rare one.
    await sql`analyze orders`.execute(db);
  },
};

/**
 * orders_sales_email (0003) served no query: e-mail is found by the free-text search (0006), never
 * filtered or sorted on by itself. Its keys are spread over the whole B-tree, so every order dirtied
 * one more leaf page in the commit that wrote it.
 */
export const dropUnusedEmailIndex: ServerMigration = {
  name: '0007_drop_orders_sales_email',
  async up(db) {
    await db.schema.dropIndex('orders_sales_email').ifExists().execute();
  },
};

/**
 * SQLite's search table merges its segments less eagerly: FTS5's default (automerge 4) starts an
 * incremental merge in the commit of nearly every batch of orders once the table is large, a cost
 * that grew with it (insert-only A/B at 60,000–80,000 orders: 0.17 → 0.13 CPU ms an order, 0.10
 * without the table). Searches read a few more segments, still well under a millisecond.
 */
export const searchMergeLess: ServerMigration = {
  name: '0008_sales_search_automerge',
  async up(db, dialect) {
    if (dialect !== 'sqlite') return;
    await sql`insert into orders_search (orders_search, rank) values ('automerge', 16)`.execute(db);
  },
};

/**
 * SQLite's search table kept in arrears: indexed in runs of hundreds of orders by the order writer
 * (sqliteOrderWriter.ts), not one batch of orders at a time by a trigger. FTS5 writes a new segment
 * per transaction, and merges them: at a batch of ~30 orders a commit that was ~0.11–0.27 CPU ms an
 * order, the largest part of writing one; in runs of 512 it is ~0.01. `orders_search_state` holds
 * the watermark: every order numbered up to `indexed_upto` is in the table, and a search also reads
 * the few orders after it directly (salesRepository's filterWhere), so it stays exact. The update
 * and delete triggers remain for indexed orders.
 */
export const searchInArrears: ServerMigration = {
  name: '0009_sales_search_in_arrears',
  async up(db, dialect) {
    if (dialect !== 'sqlite') return;
    await sql`create table orders_search_state (id integer primary key check (id = 1), indexed_upto integer not null)`.execute(
      db,
    );
    await sql`insert into orders_search_state (id, indexed_upto) values (1, coalesce((select max(number) from orders), 0))`.execute(
      db,
    );
    for (const t of ['orders_search_insert', 'orders_search_update', 'orders_search_delete'])
      await sql`drop trigger if exists ${sql.id(t)}`.execute(db);
    const indexed = (row: 'old' | 'new') => `${row}.number <= (select indexed_upto from orders_search_state)`;
    await sql
      .raw(
        `create trigger orders_search_update after update of number, customer_name, customer_email, variant_code on orders
         when ${indexed('old')} begin
           delete from orders_search where rowid = old.number;
           insert into orders_search (rowid, t) select new.number, ${SQLITE_SEARCH_TEXT('new')} where ${indexed('new')};
         end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger orders_search_delete after delete on orders when ${indexed('old')} begin
           delete from orders_search where rowid = old.number;
         end`,
      )
      .execute(db);
  },
};

/**
 * The sort indexes whose keys land anywhere in the B-tree (a total, a customer name) dirtied a leaf
 * page of each, per order, in the commit that wrote it: with six of them, most of what an order
 * cost to write after the search table (bench:server A/B: 0.39–0.44 CPU ms an order without them,
 * 0.48–0.51 with). Sorting by total or customer is served by the per-status indexes alone (0004):
 * every status is a leg of the page, each leg an index range that stops at a page (salesRepository),
 * and a product filter is checked along the way, or, for a rare product, taken from its index.
 */
export const sortIndexesPerStatus: ServerMigration = {
  name: '0010_sales_sort_indexes_per_status',
  async up(db) {
    for (const name of [
      'orders_sales_total',
      'orders_sales_customer',
      'orders_sales_product_total',
      'orders_sales_product_customer',
    ])
      await db.schema.dropIndex(name).ifExists().execute();
  },
};

/** The sales desk's migrations (the app composes them with the others: server/migrations.ts). */
export const salesMigrations: ServerMigration[] = [
  salesMigration,
  salesSortIndexes,
  salesFilterSortIndexes,
  salesSearch,
  dropUnusedEmailIndex,
  searchMergeLess,
  searchInArrears,
  sortIndexesPerStatus,
  salesDesk,
];
