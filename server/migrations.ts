import { arModelsMigration } from './ar/arModelsMigration.js';
import { configurationsMigration } from './configurations/configurationsMigration.js';
import { coreMigrations, type ServerMigration } from './db/migrations/index.js';
import { recommendMigration } from './recommend/recommendMigration.js';
import { salesMigrations } from './sales/salesMigration.js';
import { studioMigration } from './studio/studioMigration.js';

/**
 * Every schema change of the app: db/'s own and each feature's. A feature adds its migrations
 * here (import its list and spread it in). Kysely applies them in name order, whatever the order
 * of this list, so names must be unique and sort after the ones they build on; a migration, once
 * shipped, keeps its name ("0040_sales_desk" lives in server/sales/ but kept its name), so an
 * existing database migrates the same.
 */
export const migrations: ServerMigration[] = [
  ...coreMigrations,
  studioMigration,
  ...salesMigrations,
  configurationsMigration,
  recommendMigration,
  arModelsMigration,
];
