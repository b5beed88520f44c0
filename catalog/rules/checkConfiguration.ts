import type { Configuration, Product } from '../schema/product.js';
import { valueProblem } from '../schema/validateProduct.js';
import { compileProduct } from './compileProduct.js';
import { tableHolds } from './ruleTables.js';
import { valueIndex } from './space.js';
import type { Violation } from './types.js';

/**
 * What is wrong with a complete configuration (none: it is valid): every attribute has a
 * value that fits it (known option, acceptable text), nothing unknown is named, and every
 * rule holds. Checks the rules directly, not through the MDD. Value problems come alone:
 * the rules are checked only on values that fit.
 */
export function checkConfiguration(product: Product, configuration: Configuration): Violation[] {
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
  if (violations.length) return violations;
  for (const t of tables) {
    if (tableHolds(t, values)) continue;
    const r = product.rules[t.rule]!;
    violations.push({ rule: r.id, message: r.message, attrs: t.scope.map((x) => space.attrs[x]!.id) });
  }
  return violations;
}
