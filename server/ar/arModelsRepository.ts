import type { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';

/** The table of the AR models (migration 0095_ar_models), as Kysely sees it. */
// A type alias, not an interface: withTables<T>() wants an index-compatible record.
export type ArTables = {
  ar_models: { sha256: string; glb: Buffer; size: number; created_at: string; expires_at: string };
};
export type ArModelRow = ArTables['ar_models'];

/**
 * AR models by SHA-256: the bytes never change; only the expiry is pushed on when posted again.
 * The queries that carry a model's bytes go through `Db.executeLarge` (off the event loop on SQLite).
 */
export class ArModelsRepository {
  private readonly db: Kysely<Database & ArTables>;

  constructor(private readonly base: Db) {
    this.db = base.kysely.withTables<ArTables>();
  }

  /** Pushes a stored model's expiry on; false when there is no such model (then insert it). */
  async refresh(sha256: string, expiresAt: string): Promise<boolean> {
    const r = await this.db
      .updateTable('ar_models')
      .set({ expires_at: expiresAt })
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Inserts a model; one posted by another instance in the meantime keeps its bytes (the same) and gets this expiry. */
  async insert(row: ArModelRow): Promise<void> {
    await this.base.executeLarge(
      this.db
        .insertInto('ar_models')
        .values(row)
        .onConflict((oc) => oc.column('sha256').doUpdateSet({ expires_at: row.expires_at }))
        .compile(),
    );
  }

  /** The bytes and expiry of a model that has not expired at `now` (ISO time). */
  async find(sha256: string, now: string): Promise<{ glb: Buffer; expires_at: string } | undefined> {
    const { rows } = await this.base.executeLarge(
      this.db
        .selectFrom('ar_models')
        .select(['glb', 'expires_at'])
        .where('sha256', '=', sha256)
        .where('expires_at', '>', now)
        .compile(),
    );
    const r = rows[0];
    return r && { glb: Buffer.isBuffer(r.glb) ? r.glb : Buffer.from(r.glb), expires_at: r.expires_at };
  }

  /** How many models are stored and their total size in bytes. */
  async usage(): Promise<{ count: number; bytes: number }> {
    const r = await this.db
      .selectFrom('ar_models')
      .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.sum<number | string | null>('size').as('bytes')])
      .executeTakeFirstOrThrow();
    return { count: Number(r.count), bytes: Number(r.bytes ?? 0) };
  }

  /** Up to `limit` models that expire first (the least recently posted), except `keep`. */
  oldest(limit: number, keep: string): Promise<{ sha256: string; size: number }[]> {
    return this.db
      .selectFrom('ar_models')
      .select(['sha256', 'size'])
      .where('sha256', '<>', keep)
      .orderBy('expires_at')
      .orderBy('sha256')
      .limit(limit)
      .execute();
  }

  async delete(sha256s: string[]): Promise<void> {
    if (sha256s.length) await this.db.deleteFrom('ar_models').where('sha256', 'in', sha256s).execute();
  }

  /** Deletes up to `limit` models expired at `now`, in one statement; says how many went. */
  async deleteExpired(now: string, limit: number): Promise<number> {
    const batch = this.db.selectFrom('ar_models').select('sha256').where('expires_at', '<=', now).limit(limit);
    const r = await this.db.deleteFrom('ar_models').where('sha256', 'in', batch).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
