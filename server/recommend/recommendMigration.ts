import type { ServerMigration } from '../db/migrations/types.js';

/**
 * Per product: whether recommendations are on, from how many orders, and the model learned from
 * its orders (JSON of value counts and pair weights: no order, customer or typed text in it).
 */
export const recommendMigration: ServerMigration = {
  name: '0060_recommendation_models',
  async up(db) {
    await db.schema
      .createTable('recommendation_models')
      .addColumn('product_id', 'varchar(64)', (c) => c.primaryKey().references('products.id'))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('min_orders', 'integer', (c) => c.notNull().defaultTo(30))
      .addColumn('model', 'text')
      .addColumn('orders', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('learned_at', 'varchar(32)')
      .addColumn('learn_ms', 'integer')
      .execute();
  },
};
