import type { Kysely, Selectable } from 'kysely';
import { CONFIGURED_COLUMNS, type ConfigurationsTable, type Database } from '../db/schema.js';

export type ConfigurationRow = Selectable<ConfigurationsTable>;

/** Saved configurations: inserted once, read by id, never updated; deleted some time after they expire. */
export class ConfigurationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ConfigurationRow): Promise<void> {
    await this.db.insertInto('configurations').values(row).execute();
  }

  /** The record without its PNG (which only the snapshot route and an order read). */
  findById(id: string): Promise<(Omit<ConfigurationRow, 'snapshot'> & { has_snapshot: boolean }) | undefined> {
    return this.db
      .selectFrom('configurations')
      .select(['id', ...CONFIGURED_COLUMNS, 'total', 'created_at', 'expires_at'])
      .select((eb) => eb('snapshot', 'is not', null).as('has_snapshot'))
      .where('id', '=', id)
      .executeTakeFirst()
      .then((r) => r && { ...r, has_snapshot: Boolean(r.has_snapshot) });
  }

  async snapshot(id: string): Promise<{ png: Buffer | null; expires_at: string } | undefined> {
    const r = await this.db
      .selectFrom('configurations')
      .select(['snapshot', 'expires_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return r && { png: r.snapshot ? Buffer.from(r.snapshot) : null, expires_at: r.expires_at };
  }

  /**
   * Deletes up to `limit` records that expired before `cutoff` (ISO time) and says how many went.
   * In batches, so a large backlog never holds one long write transaction.
   */
  async deleteExpired(cutoff: string, limit: number): Promise<number> {
    const batch = this.db.selectFrom('configurations').select('id').where('expires_at', '<', cutoff).limit(limit);
    const r = await this.db.deleteFrom('configurations').where('id', 'in', batch).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
