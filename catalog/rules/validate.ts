import { priceConfiguration } from '../pricing/price.js';
import { variantCode } from '../pricing/variantCode.js';
import type { Configuration, Product } from '../schema/product.js';
import { valueProblem } from '../schema/validateProduct.js';
import { compileProduct } from './compileProduct.js';
import { tableHolds } from './ruleTables.js';
import { valueIndex } from './space.js';
import type { ValidationResult, Violation } from './types.js';

/**
 * The full check of a complete configuration, as the server runs it before recording an
 * order: every attribute has a value that fits it (known option, acceptable text), nothing
 * unknown is named, and every rule holds. Checks the rules directly, not through the MDD.
 */
export function validate(product: Product, configuration: Configuration): ValidationResult {
  const { space, tables } = compileProduct(product);
  const violations: Violation[] = [];
  for (const id of Object.keys(configuration)) {
    if (!space.index.has(id)) violations.push({ rule: null, message: `unknown attribute "${id}"`, attrs: [id] });
  }
  const values = new Int32Array(space.attrs.length);
  space.attrs.forEach((a, x) => {
    const has = Object.prototype.hasOwnProperty.call(configuration, a.id);
    const v = has ? (configuration[a.id] ?? null) : undefined;
    const problem = v === undefined ? `no value for "${a.id}"` : valueProblem(a, v);
    if (problem) violations.push({ rule: null, message: problem, attrs: [a.id] });
    values[x] = valueIndex(space, x, v ?? null);
  });
  if (violations.length) return { ok: false, violations };
  for (const t of tables) {
    if (tableHolds(t, values)) continue;
    const r = product.rules[t.rule]!;
    violations.push({ rule: r.id, message: r.message, attrs: t.scope.map((x) => space.attrs[x]!.id) });
  }
  if (violations.length) return { ok: false, violations };
  return { ok: true, price: priceConfiguration(product, configuration), variantCode: variantCode(product, configuration) };
}
