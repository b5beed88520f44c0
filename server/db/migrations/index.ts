import type { ServerMigration } from './types.js';
import { core } from './0001_core.js';
import { signInAddresses } from './0011_sign_in_addresses.js';
import { orderEmailsMigration } from './0030_order_emails.js';
import { productThumbnails } from './0080_product_thumbnails.js';

export type { ServerMigration, ColumnTypes } from './types.js';

/**
 * The schema changes kept in this folder (the core tables, and those of no feature folder of their
 * own). db/ imports no feature: each feature exports its own migrations and server/migrations.ts
 * composes the full list that migrateToLatest applies.
 */
export const coreMigrations: ServerMigration[] = [core, signInAddresses, orderEmailsMigration, productThumbnails];
