export * from './primitives.js';
export * from './attribute.js';
export * from './rule.js';
export * from './product.js';
export * from './json.js';
export * from './validateProduct.js';
export { PRODUCT_FORMAT, migrateProductDocument, productFormatMigrations, type FormatMigration } from './formatVersion.js';
