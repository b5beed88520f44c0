import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import { filterWhere } from './salesRepository.js';
import type { OrderFilters } from './salesSchemas.js';
import type { SalesDatabase } from './salesTables.js';

/**
 * The columns an export reads, in this order: rows come back as arrays (no per-row object, no
 * per-row key lookup), so the position of a column is its index here.
 */
export const STREAM_COLUMNS = [
  'number',
  'id',
  'created_at',
  'status',
  'product_id',
  'catalog_version',
  'variant_code',
  'quantity',
  'currency',
  'unit_price',
  'total',
  'customer_name',
  'customer_email',
  'customer_address',
  'configuration',
] as const;
/** Index of each column in a StreamRow. */
export const Col = {
  number: 0,
  id: 1,
  createdAt: 2,
  status: 3,
  productId: 4,
  catalogVersion: 5,
  variantCode: 6,
  quantity: 7,
  currency: 8,
  unitPrice: 9,
  total: 10,
  customerName: 11,
  customerEmail: 12,
  customerAddress: 13,
  configuration: 14,
} as const;
/** One order as STREAM_COLUMNS, straight from the driver. */
export type StreamRow = unknown[];

/** The driver handles the hot path needs (a Db has them; tests may pass a bare Kysely). */
export type RawDb = Pick<Db, 'dialect' | 'sqlite' | 'pool'>;

/**
 * Every order matching the filters, in number order, in batches of arrays. The SQL text comes
 * from Kysely (one place knows the filters) but runs on the driver directly:
 * - SQLite: one statement in raw mode, iterated on a read-only connection of its own;
 * - PostgreSQL: a server-side cursor in one read-only transaction (one snapshot, one plan),
 *   FETCHed in batches as arrays on a connection of its own.
 * Without a driver handle, Kysely's rows are turned into arrays (slower; same output).
 */
export async function* streamOrders(
  db: Kysely<SalesDatabase>,
  raw: RawDb | undefined,
  f: OrderFilters,
  size = raw?.dialect === 'postgres' ? 2000 : 250,
): AsyncGenerator<StreamRow[]> {
  const query = (after: number | null, limit: number | null) => {
    let q = db
      .selectFrom('orders')
      .select(STREAM_COLUMNS)
      .where((eb) => (after === null ? filterWhere(eb, f) : eb.and([filterWhere(eb, f), eb('orders.number', '>', after)])))
      .orderBy('orders.number');
    if (limit !== null) q = q.limit(limit);
    return q.compile();
  };

  if (raw?.dialect === 'sqlite' && raw.sqlite) {
    // A connection of its own (WAL: readers never block the writer), so the statement can stay
    // open across awaits while the main connection serves other requests; one read transaction.
    // rowid order is number order: an order's number is max(number) + 1 inside its own insert.
    const c = db
      .selectFrom('orders')
      .select(STREAM_COLUMNS)
      .where((eb) => filterWhere(eb, f))
      .orderBy(sql`orders.rowid`)
      .compile();
    const conn = new SqliteDatabase(raw.sqlite.name, { readonly: true, fileMustExist: true });
    try {
      conn.pragma('busy_timeout = 10000');
      const rows = conn
        .prepare<unknown[], StreamRow>(c.sql)
        .raw(true)
        .iterate(...(c.parameters as unknown[]));
      let batch: StreamRow[] = [];
      for (const r of rows) {
        batch.push(r);
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      conn.close();
    }
    return;
  }

  if (raw?.dialect === 'postgres' && raw.pool) {
    const client = await raw.pool.connect();
    let failed: Error | undefined;
    let open = false;
    try {
      const c = query(null, null);
      await client.query('begin transaction isolation level repeatable read read only');
      open = true;
      await client.query(`declare sales_export no scroll cursor for ${c.sql}`, c.parameters as unknown[]);
      for (;;) {
        const r = await client.query<StreamRow>({ text: `fetch ${size} from sales_export`, rowMode: 'array' });
        if (r.rows.length) yield r.rows;
        if (r.rows.length < size) break;
      }
      await client.query('commit');
      open = false;
    } catch (e) {
      failed = e as Error;
      throw e;
    } finally {
      // Stopped early (the client went away) or failed: end the transaction before the connection goes back.
      if (failed) client.release(failed);
      else if (!open) client.release();
      else {
        try {
          await client.query('rollback');
          client.release();
        } catch (e) {
          client.release(e as Error);
        }
      }
    }
    return;
  }

  let after = 0;
  for (;;) {
    const rows = (await db.executeQuery(query(after, size))).rows as Record<string, unknown>[];
    if (rows.length) yield rows.map((r) => STREAM_COLUMNS.map((k) => r[k]));
    if (rows.length < size) return;
    after = Number(rows[rows.length - 1]!.number);
  }
}
