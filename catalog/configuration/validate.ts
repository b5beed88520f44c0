import { priceConfiguration, type PriceBreakdown } from '../pricing/price.js';
import { variantCode } from '../pricing/variantCode.js';
import type { Configuration, Product } from '../schema/product.js';
import { checkConfiguration } from '../rules/checkConfiguration.js';
import type { Violation } from '../rules/types.js';

export type ValidationResult = { ok: true; price: PriceBreakdown; variantCode: string } | { ok: false; violations: Violation[] };

/**
 * The full check of a complete configuration, as the server runs it before recording an
 * order (`rules/checkConfiguration.ts`: values that fit, nothing unknown, every rule holds),
 * priced when it passes.
 */
export function validate(product: Product, configuration: Configuration): ValidationResult {
  const violations = checkConfiguration(product, configuration);
  if (violations.length) return { ok: false, violations };
  return { ok: true, price: priceConfiguration(product, configuration), variantCode: variantCode(product, configuration) };
}
