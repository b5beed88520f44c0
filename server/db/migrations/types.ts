import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/** Column types that differ between the two dialects. */
export interface ColumnTypes {
  blob: 'blob' | 'bytea';
  bigint: 'integer' | 'bigint';
}

/**
 * One versioned schema change. Names sort in the order they apply ("0001_core",
 * "0002_studio_drafts", …); a migration, once shipped, is never edited: add a new one.
 */
export interface ServerMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName, types: ColumnTypes): Promise<void>;
}
