import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { parseProduct, type Product, type ProductInput } from '../../catalog/index.js';
import { createApp } from '../../server/app.js';
import type { AppSettings } from '../../server/context.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import { CompileWorkers } from '../../server/engine/compileWorkers.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { migrations } from '../../server/migrations.js';
import type { Role } from '../../server/db/schema.js';
import { miniProduct } from '../fixtures/miniProduct.js';

/** PostgreSQL for the suites when set (each harness in its own schema of that database). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export type TestDialect = 'sqlite' | 'postgres';
/** Every suite runs on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: TestDialect[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export function parsed(input: ProductInput): Product {
  const r = parseProduct(input);
  if (!r.ok) throw new Error(`test product does not parse: ${JSON.stringify(r.issues)}`);
  return r.product;
}

/** A small but real glTF binary header: enough bytes to be served and hashed. */
export const FAKE_GLB = Buffer.concat([Buffer.from('glTF'), Buffer.from([2, 0, 0, 0, 20, 0, 0, 0]), Buffer.alloc(8)]);

/** A real 2×2 PNG (signature, IHDR, IDAT, IEND with correct CRCs). */
export function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const pngDataUrl = (b: Buffer) => `data:image/png;base64,${b.toString('base64')}`;

export interface TestDb {
  db: Db;
  dataDir: string;
  /** PostgreSQL schema of this harness (for child processes), if on PostgreSQL. */
  schema?: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite folder, or a new schema on TEST_DATABASE_URL. */
export async function createTestDb(dialect: TestDialect = 'sqlite'): Promise<TestDb> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mw-test-'));
  const url = dialect === 'postgres' ? TEST_DATABASE_URL : undefined;
  if (dialect === 'postgres' && !url) throw new Error('set TEST_DATABASE_URL to test on PostgreSQL');
  const schema = url ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const db = await openDatabase({ databaseUrl: url, databaseSchema: schema, dataDir, poolSize: 20 });
  await migrateToLatest(db, migrations);
  const env: Record<string, string> = { DATA_DIR: dataDir };
  if (url) Object.assign(env, { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema! });
  return {
    db,
    dataDir,
    ...(schema ? { schema } : {}),
    env,
    async close() {
      if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.kysely);
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let compileWorkers: CompileWorkers | undefined;
/**
 * The engine's compile threads, one set for the apps of a test file: a thread started from the
 * TypeScript sources loads tsx first (seconds on a busy machine), so apps share the threads
 * (each app keeps its own cache of compiled forms).
 */
export function sharedCompileWorkers(): CompileWorkers {
  return (compileWorkers ??= new CompileWorkers({ memoryMb: 1024 }));
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** An app on a fresh database with the mini mug published as version 1. */
export async function createTestApp(
  dialect: TestDialect,
  opts: { loginMaxAttempts?: number; settings?: Partial<AppSettings>; compileWorkers?: CompileWorkers } = {},
) {
  const t = await createTestDb(dialect);
  const build = (db: Db) =>
    createApp({
      db,
      scryptCost: 2 ** 10,
      loginMaxAttempts: opts.loginMaxAttempts ?? 1000,
      compileWorkers: opts.compileWorkers ?? sharedCompileWorkers(),
      ...(opts.settings ? { settings: opts.settings } : {}),
    });
  const app = build(t.db);
  const others: Db[] = [];

  /** Another app instance on the same database through its own connections, as behind a load balancer. */
  async function anotherInstance() {
    const db = await openDatabase({
      databaseUrl: dialect === 'postgres' ? TEST_DATABASE_URL : undefined,
      databaseSchema: t.schema,
      dataDir: t.dataDir,
      poolSize: 5,
    });
    others.push(db);
    return build(db);
  }
  const mug = parsed(miniProduct());
  await app.ctx.catalog.publish({ product: mug, assets: new Map([['mini-mug.glb', FAKE_GLB]]), note: 'test' });

  /** Make an account of a role and a bearer token for it. */
  async function userWithToken(role: Role) {
    const email = `${role}-${randomBytes(4).toString('hex')}@example.com`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const user = await app.ctx.users.create(email, role, password);
    const { token } = await app.ctx.users.createToken(user.id, 'test');
    return { user, email, password, token };
  }

  async function orderCount(): Promise<number> {
    const r = await t.db.kysely
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async function close() {
    for (const db of others) await db.close();
    await t.close();
  }

  return { app, db: t.db, mug, userWithToken, orderCount, anotherInstance, close };
}

export function validOrder(overrides: Record<string, unknown> = {}) {
  return {
    productId: 'mini-mug',
    version: 1,
    choices: { colour: 'black', finish: 'matte', handle: 'round', size: 'large', 'name-text': 'Ann' },
    quantity: 2,
    customer: { name: 'Ann Example', email: 'ann@example.com', address: 'Kerkstraat 1, 1000 Brussel' },
    ...overrides,
  };
}

export const newKey = () => `test-${randomBytes(12).toString('hex')}`;
