/**
 * The catalog domain: what a product is, what a valid configuration is and what it costs.
 * Pure TypeScript, shared by the browser and the server.
 */
export * from './schema/index.js';
/** Whether a rule condition holds in a complete configuration. */
export { conditionHolds } from './rules/condition.js';
/** The price breakdown of a complete configuration, in integer minor units. */
export { priceConfiguration, lineTotal, type PriceBreakdown, type PriceLine } from './pricing/price.js';
/** Locale-aware money formatting of integer minor units. */
export { formatMoney, minorUnitsPerMajor } from './pricing/formatMoney.js';
/** The deterministic variant code (SKU) of a complete configuration. */
export { variantCode } from './pricing/variantCode.js';
/**
 * The rule engine. `evaluate` gives every option's state (available / conflict with the
 * fewest explicit changes / impossible, with minimal rule reasons) and the completed, priced
 * configuration; `validate` is the server's full check; `count` the exact number of valid
 * configurations; `compileProduct` prepares (and caches per product object) the decision
 * diagram the others use.
 */
export { evaluate, validate, count, compileProduct, type CompiledProduct } from './rules/index.js';
/** Result types of the engine and the keys under which "none" and "some text" are reported. */
export * from './rules/types.js';
