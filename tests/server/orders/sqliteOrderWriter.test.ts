import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteOrderWriter } from '../../../server/orders/sqliteOrderWriter.js';
import { SQLITE_SEARCH_INDEX } from '../../../server/sales/salesSearchIndex.js';
import { newOrder as order } from '../../fixtures/newOrder.js';
import { createTestDb, tinyPng, type TestDb } from '../harness.js';

let t: TestDb | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function open() {
  t = await createTestDb('sqlite');
  const raw = t.db.sqlite!;
  return { raw, writer: new SqliteOrderWriter(raw.name, { arrears: SQLITE_SEARCH_INDEX }) };
}

describe('SqliteOrderWriter (orders written on a thread of their own)', () => {
  it('numbers a batch gaplessly after the last order, skips keys taken before or earlier in the batch, stores snapshots', async () => {
    const { raw, writer } = await open();
    expect(await writer.write([order('a'), order('b')], [null, null])).toEqual([1, 2]);
    const png = tinyPng();
    const batch = [order('c', { has_snapshot: 1 }), order('a'), order('d'), order('c')];
    expect(await writer.write(batch, [png, null, null, null])).toEqual([3, null, 4, null]);
    const rows = raw.prepare('select number, idempotency_key, id, total from orders order by number').all() as {
      number: number;
      idempotency_key: string;
      id: string;
      total: number;
    }[];
    expect(rows.map((r) => [r.number, r.idempotency_key])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
    expect(rows[2]!.id).toBe(batch[0]!.id);
    expect(rows[2]!.total).toBe(2000);
    const snap = raw.prepare('select png from order_snapshots where order_id = ?').get(batch[0]!.id) as { png: Buffer };
    expect(Buffer.compare(snap.png, png)).toBe(0);
    await writer.close();
  });

  it('rolls a failing batch back as a whole, reports the driver error code, and goes on writing', async () => {
    const { raw, writer } = await open();
    const first = order('x');
    await writer.write([first], [null]);
    // The same primary key under another idempotency key: a constraint the key check does not catch.
    const clash = order('y', { id: first.id });
    const err = await writer.write([order('z'), clash], [null, null]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(raw.prepare('select count(*) from orders').pluck().get()).toBe(1); // 'z' rolled back with it
    expect(await writer.write([order('z')], [null])).toEqual([2]);
    await writer.close();
  });

  it('finishes the batches already sent when closed, and refuses new ones', async () => {
    const { raw, writer } = await open();
    const sent = [writer.write([order('p')], [null]), writer.write([order('q')], [null])];
    await writer.close();
    expect(await Promise.all(sent)).toEqual([[1], [2]]);
    expect(raw.prepare('select count(*) from orders').pluck().get()).toBe(2);
    await expect(writer.write([order('r')], [null])).rejects.toThrow(/closed/);
  });

  it('fails what it holds when its thread cannot open the database, and starts a new thread for the next batch', async () => {
    const { raw, writer } = await open();
    const broken = new SqliteOrderWriter(`${raw.name}.missing`);
    await expect(broken.write([order('m')], [null])).rejects.toThrow();
    await broken.close();
    expect(await writer.write([order('m')], [null])).toEqual([1]);
    await writer.close();
  });

  it('keeps the WAL bounded under orders without a pause, though the server connection never checkpoints', async () => {
    const { raw } = await open();
    raw.pragma('wal_autocheckpoint = 0'); // as the server's own connection, with the checkpointer thread
    const writer = new SqliteOrderWriter(raw.name, { walCheckpointPages: 1000, arrears: SQLITE_SEARCH_INDEX });
    const big = JSON.stringify({ note: 'x'.repeat(3000) });
    for (let b = 0; b < 60; b++)
      await writer.write(
        Array.from({ length: 50 }, (_, i) => order(`w${b}-${i}`, { configuration: big, customer_name: `C ${b}-${i}` })),
        Array.from({ length: 50 }, () => null),
      );
    expect(raw.prepare('select count(*) from orders').pluck().get()).toBe(3000);
    // 3,000 orders of ~4 KB each went through the WAL (> 12 MB); it started over instead of growing.
    expect(statSync(`${raw.name}-wal`).size).toBeLessThan(8 * 1024 * 1024);
    await writer.close();
  });

  describe('the search table in arrears (migration 0009)', () => {
    const upto = (raw: { prepare(s: string): { pluck(): { get(): unknown } } }) =>
      raw.prepare('select indexed_upto from orders_search_state').pluck().get();
    const matches = (raw: { prepare(s: string): { pluck(): { all(...a: unknown[]): unknown[] } } }, q: string) =>
      raw.prepare('select rowid from orders_search where orders_search match ? order by rowid').pluck().all(`"${q}"`);

    it('indexes a run of 512 waiting orders inside a batch, and the rest once no batch comes for a second', async () => {
      const { raw, writer } = await open();
      for (let b = 0; b < 5; b++)
        await writer.write(
          Array.from({ length: 100 }, (_, i) => order(`k${b}-${i}`, { customer_name: `Run Customer ${b * 100 + i + 1}` })),
          Array.from({ length: 100 }, () => null),
        );
      expect(upto(raw)).toBe(0); // 500 waiting: under a run
      await writer.write([order('k-last', { customer_name: 'Arrears Anna' })], [null]);
      await writer.write(
        Array.from({ length: 20 }, (_, i) => order(`k5-${i}`)),
        Array.from({ length: 20 }, () => null),
      );
      expect(upto(raw)).toBe(521); // indexed with the batch that took the wait past 512
      expect(matches(raw, 'arrears anna')).toEqual([501]);
      await writer.write([order('k-after', { customer_name: 'Tail Tom' })], [null]);
      expect(matches(raw, 'tail tom')).toEqual([]); // in arrears, for now
      const until = Date.now() + 5000;
      while (upto(raw) !== 522 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(upto(raw)).toBe(522);
      expect(matches(raw, 'tail tom')).toEqual([522]);
      await writer.close();
    });

    it('catches up after a quiet second one run of 512 at a time, so that a batch waits behind one run at most', async () => {
      const { raw, writer } = await open();
      await writer.write([order('first')], [null]); // the writer thread starts; its idle timer with it
      // Then 1,100 orders in arrears (as after an upgrade, or a crash before the catch-up), written around the writer.
      const columns = Object.keys(order('probe'));
      const insert = raw.prepare(
        `insert into orders (${[...columns, 'number'].join(', ')}) values (${[...columns, 'number'].map(() => '?').join(', ')})`,
      );
      raw.transaction(() => {
        for (let n = 2; n <= 1101; n++) insert.run(...Object.values(order(`bulk-${n}`, { customer_name: `Bulk ${n}` })), n);
      })();
      raw.exec(`create table watermarks (upto integer);
        create trigger watermark_moves after update on orders_search_state begin insert into watermarks values (new.indexed_upto); end;`);
      const until = Date.now() + 5000;
      while (upto(raw) !== 1101 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(raw.prepare('select upto from watermarks').pluck().all()).toEqual([512, 1024, 1101]);
      expect(matches(raw, 'bulk 1100')).toEqual([1100]);
      await writer.close();
    });

    it('a changed name is re-indexed for an indexed order, and left to the catch-up for one in arrears', async () => {
      const { raw, writer } = await open();
      await writer.write([order('u1', { customer_name: 'Old Name' }), order('u2', { customer_name: 'Late Lena' })], [null, null]);
      raw.prepare('update orders_search_state set indexed_upto = 1').run();
      raw.prepare("insert into orders_search (rowid, t) values (1, 'old name')").run();
      raw.prepare("update orders set customer_name = 'New Name' where number = 1").run();
      raw.prepare("update orders set customer_name = 'Later Lena' where number = 2").run();
      expect(matches(raw, 'old name')).toEqual([]);
      expect(matches(raw, 'new name')).toEqual([1]);
      expect(matches(raw, 'lena')).toEqual([]); // not indexed twice: the catch-up does it
      const until = Date.now() + 5000;
      while (upto(raw) !== 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(matches(raw, 'later lena')).toEqual([2]);
      await writer.close();
    });
  });
});
