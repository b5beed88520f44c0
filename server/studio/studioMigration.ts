import type { ServerMigration } from '../db/migrations/types.js';

/**
 * The studio's tables. A draft row, once made, stays: its revision only ever grows, so an
 * ETag ("r<revision>") is never reused for other content, even across publishes.
 */
export const studioMigration: ServerMigration = {
  name: '0002_studio',
  async up(db) {
    await db.schema
      .createTable('studio_drafts')
      .addColumn('product_id', 'varchar(64)', (c) => c.primaryKey().references('products.id'))
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('dirty', 'integer', (c) => c.notNull())
      .addColumn('base_version', 'integer')
      .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_by', 'varchar(64)')
      .execute();
    await db.schema
      .createTable('studio_draft_assets')
      .addColumn('product_id', 'varchar(64)', (c) => c.notNull().references('products.id'))
      .addColumn('path', 'varchar(200)', (c) => c.notNull())
      .addColumn('sha256', 'char(64)', (c) => c.notNull().references('assets.sha256'))
      .addColumn('uploaded_at', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint('studio_draft_assets_pk', ['product_id', 'path'])
      .execute();
  },
};
