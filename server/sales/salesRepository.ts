import { PostgresAdapter, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { randomToken } from '../auth/crypto.js';
import type { DialectName } from '../db/database.js';
import type { Database, OrderSource, OrderStatus } from '../db/schema.js';
import { textProblem } from '../http/text.js';
import type { RawDb } from './orderStream.js';
import { salesDb, type SalesDatabase } from './salesTables.js';
import { ORDER_STATUSES, type OrderFilters, type SortKey } from './salesSchemas.js';

type Eb = ExpressionBuilder<SalesDatabase, 'orders'>;

const SORT_COLUMN = {
  createdAt: 'created_at',
  number: 'number',
  total: 'total',
  customer: 'customer_name',
} as const satisfies Record<SortKey, string>;

/** The columns the table and the exports read: never the idempotency key or request hash. */
export const LIST_COLUMNS = [
  'id',
  'number',
  'created_at',
  'customer_name',
  'customer_email',
  'product_id',
  'catalog_version',
  'variant_code',
  'quantity',
  'unit_price',
  'total',
  'currency',
  'status',
  'source',
  'external_ref',
] as const;

export interface ListRow {
  id: string;
  number: number;
  created_at: string;
  customer_name: string;
  customer_email: string;
  product_id: string;
  catalog_version: number;
  variant_code: string;
  quantity: number;
  unit_price: number;
  total: number;
  currency: string;
  status: OrderStatus;
  source: OrderSource;
  external_ref: string | null;
}
export interface ExportRow extends ListRow {
  configuration: string;
  customer_address: string | null;
  tracking_number: string | null;
  carrier: string | null;
}

const endOfDay = (d: string) => (d.length === 10 ? `${d}T23:59:59.999Z` : d);
const startOfDay = (d: string) => (d.length === 10 ? `${d}T00:00:00.000Z` : d);
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The text an order is found by: customer name, e-mail and variant code, lower-cased, one per
 * line. A piece of text without a line break matches it exactly when it matches one of the three.
 * PostgreSQL indexes exactly this expression with pg_trgm (migration 0006_sales_search; the
 * planner matches an index by the expression's form); SQLite keeps the same text in the FTS5
 * trigram table orders_search, keyed by the order number, filled in arrears by the order writer.
 */
export const searchTextSql = (table = 'orders') =>
  sql<string>`(lower(${sql.ref(`${table}.customer_name`)}) || chr(10) || lower(${sql.ref(`${table}.customer_email`)}) || chr(10) || lower(${sql.ref(`${table}.variant_code`)}))`;

/**
 * The text an order is found by since migration 0040: searchTextSql's, then the values of its
 * configuration (option ids and personal texts, one a line: not the JSON's keys or quotes), so a
 * personal text ("JD") finds it too. PostgreSQL reads the values with the immutable function
 * maatwerk_config_values (0040) and indexes this very expression (orders_search_trgm).
 */
export const orderSearchTextSql = (table = 'orders') =>
  sql<string>`(lower(${sql.ref(`${table}.customer_name`)}) || chr(10) || lower(${sql.ref(`${table}.customer_email`)}) || chr(10) || lower(${sql.ref(`${table}.variant_code`)}) || chr(10) || lower(maatwerk_config_values(${sql.ref(`${table}.configuration`)})))`;

/** SQLite: the values of an order's configuration, one a line (as maatwerk_config_values on PostgreSQL). */
export const SQLITE_CONFIG_VALUES = (row: string) =>
  `coalesce((select group_concat(value, char(10)) from json_each(${row}.configuration)), '')`;

/** The same text as SQLite's search table holds it (0040 and the order writer's runs). */
export const SQLITE_ORDER_SEARCH_TEXT = (row: 'new' | 'orders') =>
  `lower(${row}.customer_name) || char(10) || lower(${row}.customer_email) || char(10) || lower(${row}.variant_code) || char(10) || lower(${SQLITE_CONFIG_VALUES(row)})`;

/** A trigram index serves a substring of at least three characters. */
const INDEXABLE = 3;
/** SQLite: text found in more orders than this is looked for by the scan, which stops at a page. */
const FTS_PROBE = 1000;
/** SQLite: a product with fewer orders than this is sorted from its own index rather than walked along a sort index. */
const PRODUCT_PROBE = 5000;

/**
 * How free text is looked for:
 * - 'trgm' (PostgreSQL): one LIKE on the search text, which the planner answers from the trigram
 *   index or from a scan in page order, by its statistics of how common the text is;
 * - 'fts' (SQLite): the orders in the FTS5 trigram table's answer, which is a superset (it folds
 *   case beyond ASCII), then the exact test; chosen when the text is rare (see searchMode);
 * - 'scan': the exact test alone on every order, in the page's order, stopping at a full page.
 */
export type SearchMode = 'trgm' | 'fts' | 'scan';

const ftsPhrase = (q: string) => `"${q.replace(/"/g, '""')}"`;

/**
 * The way to look for `f.q` on this database. On SQLite the FTS table is asked first how many
 * orders hold the text, counting to FTS_PROBE at most (under a millisecond): a common text is
 * found fastest by the scan, which stops once a page is full; a rare one through the index.
 */
export function searchMode(raw: RawDb | undefined, f: Pick<OrderFilters, 'q'>): SearchMode {
  const q = f.q;
  if (!q || /^#?\d{1,15}$/.test(q) || [...q].length < INDEXABLE || q.includes('\n') || !raw) return 'scan';
  if (raw.dialect === 'postgres') return 'trgm';
  if (!raw.sqlite) return 'scan';
  const n = (
    raw.sqlite
      .prepare(`select count(*) as n from (select 1 from orders_search where orders_search match ? limit ${FTS_PROBE})`)
      .get(ftsPhrase(q)) as { n: number }
  ).n;
  return n < FTS_PROBE ? 'fts' : 'scan';
}

/** The WHERE of the filters, for any query on orders; free text as `search` says (searchMode). */
export function filterWhere(
  eb: Eb,
  f: OrderFilters,
  search: SearchMode = 'scan',
  {
    productAlong = false,
    dialect = search === 'trgm' ? 'postgres' : 'sqlite',
  }: { productAlong?: boolean; dialect?: DialectName } = {},
): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (f.from) parts.push(eb('orders.created_at', '>=', startOfDay(f.from)));
  if (f.to) parts.push(eb('orders.created_at', '<=', endOfDay(f.to)));
  // productAlong (SQLite): unary + keeps the planner off the product indexes, so that the leg walks
  // its status index in the page's order and checks the product on the way (SalesRepository.page).
  if (f.product)
    parts.push(
      productAlong ? sql<SqlBool>`+${sql.ref('orders.product_id')} = ${f.product}` : eb('orders.product_id', '=', f.product),
    );
  if (f.status?.length) parts.push(eb('orders.status', 'in', f.status));
  if (f.source) parts.push(eb('orders.source', '=', f.source));
  if (f.ref) parts.push(eb('orders.external_ref', '=', f.ref));
  if (f.q) {
    const q = f.q;
    // lower() on both sides: SQLite folds ASCII only, PostgreSQL all of Unicode; each agrees with itself.
    const pattern = `%${likeEscape(q)}%`;
    const like = (col: 'customer_name' | 'customer_email' | 'variant_code') =>
      sql<SqlBool>`lower(${sql.ref(`orders.${col}`)}) like lower(${pattern}) escape '\\'`;
    const values =
      dialect === 'postgres'
        ? sql<SqlBool>`lower(maatwerk_config_values(${sql.ref('orders.configuration')})) like lower(${pattern}) escape '\\'`
        : sql<SqlBool>`lower(${sql.raw(SQLITE_CONFIG_VALUES('orders'))}) like lower(${pattern}) escape '\\'`;
    // Digits alone are an order number: one index lookup instead of a scan of every row.
    const n = /^#?(\d{1,15})$/.exec(q);
    // Products whose name holds the text (SalesRepository.withProductNames): their orders match too.
    const named = f.qProducts?.length ? [eb('orders.product_id', 'in', f.qProducts)] : [];
    if (n) parts.push(eb('orders.number', '=', Number(n[1])));
    else if (search === 'trgm')
      parts.push(eb.or([sql<SqlBool>`${orderSearchTextSql()} like lower(${pattern}) escape '\\'`, ...named]));
    else {
      const text: Expression<SqlBool>[] = [];
      // The search table holds the orders up to its watermark (migration 0009); the few after it are read directly.
      if (search === 'fts')
        text.push(
          sql<SqlBool>`${sql.ref('orders.number')} in (select rowid from orders_search where orders_search match ${ftsPhrase(q)}
            union all select arrears.number from orders as arrears where arrears.number > (select indexed_upto from orders_search_state))`,
        );
      text.push(eb.or([like('customer_name'), like('customer_email'), like('variant_code'), values]));
      parts.push(eb.or([eb.and(text), ...named]));
    }
  }
  return eb.and(parts);
}

/** The dialect a Kysely instance speaks (for callers without the Db's driver handles). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const dialectOf = (db: Kysely<any>): DialectName =>
  db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';

export interface Cursor {
  v: string | number;
  n: number;
}
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.v, c.n])).toString('base64url');
/** The kind of value each sort's cursor carries: what its column holds. */
const CURSOR_VALUE: Record<SortKey, (v: unknown) => boolean> = {
  createdAt: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(v),
  number: (v) => Number.isSafeInteger(v),
  total: (v) => Number.isSafeInteger(v),
  customer: (v) => typeof v === 'string' && v.length <= 200 && !textProblem(v),
};

/**
 * A cursor as this server gave it for `sort`, or null: `[value, number]` where the value is of
 * the sort column's type (a forged `["abc",1]` for the total, `[1.5,1]` or `[1e308,1]` would be a
 * database error on PostgreSQL's bigint; the answer is a 400 instead).
 */
export function decodeCursor(s: string, sort: SortKey): Cursor | null {
  try {
    const a: unknown = JSON.parse(Buffer.from(s, 'base64url').toString());
    if (Array.isArray(a) && a.length === 2 && CURSOR_VALUE[sort](a[0]) && Number.isSafeInteger(a[1]) && (a[1] as number) >= 0)
      return { v: a[0] as string | number, n: a[1] as number };
  } catch {
    // fall through
  }
  return null;
}

export interface StatusChangeInput {
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  by: { id: string; email: string } | null;
  note: string | null;
  at: string;
  /** Kept while the order is shipped; cleared when it leaves "shipped" (an undone shipment). */
  shipment?: { trackingNumber: string | null; carrier: string | null };
}

export class SalesRepository {
  readonly db: Kysely<SalesDatabase>;
  readonly dialect: DialectName;
  /** `raw`: the driver handles of the Db, for streaming exports without Kysely's row objects. */
  constructor(
    kysely: Kysely<Database>,
    readonly raw?: RawDb,
  ) {
    this.db = salesDb(kysely);
    this.dialect = raw?.dialect ?? dialectOf(kysely);
  }

  /**
   * One keyset page: sorted on (key, number), both in the same direction, so each page is an index
   * range. Several statuses are one leg per status, merged: an IN list sorted on another column
   * makes SQLite sort every matching order, while each one-status leg stops after `limit` rows.
   * Total and customer are indexed per status only (migration 0010), so sorted by either, every
   * status is a leg. A product filter is then checked along each leg's walk; on SQLite, a product
   * with fewer than PRODUCT_PROBE orders is instead read from its own index and sorted.
   */
  async page(
    f: OrderFilters,
    sort: SortKey,
    desc: boolean,
    limit: number,
    after: Cursor | null,
    search: SearchMode = this.searchMode(f),
  ): Promise<ListRow[]> {
    const col = SORT_COLUMN[sort];
    const dir = desc ? 'desc' : 'asc';
    const perStatus = (col === 'total' || col === 'customer_name') && !(f.product && this.rareProduct(f.product));
    const productAlong = perStatus && !!f.product && this.raw?.dialect === 'sqlite';
    const leg = (filters: OrderFilters) => {
      let q = this.db
        .selectFrom('orders')
        .select(LIST_COLUMNS)
        .where((eb) => filterWhere(eb, filters, search, { productAlong, dialect: this.dialect }));
      if (after) {
        q = q.where((eb) =>
          col === 'number'
            ? eb('orders.number', desc ? '<' : '>', after.n)
            : eb(eb.refTuple(`orders.${col}`, 'orders.number'), desc ? '<' : '>', eb.tuple(after.v as never, after.n)),
        );
      }
      if (col !== 'number') q = q.orderBy(`orders.${col}`, dir);
      return q.orderBy('orders.number', dir).limit(limit);
    };
    const statuses = f.status?.length ? f.status : perStatus ? ORDER_STATUSES : [];
    // Fewer than two: the filter's own status, if any (ORDER_STATUSES has four).
    if (statuses.length < 2) return (await leg(f).execute()) as ListRow[];
    const legs = statuses.map((s, i) => this.db.selectFrom(leg({ ...f, status: [s] }).as(`l${i}`)).selectAll());
    let merged = legs[0]!;
    for (const l of legs.slice(1)) merged = merged.unionAll(l);
    if (col !== 'number') merged = merged.orderBy(sql.ref(col), dir);
    return (await merged.orderBy(sql.ref('number'), dir).limit(limit).execute()) as ListRow[];
  }

  /** SQLite: whether a product has fewer than PRODUCT_PROBE orders (counted on its index, under a millisecond). */
  private rareProduct(product: string): boolean {
    const sqlite = this.raw?.dialect === 'sqlite' ? this.raw.sqlite : undefined;
    if (!sqlite) return false;
    const n = sqlite
      .prepare(`select count(*) from (select 1 from orders where product_id = ? limit ${PRODUCT_PROBE})`)
      .pluck()
      .get(product) as number;
    return n < PRODUCT_PROBE;
  }

  sortValue(row: ListRow, sort: SortKey): string | number {
    return row[SORT_COLUMN[sort]];
  }

  /** How free text is looked for on this database (searchMode): on SQLite, a probe of the FTS table. */
  searchMode(f: Pick<OrderFilters, 'q'>): SearchMode {
    return searchMode(this.raw, f);
  }

  /** How many orders match, counting at most `cap` (an exact count of a million rows is not worth its time). */
  async count(f: OrderFilters, cap: number, search: SearchMode = this.searchMode(f)): Promise<number> {
    const inner = this.db
      .selectFrom('orders')
      .select(sql.lit(1).as('one'))
      .where((eb) => filterWhere(eb, f, search, { dialect: this.dialect }))
      .limit(cap);
    const r = await this.db
      .selectFrom(inner.as('m'))
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  findOrder(id: string) {
    return this.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  }

  history(orderId: string) {
    return this.db
      .selectFrom('order_status_history')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /**
   * Move an order from one status to another, only if it still has the `from` status (a
   * concurrent change makes this return false), recording who and when; `inTx` runs in the same
   * transaction (the webhook delivery row), so a change and its notification commit together.
   */
  async changeStatus(input: StatusChangeInput, inTx?: (tx: Kysely<SalesDatabase>) => Promise<void>): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const r = await tx
        .updateTable('orders')
        .set({
          status: input.to,
          updated_at: input.at,
          ...(input.to === 'shipped'
            ? { tracking_number: input.shipment?.trackingNumber ?? null, carrier: input.shipment?.carrier ?? null }
            : input.from === 'shipped'
              ? { tracking_number: null, carrier: null }
              : {}),
        })
        .where('id', '=', input.orderId)
        .where('status', '=', input.from)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await tx
        .insertInto('order_status_history')
        .values({
          id: randomToken(12),
          order_id: input.orderId,
          from_status: input.from,
          to_status: input.to,
          changed_by: input.by?.id ?? null,
          changed_by_email: input.by?.email ?? null,
          note: input.note,
          created_at: input.at,
        })
        .execute();
      if (inTx) await inTx(tx);
      return true;
    });
  }

  private readonly names = new Map<string, Record<string, string> | string>();

  /**
   * The name of each product version (`product@version` → its catalog text), read once: a version
   * never changes. Used for the list's product column and to find orders by product name.
   */
  async productNames(): Promise<Map<string, Record<string, string> | string>> {
    const versions = await this.db.selectFrom('product_versions').select(['product_id', 'version']).execute();
    const missing = versions.filter((v) => !this.names.has(`${v.product_id}@${v.version}`));
    if (missing.length) {
      const docs = await this.db
        .selectFrom('product_versions')
        .select(['product_id', 'version', 'document'])
        .where((eb) => eb.or(missing.map((m) => eb.and([eb('product_id', '=', m.product_id), eb('version', '=', m.version)]))))
        .execute();
      for (const d of docs) {
        const doc = JSON.parse(d.document) as { name?: Record<string, string> | string };
        this.names.set(`${d.product_id}@${d.version}`, doc.name ?? d.product_id);
      }
    }
    return this.names;
  }

  /** The filters with `qProducts`: the products whose name (in any version and language) holds the free text. */
  async withProductNames<F extends OrderFilters>(f: F): Promise<F> {
    const q = f.q?.toLowerCase();
    if (!q || /^#?\d{1,15}$/.test(q)) return f;
    const ids = new Set<string>();
    for (const [key, name] of await this.productNames()) {
      const texts = typeof name === 'string' ? [name] : Object.values(name);
      if (texts.some((t) => t.toLowerCase().includes(q))) ids.add(key.slice(0, key.lastIndexOf('@')));
    }
    return ids.size ? { ...f, qProducts: [...ids] } : f;
  }

  /** Every attribute id of every published version of the products, in declaration order (export columns). */
  async productDocuments(productId?: string) {
    let q = this.db.selectFrom('product_versions').select(['product_id', 'version', 'document']);
    if (productId) q = q.where('product_id', '=', productId);
    return q.orderBy('product_id').orderBy('version').execute();
  }
}
