import type SqliteDatabase from 'better-sqlite3';

/**
 * The settings every connection of the server's SQLite file runs with: the server's own
 * (database.ts) and those of its writer threads (the order writer, the large-query offload).
 * FULL: the WAL is synced at every commit, so what was answered as written survives a power cut
 * too, not only a crash of the process (NORMAL's promise). `walAutocheckpoint`: 0 when a
 * checkpointer thread checkpoints instead (sqliteCheckpointer.ts), else SQLite's 1,000 pages.
 */
export function configureConnection(db: SqliteDatabase.Database, walAutocheckpoint?: number): void {
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  if (walAutocheckpoint !== undefined) db.pragma(`wal_autocheckpoint = ${Math.trunc(walAutocheckpoint)}`);
}
