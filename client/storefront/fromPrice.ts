import { evaluate, NONE_KEY, type Choices, type Product } from '../../catalog/index.js';

/**
 * A "from" price: the price of a real, valid configuration found by walking down from the
 * standard product, taking per attribute the cheapest option the engine offers as available.
 * Never lower than what can be ordered; usually the cheapest variant (exact when option prices
 * are independent, which they are unless price rules couple them).
 */
export function fromPrice(product: Product): number {
  let choices: Choices = {};
  let e = evaluate(product, choices);
  if (!e.ok) return product.basePrice;
  for (const a of product.attributes) {
    if (a.kind === 'text') continue;
    const states = e.attributes[a.id]?.options ?? {};
    // An optional attribute's "none" costs nothing and may be the cheapest of all.
    const candidates: { id: string | null; price: number }[] = a.options.filter((o) => states[o.id]?.state === 'available');
    if (a.optional && states[NONE_KEY]?.state === 'available') candidates.push({ id: null, price: 0 });
    candidates.sort((x, y) => x.price - y.price);
    const cheapest = candidates[0];
    if (!cheapest || cheapest.id === e.configuration[a.id]) continue;
    const next = evaluate(product, { ...choices, [a.id]: cheapest.id });
    if (next.ok && next.price.total < e.price.total) {
      choices = { ...choices, [a.id]: cheapest.id };
      e = next;
    }
  }
  return e.price.total;
}
