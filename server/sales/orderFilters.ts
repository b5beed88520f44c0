import { PostgresAdapter, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Db, DialectName } from '../db/database.js';
import type { OrderFilters } from './salesSchemas.js';
import type { SalesDatabase } from './salesTables.js';

/**
 * Which orders a filter set means, as SQL: the WHERE every query on orders uses (the table's
 * pages and counts, the exports' stream), and the free text's search text and mode. The sales
 * desk's repository and its export stream both stand on this module.
 */

type Eb = ExpressionBuilder<SalesDatabase, 'orders'>;

/** The driver handles the hot paths need (a Db has them; tests may pass a bare Kysely). */
export type RawDb = Pick<Db, 'dialect' | 'sqlite' | 'pool'>;

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
    const exactValues =
      dialect === 'postgres'
        ? sql<SqlBool>`lower(maatwerk_config_values(${sql.ref('orders.configuration')})) like lower(${pattern}) escape '\\'`
        : sql<SqlBool>`lower(${sql.raw(SQLITE_CONFIG_VALUES('orders'))}) like lower(${pattern}) escape '\\'`;
    // The stored JSON holds every value as typed unless JSON escapes a character of it (a quote, a
    // backslash, a control character): for a text without those, a LIKE on the JSON is a cheap
    // superset that spares most orders the JSON parse: a search under a trigram ("JD") scans every
    // order, and this made that scan's SQL 2–3× faster on SQLite (docs/benchmarks.md, ## Sales).
    const values = [...q].some((c) => c === '"' || c === '\\' || c < ' ')
      ? exactValues
      : eb.and([sql<SqlBool>`lower(${sql.ref('orders.configuration')}) like lower(${pattern}) escape '\\'`, exactValues]);
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
