import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/database.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { migrations } from '../../../server/migrations.js';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const insertOrder = (db: Db, number: number, name: string) => {
  const now = new Date().toISOString();
  db.sqlite!.prepare(
    `insert into orders (id, number, idempotency_key, request_hash, product_id, catalog_version, choices, configuration,
       price, variant_code, currency, unit_price, quantity, total, customer_name, customer_email, customer_address,
       has_snapshot, status, created_at, updated_at)
     values (?, ?, ?, 'h', 'mug', 1, '{}', '{}', '{}', 'MUG-1', 'EUR', 100, 1, 100, ?, 'x@example.com', null, 0, 'received', ?, ?)`,
  ).run(`id-${number}`, number, `key-${number}`, name, now, now);
};
const indexed = (db: Db, q: string) =>
  db.sqlite!.prepare('select rowid from orders_search where orders_search match ? order by rowid').pluck().all(`"${q}"`);

describe('upgrading a SQLite database to the search table in arrears (0009) and per-status sort indexes (0010)', () => {
  it('keeps what the 0006 triggers indexed, sets the watermark to the last order, and leaves later orders to the writer', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mw-upgrade-'));
    dirs.push(dataDir);
    const db = await openDatabase({ dataDir });
    dbs.push(db);
    const before = migrations.filter((m) => m.name < '0009');
    await migrateToLatest(db, before);
    insertOrder(db, 1, 'Ann Peeters');
    insertOrder(db, 2, 'Bram Jacobs');
    expect(indexed(db, 'peeters')).toEqual([1]); // the 0006 trigger, a row at a time

    await migrateToLatest(db, migrations);
    expect(db.sqlite!.prepare('select indexed_upto from orders_search_state').pluck().get()).toBe(2);
    const triggers = db.sqlite!.prepare(`select name from sqlite_master where type = 'trigger' order by name`).pluck().all();
    expect(triggers).toEqual(['orders_search_delete', 'orders_search_update']);
    const sortIndexes = db
      .sqlite!.prepare(`select name from sqlite_master where type = 'index' and name like 'orders_sales_%'`)
      .pluck()
      .all();
    expect(sortIndexes).toContain('orders_sales_status_total');
    expect(sortIndexes).toContain('orders_sales_status_customer');
    expect(sortIndexes).not.toContain('orders_sales_total');
    expect(sortIndexes).not.toContain('orders_sales_product_customer');

    insertOrder(db, 3, 'Chloé Dubois'); // past the watermark: not indexed by a trigger any more
    expect(indexed(db, 'dubois')).toEqual([]);
    db.sqlite!.prepare(`update orders set customer_name = 'Ann Claes' where number = 1`).run();
    expect(indexed(db, 'peeters')).toEqual([]);
    expect(indexed(db, 'claes')).toEqual([1]);
  });
});
