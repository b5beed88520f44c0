import type BetterSqlite3 from 'better-sqlite3';
import { SQLITE_ORDER_SEARCH_TEXT } from './orderFilters.js';

/*
 * SQLite's search table of orders (orders_search, migrations 0006, 0009, 0040) is kept in arrears:
 * the order writer (server/orders) runs these statements after its batches, through its
 * ArrearsIndex interface, so that writing an order knows nothing of the sales desk.
 */

/** The statements that index SQLite's orders in arrears (0009; the text of 0040): the watermark, a run of orders, the new watermark. */
export const SQLITE_SEARCH_INDEX = {
  upto: 'select indexed_upto from orders_search_state',
  fill: `insert into orders_search (rowid, t) select number, ${SQLITE_ORDER_SEARCH_TEXT('orders')} from orders where number > ? and number <= ? order by number`,
  set: 'update orders_search_state set indexed_upto = ?',
  last: 'select max(number) from orders',
};

/** Index every SQLite order not yet in the search table, in one transaction (after a bulk load). */
export function indexSearchArrears(raw: BetterSqlite3.Database): void {
  raw
    .transaction(() => {
      const upto = Number(raw.prepare(SQLITE_SEARCH_INDEX.upto).pluck().get());
      const last = Number(raw.prepare(SQLITE_SEARCH_INDEX.last).pluck().get() ?? 0);
      if (last <= upto) return;
      raw.prepare(SQLITE_SEARCH_INDEX.fill).run(upto, last);
      raw.prepare(SQLITE_SEARCH_INDEX.set).run(last);
    })
    .immediate();
}
