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
export { evaluate, validate, count, lint, compileProduct, type CompiledProduct } from './rules/index.js';
/** Result types of the engine and the keys under which "none" and "some text" are reported. */
export * from './rules/types.js';
/**
 * The configurator flow (XState v5). `createConfiguratorMachine(product, { version, submitOrder })`
 * makes the machine: states configuring → resolvingConflict | reviewing → submitting → ordered;
 * events `option.select`, `text.set`, `choice.clear`, `step.go|next|previous`, `conflict.accept|cancel`, `history.undo|redo`,
 * `config.reset`, `review.open|back`, `order.submit`. Its context always holds a complete valid
 * configuration. The `select…`/`canUndo`/`canRedo` selectors are for `useSelector`;
 * `encodeConfigCode`/`decodeConfigCode` make and read share codes (a decoded code says which
 * choices could not be kept and why).
 */
export * from './flow/index.js';
/**
 * One way to describe a configured value for every reader (shopper, confirmation, sales desk,
 * production sheet, exports, e-mails, webhooks): `describeValue` gives the shopper's words
 * ("No armrests", “JD”), `describeConfiguration` every attribute with its label, value, words and
 * SKU fragment; `localizeText` turns a catalog text into the reader's language.
 */
export {
  describeValue,
  describeConfiguration,
  describeConfigurationLine,
  localizeText,
  NONE_TEXT,
  type DescribedValue,
} from './describe/describeValue.js';
