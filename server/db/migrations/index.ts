import type { ServerMigration } from './types.js';
import { core } from './0001_core.js';
import { signInAddresses } from './0011_sign_in_addresses.js';
import { salesDesk } from './0040_sales_desk.js';
import { productThumbnails } from './0080_product_thumbnails.js';
import { studioMigration } from '../../studio/studioMigration.js';
import {
  dropUnusedEmailIndex,
  salesFilterSortIndexes,
  salesMigration,
  salesSearch,
  salesSortIndexes,
  searchInArrears,
  searchMergeLess,
  sortIndexesPerStatus,
} from '../../sales/salesMigration.js';
import { configurationsMigration } from '../../configurations/configurationsMigration.js';

import { orderEmailsMigration } from './0030_order_emails.js';

import { recommendMigration } from '../../recommend/recommendMigration.js';

export type { ServerMigration, ColumnTypes } from './types.js';

/**
 * Every schema change, applied in name order at start. Feature folders append theirs here
 * (import it and add it to the list); names must be unique and sort after the ones they build on.
 */
export const migrations: ServerMigration[] = [
  core,
  studioMigration,
  salesMigration,
  salesSortIndexes,
  salesFilterSortIndexes,
  salesSearch,
  dropUnusedEmailIndex,
  searchMergeLess,
  searchInArrears,
  sortIndexesPerStatus,
  signInAddresses,
  orderEmailsMigration,
  salesDesk,
  configurationsMigration,
  recommendMigration,
  productThumbnails,
];
