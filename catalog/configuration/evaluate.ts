import { priceConfiguration, type PriceBreakdown } from '../pricing/price.js';
import { variantCode } from '../pricing/variantCode.js';
import type { Choices, Product } from '../schema/product.js';
import { evaluateChoices } from '../rules/evaluateChoices.js';
import type { ChoicesEvaluation } from '../rules/types.js';

/** The engine's evaluation of explicit choices, with the completed configuration's price and variant code. */
export type Evaluation =
  | (Extract<ChoicesEvaluation, { ok: true }> & { price: PriceBreakdown; variantCode: string })
  | Extract<ChoicesEvaluation, { ok: false }>;

/**
 * The state of every option for the consumer's explicit choices (the engine's answer, see
 * `rules/evaluateChoices.ts`), with the completed configuration, its price and variant code.
 * It sits above `rules/` and `pricing/` because it needs both: the engine knows nothing of
 * prices, and pricing stands on the engine (the cheapest price).
 */
export function evaluate(product: Product, choices: Choices): Evaluation {
  const e = evaluateChoices(product, choices);
  if (!e.ok) return e;
  const { configuration } = e;
  return { ...e, price: priceConfiguration(product, configuration), variantCode: variantCode(product, configuration) };
}
