import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type QueryResult } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { Database } from './schema.js';
import { startCheckpointer, type Checkpointer } from './sqliteCheckpointer.js';
import { configureConnection } from './sqliteConnection.js';
import { startOffload } from './sqliteOffload.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** PostgreSQL schema everything lives in, when not the default. */
  schema?: string | undefined;
  /** The driver underneath, for the few hot paths that must skip Kysely's row objects (bulk exports). */
  sqlite?: SqliteDatabase.Database;
  pool?: pg.Pool;
  /**
   * A query that moves many bytes (a blob of megabytes): on SQLite it runs on a thread with a
   * connection of its own instead of holding the event loop (sqliteOffload.ts); on PostgreSQL the
   * driver's I/O is asynchronous already, so it runs as any query. Compile it with Kysely's `.compile()`.
   */
  executeLarge<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
  /** Throws when the database cannot answer (for /readyz). */
  ping(): Promise<void>;
  /** Run `hook` first when the database closes (for threads with a connection of their own). */
  onClose(hook: () => Promise<void>): void;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://… for PostgreSQL; otherwise SQLite in dataDir/maatwerk.sqlite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL only: the schema to work in (search_path), created if missing. */
  databaseSchema?: string | undefined;
  dataDir: string;
  poolSize?: number;
  /**
   * SQLite only: WAL checkpoints on a worker thread instead of inside the commit that crosses
   * 1,000 WAL pages (for the long-running server; see sqliteCheckpointer.ts).
   */
  backgroundCheckpoints?: boolean;
}

/** Open the database: SQLite (WAL) by default, PostgreSQL when a URL is given. */
export async function openDatabase(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.databaseSchema, opts.poolSize ?? 10);
  return openSqlite(opts.dataDir, opts.backgroundCheckpoints ?? false);
}

function openSqlite(dataDir: string, backgroundCheckpoints: boolean): Db {
  mkdirSync(dataDir, { recursive: true });
  const raw = new SqliteDatabase(path.join(dataDir, 'maatwerk.sqlite'));
  raw.pragma('journal_mode = WAL');
  // synchronous = FULL among them: orders are group-committed, so that is one sync per batch of
  // orders; docs/benchmarks.md ("## Server") has the cost.
  configureConnection(raw, backgroundCheckpoints ? 0 : undefined);
  let checkpointer: Checkpointer | undefined;
  if (backgroundCheckpoints) {
    checkpointer = startCheckpointer(raw.name, {
      onError: (message) => console.error(`WAL checkpoint failed: ${message}`),
    });
  }
  // Kysely prepares every query anew; preparing is most of the cost of a small query, and
  // the hot paths run the same few SQL texts, so statements are kept by their SQL.
  const statements = new LRUCache<string, SqliteDatabase.Statement>({ max: 1000 });
  const database = {
    close: () => raw.close(),
    prepare(sqlText: string) {
      let stmt = statements.get(sqlText);
      if (!stmt) {
        stmt = raw.prepare(sqlText);
        statements.set(sqlText, stmt);
      }
      return stmt;
    },
  };
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  const hooks = closeHooks();
  const offload = startOffload(raw.name, Number(raw.pragma('wal_autocheckpoint', { simple: true })));
  return {
    kysely,
    dialect: 'sqlite',
    sqlite: raw,
    executeLarge: (query) => offload.execute(query),
    async ping() {
      raw.prepare('select 1').get();
    },
    onClose: hooks.add,
    async close() {
      await hooks.run();
      await offload.close();
      await checkpointer?.close();
      await kysely.destroy();
    },
  };
}

async function openPostgres(url: string, schema: string | undefined, poolSize: number): Promise<Db> {
  const int8 = (v: string) => Number(v);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // bigint columns hold money × quantity: well within Number's safe range, so read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? int8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries report their own errors.
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema) {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(kysely);
    } catch (e) {
      // Two instances starting at once may race on "if not exists"; the loser finds it made.
      if (!isUniqueViolation(e)) throw e;
    }
  }
  const hooks = closeHooks();
  return {
    kysely,
    dialect: 'postgres',
    schema,
    pool,
    executeLarge: (query) => kysely.executeQuery(query),
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    onClose: hooks.add,
    async close() {
      await hooks.run();
      await kysely.destroy();
    },
  };
}

/** Db.onClose's list: hooks run once, in the order added, before the database closes. */
function closeHooks() {
  const hooks: (() => Promise<void>)[] = [];
  return {
    add: (hook: () => Promise<void>) => void hooks.push(hook),
    async run() {
      for (const hook of hooks.splice(0)) await hook();
    },
  };
}

/** Whether an error is a unique-constraint violation, on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
