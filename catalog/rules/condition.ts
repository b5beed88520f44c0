import type { Configuration, Product, Value } from '../schema/product.js';
import type { Condition } from '../schema/rule.js';

/** What a condition compares for a text attribute with some text: equal to no option id and not null. */
export const SOME_TEXT = '\u0000text';

/**
 * The value a condition compares: for text attributes any non-empty text counts as "some
 * text" and is never equal to an option id, and "" counts as null.
 */
function normalised(product: Product, attr: string, v: Value | undefined): Value {
  if (v === undefined || v === null || v === '') return null;
  return textAttributes(product).has(attr) ? SOME_TEXT : v;
}

/** The ids of a product's text attributes, once per product: price rules run on every click. */
const textIds = new WeakMap<Product, Set<string>>();
function textAttributes(product: Product): Set<string> {
  let ids = textIds.get(product);
  if (!ids) textIds.set(product, (ids = new Set(product.attributes.filter((a) => a.kind === 'text').map((a) => a.id))));
  return ids;
}

/** Whether a condition holds in a complete configuration. */
export function conditionHolds(product: Product, c: Condition, config: Configuration): boolean {
  if ('all' in c) return c.all.every((x) => conditionHolds(product, x, config));
  if ('any' in c) return c.any.some((x) => conditionHolds(product, x, config));
  if ('not' in c) return !conditionHolds(product, c.not, config);
  const v = normalised(product, c.attr, config[c.attr]);
  if ('is' in c) return v === c.is;
  if ('in' in c) return c.in.includes(v);
  return !c.notIn.includes(v);
}
