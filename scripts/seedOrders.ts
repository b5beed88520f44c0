/**
 * Fill the database the server uses (DATA_DIR / DATABASE_URL, DATABASE_SCHEMA) with many realistic
 * orders of the published products, fast: valid configurations are made once with the engine,
 * then rows go in as multi-row INSERTs, a batch per statement, many statements per transaction.
 *
 *   npx tsx scripts/seedOrders.ts --orders 1000000
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type Insertable } from 'kysely';
import { pino } from 'pino';
import { validate, type Product } from '../catalog/index.js';
import { CatalogRepository } from '../server/catalog/catalogRepository.js';
import { importCatalogIfEmpty } from '../server/catalog/importCatalog.js';
import { loadConfig } from '../server/config.js';
import { openDatabase, type Db } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { migrations } from '../server/migrations.js';
import type { OrdersTable } from '../server/db/schema.js';
import { indexSearchArrears } from '../server/sales/salesSearchIndex.js';

const STATUSES = [
  'received',
  'received',
  'received',
  'in_production',
  'in_production',
  'shipped',
  'shipped',
  'shipped',
  'shipped',
  'cancelled',
] as const;
const FIRST = [
  'Ann',
  'Bram',
  'Chloé',
  'Dirk',
  'Eva',
  'Femke',
  'Geert',
  'Hanna',
  'Ilse',
  'Joris',
  'Karin',
  'Lars',
  'Mila',
  'Noah',
  'Olga',
  'Pieter',
];
const LAST = [
  'Peeters',
  'Janssens',
  'de Vries',
  'Smit',
  'Bakker',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Visser',
  'Dubois',
];
const CITIES = ['Amsterdam', 'Antwerpen', 'Gent', 'Utrecht', 'Leuven', 'Rotterdam', 'Brugge', 'Haarlem'];

interface Variant {
  productId: string;
  version: number;
  configuration: string;
  price: string;
  variantCode: string;
  unitPrice: number;
  currency: string;
}

/** A deterministic pseudo-random generator (mulberry32): the same seed gives the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to `want` distinct valid configurations of a product, by random choices checked with validate(). */
export function variantsOf(product: Product, version: number, want: number, rand: () => number): Variant[] {
  const out = new Map<string, Variant>();
  for (let tries = 0; tries < want * 30 && out.size < want; tries++) {
    const config: Record<string, string | null> = {};
    for (const a of product.attributes) {
      if (a.kind === 'text') {
        config[a.id] =
          rand() < 0.3 ? FIRST[Math.floor(rand() * FIRST.length)]!.replace(/[^A-Za-z]/g, '').slice(0, a.maxLength) : null;
        if (config[a.id] !== null && !new RegExp(`^[${a.allowed}]*$`).test(config[a.id]!)) config[a.id] = null;
        continue;
      }
      const r = Math.floor(rand() * (a.options.length + (a.optional ? 1 : 0)));
      config[a.id] = r < a.options.length ? a.options[r]!.id : null;
    }
    const v = validate(product, config);
    if (!v.ok) continue;
    const key = JSON.stringify(config);
    if (!out.has(key))
      out.set(key, {
        productId: product.id,
        version,
        configuration: key,
        price: JSON.stringify(v.price),
        variantCode: v.variantCode,
        unitPrice: v.price.total,
        currency: v.price.currency,
      });
  }
  return [...out.values()];
}

export interface SeedOptions {
  orders: number;
  batch?: number;
  /** Orders are spread over this many days before now. */
  days?: number;
  seed?: number;
  onProgress?: (done: number) => void;
}

