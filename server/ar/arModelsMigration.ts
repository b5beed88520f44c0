import type { ServerMigration } from '../db/migrations/types.js';

/**
 * The variant models shoppers view in AR on Android (#15), in the database so that every
 * instance behind a load balancer serves what any one of them took. Named by SHA-256; kept
 * until `expires_at` (refreshed when the same model is posted again) and within a total size.
 */
export const arModelsMigration: ServerMigration = {
  name: '0095_ar_models',
  async up(db, _dialect, t) {
    await db.schema
      .createTable('ar_models')
      .addColumn('sha256', 'char(64)', (c) => c.primaryKey())
      .addColumn('glb', t.blob, (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ar_models_expires_at').on('ar_models').columns(['expires_at']).execute();
  },
};
