import type { ServerMigration } from './types.js';

/**
 * The addresses each account has signed in from (auth/authService.ts): once an account has had
 * more failed sign-ins than its limit from all addresses together, only these may still try, so
 * an attacker's guesses cannot lock the owner out.
 */
export const signInAddresses: ServerMigration = {
  name: '0011_sign_in_addresses',
  async up(db) {
    await db.schema
      .createTable('sign_in_addresses')
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('address', 'varchar(100)', (c) => c.notNull())
      .addColumn('last_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('sign_in_addresses_pk', ['email', 'address'])
      .execute();
    await db.schema.createIndex('sign_in_addresses_last_at').on('sign_in_addresses').column('last_at').execute();
  },
};
