import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { miniCatalogDir, startServer, type ChildServer } from './childServer.js';
import { createTestDb, DIALECTS, newKey, validOrder, type TestDb } from './harness.js';

const running: ChildServer[] = [];
afterAll(async () => {
  for (const s of running) if (s.proc.exitCode === null) await s.kill();
});

async function postOrder(url: string, key: string, body: unknown) {
  const res = await fetch(`${url}/api/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { id?: string; number?: number } };
}

const CHOICES = [
  { colour: 'white' },
  { colour: 'black', size: 'large' },
  { colour: 'gold', handle: 'square' },
  { finish: 'matte', 'name-text': 'Bo' },
];

describe.each(DIALECTS)('crash safety on %s', (dialect) => {
  let t: TestDb;
  afterAll(async () => t?.close());

  it('keeps every order that got a 201, exactly once, across a SIGKILL mid-load', async () => {
    t = await createTestDb(dialect);
    const env: Record<string, string> = { ...t.env, CATALOG_DIR: miniCatalogDir() };
    const first = await startServer(env);
    running.push(first);

    const confirmed = new Map<string, string>(); // key → order id
    const keys = Array.from({ length: 400 }, () => newKey());
    const bodyOf = (i: number) => validOrder({ choices: CHOICES[i % CHOICES.length], quantity: 1 + (i % 3) });
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < keys.length) {
        const i = next++;
        try {
          const r = await postOrder(first.url, keys[i]!, bodyOf(i));
          if (r.status === 201) confirmed.set(keys[i]!, r.body.id!);
          else if (!killed) throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body)}`);
        } catch (e) {
          if (!killed) throw e;
        }
        if (confirmed.size >= 60 && !killed) {
          killed = true;
          first.proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(killed).toBe(true);
    expect(confirmed.size).toBeGreaterThanOrEqual(60);

    const second = await startServer(env);
    running.push(second);
    // Every confirmed order is there, and retrying its key gives it back instead of a new one.
    for (const [key, id] of confirmed) {
      const got = await fetch(`${second.url}/api/orders/${id}`);
      expect(got.status).toBe(200);
      const i = keys.indexOf(key);
      const again = await postOrder(second.url, key, bodyOf(i));
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(id);
    }
    expect(await second.stop()).toBe(0);

    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, databaseSchema: env.DATABASE_SCHEMA, dataDir: t.dataDir });
    try {
      const rows = await db.kysely.selectFrom('orders').select(['id', 'idempotency_key', 'number']).execute();
      const byKey = new Map(rows.map((r) => [r.idempotency_key, r.id]));
      expect(byKey.size).toBe(rows.length);
      for (const [key, id] of confirmed) expect(byKey.get(key)).toBe(id);
      // Numbers stay unique and gapless.
      const numbers = rows.map((r) => Number(r.number)).sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    } finally {
      await db.close();
    }
  }, 120_000); // two server starts (tsx) on a shared, loaded machine: a guard, not a timing
});
