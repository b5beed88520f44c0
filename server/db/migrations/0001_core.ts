import type { ServerMigration } from './types.js';

export const core: ServerMigration = {
  name: '0001_core',
  async up(db, _dialect, t) {
    await db.schema
      .createTable('products')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('current_version', 'integer')
      .addColumn('archived_at', 'varchar(32)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('product_versions')
      .addColumn('product_id', 'varchar(64)', (c) => c.notNull().references('products.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(64)')
      .addPrimaryKeyConstraint('product_versions_pk', ['product_id', 'version'])
      .execute();
    await db.schema
      .createTable('assets')
      .addColumn('sha256', 'char(64)', (c) => c.primaryKey())
      .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('content', t.blob, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('product_version_assets')
      .addColumn('product_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('path', 'varchar(200)', (c) => c.notNull())
      .addColumn('sha256', 'char(64)', (c) => c.notNull().references('assets.sha256'))
      .addPrimaryKeyConstraint('product_version_assets_pk', ['product_id', 'version', 'path'])
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('password_hash', 'varchar(300)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'char(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('last_used_at', 'varchar(32)')
      .execute();
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'varchar(400)', (c) => c.notNull())
      .addColumn('window_start', t.bigint, (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
      .execute();

    await db.schema
      .createTable('counters')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', t.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('orders')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('number', t.bigint, (c) => c.notNull().unique())
      .addColumn('idempotency_key', 'varchar(200)', (c) => c.notNull().unique())
      .addColumn('request_hash', 'char(64)', (c) => c.notNull())
      .addColumn('product_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('catalog_version', 'integer', (c) => c.notNull())
      .addColumn('choices', 'text', (c) => c.notNull())
      .addColumn('configuration', 'text', (c) => c.notNull())
      .addColumn('price', 'text', (c) => c.notNull())
      .addColumn('variant_code', 'varchar(400)', (c) => c.notNull())
      .addColumn('currency', 'char(3)', (c) => c.notNull())
      .addColumn('unit_price', t.bigint, (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('total', t.bigint, (c) => c.notNull())
      .addColumn('customer_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('customer_email', 'varchar(320)', (c) => c.notNull())
      .addColumn('customer_address', 'text')
      .addColumn('has_snapshot', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(32)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('orders_created_at').on('orders').columns(['created_at', 'number']).execute();
    await db.schema.createIndex('orders_product').on('orders').columns(['product_id', 'catalog_version']).execute();
    await db.schema
      .createTable('order_snapshots')
      .addColumn('order_id', 'varchar(32)', (c) => c.primaryKey().references('orders.id'))
      .addColumn('png', t.blob, (c) => c.notNull())
      .execute();
  },
};
