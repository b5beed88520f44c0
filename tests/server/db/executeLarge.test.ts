import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/database.js';
import { createTestDb, DIALECTS, type TestDb } from '../harness.js';

/** Whether a macrotask queued before `work` started ran before `work` resolved (never, when work holds the thread). */
async function yieldsDuring(work: () => Promise<unknown>): Promise<boolean> {
  let ticked = false;
  setImmediate(() => (ticked = true));
  await work();
  return ticked;
}

describe.each(DIALECTS)('Db.executeLarge on %s', (dialect) => {
  let t: TestDb;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    db = t.db;
    await sql`create table big_blobs (id integer primary key, b ${sql.raw(dialect === 'postgres' ? 'bytea' : 'blob')})`.execute(
      db.kysely,
    );
  });
  afterAll(async () => t.close());

  const blob = Buffer.alloc(8 * 1024 * 1024, 0);
  blob.write('first bytes', 0);
  blob.write('last', blob.length - 4);
  const kysely = () => db.kysely.withTables<{ big_blobs: { id: number; b: Buffer } }>();

  it('writes and reads the same bytes, and reports a failed query as an error with its code', async () => {
    await db.executeLarge(kysely().insertInto('big_blobs').values({ id: 1, b: blob }).compile());
    const { rows } = await db.executeLarge(kysely().selectFrom('big_blobs').select('b').where('id', '=', 1).compile());
    expect(Buffer.isBuffer(rows[0]!.b)).toBe(true);
    expect(Buffer.compare(rows[0]!.b, blob)).toBe(0);
    // What the server's own connection sees is committed.
    const direct = await kysely()
      .selectFrom('big_blobs')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(direct.n)).toBe(1);
    const dup = db.executeLarge(kysely().insertInto('big_blobs').values({ id: 1, b: blob }).compile());
    await expect(dup).rejects.toMatchObject({ code: dialect === 'postgres' ? '23505' : 'SQLITE_CONSTRAINT_PRIMARYKEY' });
  });

  it.runIf(dialect === 'sqlite')('on SQLite leaves the event loop free while the bytes are written and read', async () => {
    // The same write on the server's own connection holds the thread to the end (the control).
    expect(await yieldsDuring(() => kysely().insertInto('big_blobs').values({ id: 2, b: blob }).execute())).toBe(false);
    expect(await yieldsDuring(() => db.executeLarge(kysely().insertInto('big_blobs').values({ id: 3, b: blob }).compile()))).toBe(
      true,
    );
    expect(
      await yieldsDuring(() => db.executeLarge(kysely().selectFrom('big_blobs').select('b').where('id', '=', 3).compile())),
    ).toBe(true);
  });
});

describe('the SQLite offload thread', () => {
  it('starts only when first used, and close() waits for it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mw-offload-'));
    try {
      const db = await openDatabase({ dataDir });
      await db.close(); // no thread was started: nothing to wait for
      const again = await openDatabase({ dataDir });
      await sql`create table t (b blob)`.execute(again.kysely);
      await again.executeLarge(sql`insert into t values (${Buffer.from('x')})`.compile(again.kysely));
      await again.close();
      const reopened = await openDatabase({ dataDir });
      const r = await sql<{ n: number }>`select count(*) as n from t`.execute(reopened.kysely);
      expect(r.rows[0]!.n).toBe(1);
      await reopened.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
