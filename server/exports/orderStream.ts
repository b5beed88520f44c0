import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { dialectOf, filterWhere, searchMode, type RawDb } from '../sales/orderFilters.js';
import type { OrderFilters } from '../sales/salesSchemas.js';
import type { SalesDatabase } from '../sales/salesTables.js';

/** The columns every export starts with (its CSV headers too): which order, when, and of what. */
export const KEY_COLUMNS = ['number', 'id', 'created_at', 'status', 'product_id', 'catalog_version', 'variant_code'] as const;

/**
 * The columns an export reads, in this order: rows come back as arrays (no per-row object, no
 * per-row key lookup), so the position of a column is its index here.
 */
export const STREAM_COLUMNS = [
  ...KEY_COLUMNS,
  'quantity',
  'currency',
  'unit_price',
  'total',
  'customer_name',
  'customer_email',
  'customer_address',
  'configuration',
  'tracking_number',
  'carrier',
  'source',
  'external_ref',
] as const;
const at = (c: (typeof STREAM_COLUMNS)[number]) => STREAM_COLUMNS.indexOf(c);
/** Index of each column in a StreamRow (looked up in STREAM_COLUMNS, so the two cannot drift apart). */
export const Col = {
  number: at('number'),
  id: at('id'),
  createdAt: at('created_at'),
  status: at('status'),
  productId: at('product_id'),
  catalogVersion: at('catalog_version'),
  variantCode: at('variant_code'),
  quantity: at('quantity'),
  currency: at('currency'),
  unitPrice: at('unit_price'),
  total: at('total'),
  customerName: at('customer_name'),
  customerEmail: at('customer_email'),
  customerAddress: at('customer_address'),
  configuration: at('configuration'),
  trackingNumber: at('tracking_number'),
  carrier: at('carrier'),
  source: at('source'),
  externalRef: at('external_ref'),
} as const;
/** One order as STREAM_COLUMNS, straight from the driver. */
export type StreamRow = unknown[];

export type { RawDb } from '../sales/orderFilters.js';

/**
 * Every order matching the filters, in number order, handed to `row` as an array as soon as the
 * driver has it; every few hundred rows `pause` is awaited (the caller flushes its output there and
 * waits for a slow client). Rows are never gathered into batches: a row's strings die young, so an
 * export of any size stays in the young generation instead of growing the old one. The SQL text
 * comes from Kysely (one place knows the filters) but runs on the driver directly:
 * - SQLite: one statement in raw mode, iterated on a read-only connection of its own;
 * - PostgreSQL: a server-side cursor in one read-only transaction (one snapshot, one plan),
 *   FETCHed as arrays on a connection of its own, each row handed on as it is parsed. 4,000 rows
 *   a FETCH: between two FETCHes both sides wait (a round trip and the flush); at 1,000 a CSV
 *   export ran at 91–114k rows/s, at 4,000 at 110–133k (four interleaved pairs, same peak RSS).
 * Without a driver handle, Kysely's rows are turned into arrays (slower; same output).
 * Resolves with the number of rows.
 */
export async function eachOrder(
  db: Kysely<SalesDatabase>,
  raw: RawDb | undefined,
  f: OrderFilters,
  row: (r: StreamRow) => void,
  pause: () => Promise<void>,
  size = raw?.dialect === 'postgres' ? 4000 : 250,
): Promise<number> {
  let n = 0;
  /** The orders of the filters, as STREAM_COLUMNS; the driver paths find free text through its index. */
  const select = () => {
    const search = raw ? searchMode(raw, f) : 'scan';
    return db
      .selectFrom('orders')
      .select(STREAM_COLUMNS)
      .where((eb) => filterWhere(eb, f, search, { dialect: raw?.dialect ?? dialectOf(db) }));
  };
  if (raw?.dialect === 'sqlite' && raw.sqlite) {
    // A connection of its own (WAL: readers never block the writer), so the statement can stay
    // open across awaits while the main connection serves other requests; one read transaction.
    // rowid order is number order: an order's number is max(number) + 1 inside its own insert.
    const c = select()
      .orderBy(sql`orders.rowid`)
      .compile();
    const conn = new SqliteDatabase(raw.sqlite.name, { readonly: true, fileMustExist: true });
    try {
      conn.pragma('busy_timeout = 10000');
      const rows = conn
        .prepare<unknown[], StreamRow>(c.sql)
        .raw(true)
        .iterate(...(c.parameters as unknown[]));
      for (const r of rows) {
        row(r);
        if (++n % size === 0) await pause();
      }
    } finally {
      conn.close();
    }
    return n;
  }

  if (raw?.dialect === 'postgres' && raw.pool) {
    const client = await raw.pool.connect();
    let failed: Error | undefined;
    let open = false;
    /** One FETCH, each row handed to `row` from pg's parser (pg keeps none: there is a row listener). */
    const fetch = () =>
      new Promise<number>((resolve, reject) => {
        let got = 0;
        let thrown: unknown;
        // (@types/pg leaves rowMode out of Query's own config type; pg reads it there.)
        const q = new pg.Query<StreamRow>({ text: `fetch ${size} from sales_export`, rowMode: 'array' } as pg.QueryConfig);
        q.on('row', (r: StreamRow) => {
          got++;
          if (thrown !== undefined) return;
          try {
            row(r);
          } catch (e) {
            thrown = e; // not thrown into pg's message handler: reported when the FETCH ends
          }
        });
        q.on('end', () => (thrown === undefined ? resolve(got) : reject(thrown as Error)));
        q.on('error', reject);
        void client.query(q);
      });
    try {
      const c = select().orderBy('orders.number').compile();
      await client.query('begin transaction isolation level repeatable read read only');
      open = true;
      await client.query(`declare sales_export no scroll cursor for ${c.sql}`, c.parameters as unknown[]);
      for (;;) {
        const got = await fetch();
        n += got;
        await pause();
        if (got < size) break;
      }
      await client.query('commit');
      open = false;
    } catch (e) {
      failed = e as Error;
      throw e;
    } finally {
      // Stopped early (the client went away) or failed: end the transaction before the connection goes back.
      if (failed && !open) client.release(failed);
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
    return n;
  }

  let after = 0;
  for (;;) {
    const c = select().where('orders.number', '>', after).orderBy('orders.number').limit(size).compile();
    const rows = (await db.executeQuery(c)).rows as Record<string, unknown>[];
    for (const r of rows) row(STREAM_COLUMNS.map((k) => r[k]));
    n += rows.length;
    await pause();
    if (rows.length < size) return n;
    after = Number(rows[rows.length - 1]!.number);
  }
}
