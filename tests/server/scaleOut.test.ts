import { afterAll, describe, expect, it } from 'vitest';
import { miniCatalogDir, startServer, type ChildServer } from './childServer.js';
import { createTestDb, newKey, TEST_DATABASE_URL, validOrder, type TestDb } from './harness.js';

const running: ChildServer[] = [];
let t: TestDb | undefined;
afterAll(async () => {
  for (const s of running) if (s.proc.exitCode === null) await s.kill();
  await t?.close();
});

describe.runIf(TEST_DATABASE_URL)('scale-out: two server processes on one PostgreSQL database', () => {
  it('records each order once when both instances get the same idempotency keys', async () => {
    t = await createTestDb('postgres');
    const env: Record<string, string> = { ...t.env, CATALOG_DIR: miniCatalogDir() };
    // Both start at once on an empty schema: migrations, catalog import and first admin must not clash.
    const [a, b] = await Promise.all([startServer(env), startServer(env)]);
    running.push(a!, b!);

    const keys = Array.from({ length: 150 }, () => newKey());
    const ids = new Map<string, Set<string>>();
    const send = async (url: string, key: string, i: number) => {
      const res = await fetch(`${url}/api/orders`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(validOrder({ choices: { colour: i % 2 ? 'white' : 'black' }, quantity: 1 + (i % 4) })),
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string };
      (ids.get(key) ?? ids.set(key, new Set()).get(key)!).add(body.id);
    };
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const i = next++;
        // The same key through both instances at once, and once more through the first.
        await Promise.all([send(a!.url, keys[i]!, i), send(b!.url, keys[i]!, i), send(a!.url, keys[i]!, i)]);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    for (const k of keys) expect(ids.get(k)!.size, k).toBe(1);
    const rows = await t.db.kysely.selectFrom('orders').select(['idempotency_key', 'number']).execute();
    expect(rows.length).toBe(keys.length);
    expect(new Set(rows.map((r) => r.idempotency_key))).toEqual(new Set(keys));
    const numbers = rows.map((r) => Number(r.number)).sort((x, y) => x - y);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const versions = await t.db.kysely.selectFrom('product_versions').select('version').execute();
    expect(versions.length).toBe(1);
    const admins = await t.db.kysely.selectFrom('users').select('email').execute();
    expect(admins.length).toBe(1);
  }, 120_000); // two server starts (tsx) on a shared, loaded machine: a guard, not a timing
});
