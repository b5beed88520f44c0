import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogRepository } from '../../../server/catalog/catalogRepository.js';
import { importCatalogIfEmpty } from '../../../server/catalog/importCatalog.js';
import { startServer, type ChildServer } from '../childServer.js';
import { createTestDb, DIALECTS, TEST_DATABASE_URL, type TestDb } from '../harness.js';

const bundled = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../catalog/data/products');
const bundledIds = readdirSync(bundled)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

const dbs: TestDb[] = [];
const running: ChildServer[] = [];
afterAll(async () => {
  for (const s of running) if (s.proc.exitCode === null) await s.kill();
  for (const t of dbs) await t.close();
});

async function versions(t: TestDb) {
  const rows = await t.db.kysely.selectFrom('product_versions').select(['product_id', 'version']).execute();
  const products = await t.db.kysely.selectFrom('products').select(['id', 'current_version']).execute();
  return { rows: rows.map((r) => `${r.product_id}@${Number(r.version)}`).sort(), products };
}

describe.each(DIALECTS)('first-start catalog import on %s', (dialect) => {
  it('publishes every bundled product once, at version 1, when several importers run at once', async () => {
    const t = await createTestDb(dialect);
    dbs.push(t);
    const logger = pino({ level: 'silent' });
    // Separate repositories (as separate instances have), racing on one database.
    const counts = await Promise.all(
      Array.from({ length: 4 }, () => importCatalogIfEmpty(new CatalogRepository(t.db.kysely), bundled, logger)),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(bundledIds.length);
    const v = await versions(t);
    expect(v.rows).toEqual(bundledIds.map((id) => `${id}@1`));
    expect(v.products.every((p) => Number(p.current_version) === 1)).toBe(true);
  }, 60_000);
});

describe.runIf(TEST_DATABASE_URL)('first start of two instances together on one PostgreSQL database', () => {
  it('imports the bundled catalog once: every product at version 1', async () => {
    const t = await createTestDb('postgres');
    dbs.push(t);
    // No CATALOG_DIR: the bundled catalog, as `npm start` imports it.
    const [a, b] = await Promise.all([
      startServer(t.env, { startTimeoutMs: 90_000 }),
      startServer(t.env, { startTimeoutMs: 90_000 }),
    ]);
    running.push(a!, b!);
    const v = await versions(t);
    expect(v.rows).toEqual(bundledIds.map((id) => `${id}@1`));
    expect(v.products.map((p) => Number(p.current_version))).toEqual(bundledIds.map(() => 1));
    await Promise.all([a!.stop(), b!.stop()]);
  }, 200_000); // two server starts (tsx) on a shared machine: a guard, not a timing
});
