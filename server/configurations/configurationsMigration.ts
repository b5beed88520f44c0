import type { ServerMigration } from '../db/migrations/types.js';

/**
 * Saved configurations (issue #17): immutable records a shop's cart line points at, and the
 * columns that say where an order came from. Existing orders are the site's own.
 */
export const configurationsMigration: ServerMigration = {
  name: '0050_configurations',
  async up(db, _dialect, t) {
    await db.schema
      .createTable('configurations')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('product_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('catalog_version', 'integer', (c) => c.notNull())
      .addColumn('choices', 'text', (c) => c.notNull())
      .addColumn('configuration', 'text', (c) => c.notNull())
      .addColumn('price', 'text', (c) => c.notNull())
      .addColumn('variant_code', 'varchar(400)', (c) => c.notNull())
      .addColumn('currency', 'char(3)', (c) => c.notNull())
      .addColumn('total', t.bigint, (c) => c.notNull())
      .addColumn('snapshot', t.blob)
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('configurations_expires_at').on('configurations').columns(['expires_at']).execute();

    await db.schema
      .alterTable('orders')
      .addColumn('source', 'varchar(16)', (c) => c.notNull().defaultTo('site'))
      .execute();
    await db.schema.alterTable('orders').addColumn('external_ref', 'varchar(200)').execute();
    await db.schema.alterTable('orders').addColumn('configuration_id', 'varchar(32)').execute();
    await db.schema.createIndex('orders_external_ref').on('orders').columns(['external_ref']).execute();
    await db.schema.createIndex('orders_sales_source_created').on('orders').columns(['source', 'created_at', 'number']).execute();
  },
};
