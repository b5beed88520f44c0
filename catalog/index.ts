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
 * The rule engine and, above it and pricing, the configuration checks (`configuration/`).
 * `evaluate` gives every option's state (available / conflict with the fewest explicit
 * changes / impossible, with minimal rule reasons) and the completed, priced configuration;
 * `validate` is the server's full check; `count` the exact number of valid
 * configurations (`variantCount`: the same as a string, or null past the count's budget);
 * `compileProduct(product, { form? })` prepares (and caches per product object,
 * synchronously) the compiled form the others use: a single decision diagram
 * (`form: 'mdd'`) where the rules are local, else a tree of clusters with enumerated
 * interface tables (`'tree'`), else, where those tables would be too large, a tree of
 * decision diagrams (`'diagram'`); `formReason` says why. The result is plain
 * structured-cloneable data.
 */
export { count, variantCount, lint, compileProduct, type CompiledProduct, type CompileOptions } from './rules/index.js';
export { evaluate, type Evaluation } from './configuration/evaluate.js';
export { validate, type ValidationResult } from './configuration/validate.js';
/**
 * `adoptCompiled(product, compiled)`: put a CompiledProduct made elsewhere (a worker thread's
 * structured clone of compileProduct's result for an equal product) into the cache, so that
 * later evaluate(product, …), count, validate and lint calls use it instead of compiling.
 */
export { adoptCompiled } from './rules/index.js';
/**
 * `engineComplexity(product)`: how hard the rules are to compile, without compiling (a
 * min-fill tree decomposition of the rule graph and the size estimate compileProduct uses):
 * `{ width, clusters, largestCluster (attribute ids), estimatedForm }`. Cheap; for messages
 * such as "the largest cluster joins attributes a, b, c…".
 */
export { engineComplexity, type EngineComplexity } from './rules/index.js';
/**
 * `bestCompletion(compiled, fixed, unaryCost)`: the valid configuration keeping the `fixed`
 * choices whose summed per-value cost (`unaryCost[attrId][optionId | NONE_KEY | TEXT_KEY]`,
 * missing = 0, +Infinity forbids) is least, with that cost; null when none. One min-sum
 * traversal of the compiled form, whichever of the three (the same message passing that counts and evaluates,
 * over another semiring). For the most likely configuration under per-value probabilities p
 * (max-product), pass −log p: recommendations build on this.
 */
export { bestCompletion, type UnaryCost } from './rules/index.js';
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
export { fillPlaceholders } from './describe/fillPlaceholders.js';
/** The statuses of an order, listed once for the server, the client and the messages. */
export { ORDER_STATUSES, statusRank, type OrderStatus } from './orders/orderStatus.js';
