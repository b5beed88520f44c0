import type { ServerMigration } from './types.js';

/**
 * Order e-mails to customers (#15): the customer's language on the order, and a queue of
 * e-mails delivered with retries like webhook deliveries. `dedupe` is unique ("received" or
 * "status:<history id>" per order), so two instances queueing the same e-mail make one row.
 */
export const orderEmailsMigration: ServerMigration = {
  name: '0030_order_emails',
  async up(db, _dialect, t) {
    await db.schema.alterTable('orders').addColumn('customer_locale', 'varchar(10)').execute();
    await db.schema
      .createTable('order_emails')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('order_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('dedupe', 'varchar(80)', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('order_status', 'varchar(32)', (c) => c.notNull())
      .addColumn('locale', 'varchar(10)', (c) => c.notNull())
      .addColumn('to_address', 'varchar(320)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', t.bigint, (c) => c.notNull())
      .addColumn('locked_until', t.bigint)
      .addColumn('locked_by', 'varchar(64)')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('sent_at', 'varchar(32)')
      .execute();
    await db.schema.createIndex('order_emails_dedupe').unique().on('order_emails').columns(['order_id', 'dedupe']).execute();
    await db.schema.createIndex('order_emails_due').on('order_emails').columns(['status', 'next_attempt_at']).execute();
  },
};
