import type { ServerMigration } from './types.js';

/**
 * The storefront picture of each published version, rendered once by the studio (a browser
 * with WebGL) and stored as a content-addressed asset. Derived data: a version may get a new
 * one (a better render), so unlike the version itself the row may be replaced.
 */
export const productThumbnails: ServerMigration = {
  name: '0080_product_thumbnails',
  async up(db) {
    await db.schema
      .createTable('product_thumbnails')
      .addColumn('product_id', 'varchar(64)', (c) => c.notNull().references('products.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'char(64)', (c) => c.notNull().references('assets.sha256'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint('product_thumbnails_pk', ['product_id', 'version'])
      .execute();
  },
};
