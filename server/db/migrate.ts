import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import type { ServerMigration, ColumnTypes } from './migrations/index.js';

/**
 * Bring the schema up to date with `migrations` (the app's list: server/migrations.ts). Safe when
 * several instances start at once: Kysely's Migrator takes a lock (a PostgreSQL advisory lock;
 * SQLite's single writer) and re-reads what ran.
 */
export async function migrateToLatest(db: Db, migrations: ServerMigration[]): Promise<string[]> {
  const types: ColumnTypes =
    db.dialect === 'postgres' ? { blob: 'bytea', bigint: 'bigint' } : { blob: 'blob', bigint: 'integer' };
  const names = new Set<string>();
  for (const m of migrations) {
    if (names.has(m.name)) throw new Error(`two migrations are named "${m.name}"`);
    names.add(m.name);
  }
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const m of migrations) out[m.name] = { up: (k) => m.up(k, db.dialect, types) };
      return out;
    },
  };
  const migrator = new Migrator({
    db: db.kysely,
    provider,
    allowUnorderedMigrations: true,
    // Kysely looks its own tables up across schemas; pin them to ours so schemas do not mix.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