/** Insert `orders` orders numbered after the current counter; returns the number inserted. */
export async function seedOrders(db: Db, catalog: CatalogRepository, opts: SeedOptions): Promise<number> {
  const rand = rng(opts.seed ?? 42);
  const variants: Variant[] = [];
  for (const p of await catalog.listCurrent()) variants.push(...variantsOf(p.product, p.version, 300, rand));
  if (!variants.length) throw new Error('no published product with a valid configuration to order');
  const k = db.kysely;
  if (db.dialect === 'sqlite') {
    // Bulk load: a big page cache for the index B-trees; a crash mid-seed only loses seed rows.
    await sql`pragma cache_size = -262144`.execute(k);
    await sql`pragma synchronous = off`.execute(k);
  }
  // Into an empty table, load first and index after: building an index from sorted rows is far
  // cheaper than updating a dozen B-trees per row. Only the plain (non-unique) indexes are dropped.
  const empty = !(await k.selectFrom('orders').select('id').limit(1).executeTakeFirst());
  const indexes = empty ? await secondaryIndexes(db) : [];
  for (const i of indexes) await sql`drop index ${sql.id(i.name)}`.execute(k);
  const start = await k.selectFrom('counters').select('value').where('name', '=', 'order_number').executeTakeFirst();
  let number = Number(start?.value ?? 0);
  // 21 columns × 1000 rows stays under both SQLite's and PostgreSQL's bound-parameter limits.
  const batch = opts.batch ?? (db.dialect === 'sqlite' ? 1000 : 2000);
  const days = opts.days ?? 730;
  const now = Date.now();
  const span = days * 86_400_000;
  const step = span / opts.orders;
  const tag = Math.floor(rand() * 1e9).toString(36);
  let done = 0;
  const perTx = 50;
  while (done < opts.orders) {
    await k.transaction().execute(async (tx) => {
      // Seed rows: waiting for each commit to reach the disk buys nothing.
      if (db.dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(tx);
      for (let b = 0; b < perTx && done < opts.orders; b++) {
        const rows: Insertable<OrdersTable>[] = [];
        for (let i = 0; i < batch && done + i < opts.orders; i++) {
          number++;
          const v = variants[Math.floor(rand() * variants.length)]!;
          const first = FIRST[Math.floor(rand() * FIRST.length)]!;
          const last = LAST[Math.floor(rand() * LAST.length)]!;
          const quantity = rand() < 0.85 ? 1 : 1 + Math.floor(rand() * 5);
          const at = new Date(now - span + (done + i) * step).toISOString();
          rows.push({
            id: `seed${tag}${number.toString(36).padStart(10, '0')}`,
            number,
            idempotency_key: `seed-${tag}-${number}`,
            request_hash: '0'.repeat(64),
            product_id: v.productId,
            catalog_version: v.version,
            choices: v.configuration,
            configuration: v.configuration,
            price: v.price,
            variant_code: v.variantCode,
            currency: v.currency,
            unit_price: v.unitPrice,
            quantity,
            total: v.unitPrice * quantity,
            customer_name: `${first} ${last}`,
            customer_email: `${first
              .toLowerCase()
              .normalize('NFD')
              .replace(/[^a-z]/g, '')}.${number}@example.com`,
            customer_address: JSON.stringify(`Dorpsstraat ${1 + (number % 200)}, ${CITIES[number % CITIES.length]}`),
            has_snapshot: 0,
            status: STATUSES[Math.floor(rand() * STATUSES.length)]!,
            created_at: at,
            updated_at: at,
          });
        }
        await tx.insertInto('orders').values(rows).execute();
        done += rows.length;
      }
      await tx
        .insertInto('counters')
        .values({ name: 'order_number', value: number })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: number }))
        .execute();
    });
    opts.onProgress?.(done);
  }
  for (const i of indexes) await sql.raw(i.sql).execute(k);
  // SQLite's search table is filled in arrears (migration 0009): the seeded orders at once, here.
  if (db.sqlite) indexSearchArrears(db.sqlite);
  if (db.dialect === 'sqlite') await sql`pragma synchronous = full`.execute(k);
  // Fresh statistics, so the planner picks the sales indexes on the big table.
  await sql`analyze`.execute(k);
  return done;
}

/** The orders table's non-unique indexes with the SQL that makes them. */
async function secondaryIndexes(db: Db): Promise<{ name: string; sql: string }[]> {
  if (db.dialect === 'sqlite') {
    const r = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
      where type = 'index' and tbl_name = 'orders' and sql is not null and sql not like 'create unique%'`.execute(db.kysely);
    return r.rows;
  }
  const r = await sql<{ name: string; sql: string }>`select indexname as name, indexdef as sql from pg_indexes
    where schemaname = current_schema() and tablename = 'orders' and indexdef not like 'CREATE UNIQUE%'`.execute(db.kysely);
  return r.rows;
}

async function main() {
  const { values } = parseArgs({ options: { orders: { type: 'string', default: '10000' } } });
  const n = Number(values.orders);
  if (!Number.isInteger(n) || n < 1) throw new Error('--orders is a positive whole number');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const config = loadConfig(process.env, root);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    dataDir: config.dataDir,
  });
  await migrateToLatest(db, migrations);
  const catalog = new CatalogRepository(db.kysely);
  await importCatalogIfEmpty(catalog, config.catalogDir, pino({ level: 'warn' }));
  const t0 = performance.now();
  await seedOrders(db, catalog, { orders: n, onProgress: (d) => process.stderr.write(`\r${d} orders`) });
  process.stderr.write(`\rseeded ${n} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  await db.close();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
