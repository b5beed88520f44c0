import { sql, type Kysely } from 'kysely';
import { randomToken } from '../auth/crypto.js';
import type { DialectName } from '../db/database.js';
import type { Database, OrderSource, OrderStatus } from '../db/schema.js';
import { textProblem } from '../http/text.js';
import { dialectOf, filterWhere, searchMode, type RawDb, type SearchMode } from './orderFilters.js';
import { salesDb, type SalesDatabase } from './salesTables.js';
import { ORDER_STATUSES, type OrderFilters, type SortKey } from './salesSchemas.js';

/** SQLite: a product with fewer orders than this is sorted from its own index rather than walked along a sort index. */
const PRODUCT_PROBE = 5000;

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
