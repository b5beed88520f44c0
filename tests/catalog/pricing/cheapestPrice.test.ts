import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileProduct,
  parseProduct,
  validate,
  type Condition,
  type Product,
  type ProductInput,
} from '../../../catalog/index.js';
import { cheapestPrice } from '../../../catalog/pricing/cheapestPrice.js';
import { syntheticProduct } from '../../bench/syntheticProduct.js';
import { loadCatalogDir } from '../../../server/catalog/loadCatalogDir.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

/** The oracle: every combination of values, kept when the full validation accepts it. */
function bruteForceCheapest(product: Product): number | null {
  const domains = product.attributes.map((a) => {
    const vals: (string | null)[] = a.kind === 'text' ? ['Ann'] : a.options.map((o) => o.id);
    if (a.optional) vals.push(null);
    return vals;
  });
  let best: number | null = null;
  const config: Record<string, string | null> = {};
  const walk = (i: number) => {
    if (i === domains.length) {
      const v = validate(product, config);
      if (v.ok && (best === null || v.price.total < best)) best = v.price.total;
      return;
    }
    for (const d of domains[i]!) {
      config[product.attributes[i]!.id] = d;
      walk(i + 1);
    }
  };
  walk(0);
  return best;
}

/** cheapestPrice on a fresh copy of the product compiled in the given form. */
function cheapestIn(form: 'mdd' | 'tree', product: Product): number | null {
  const copy = structuredClone(product);
  expect(compileProduct(copy, { form }).form).toBe(form);
  return cheapestPrice(copy);
}

const parsed = (input: ProductInput) => {
  const r = parseProduct(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.product;
};

describe('cheapestPrice (the "from" price)', () => {
  it('is the cheapest valid configuration of the mini mug, also when a discount makes dearer options cheapest', () => {
    const input = miniProduct();
    expect(cheapestPrice(parsed(input))).toBe(1500);
    // Black + large costs +200 +300, but a -900 offer on that pair makes it the cheapest: greedy per attribute misses it.
    input.rules = (input.rules ?? []).map((r) => (r.kind === 'price' ? { ...r, amount: -900 } : r));
    const p = parsed(input);
    expect(cheapestPrice(p)).toBe(1500 + 200 + 300 - 900);
    expect(cheapestPrice(p)).toBe(bruteForceCheapest(p));
    expect(cheapestIn('tree', p)).toBe(bruteForceCheapest(p));
  });

  it('gives up (null, never an inexact price) when its time budget runs out, and only then', () => {
    const input = miniProduct();
    input.rules = (input.rules ?? []).map((r) => (r.kind === 'price' ? { ...r, amount: -900 } : r));
    const p = parsed(input);
    expect(cheapestPrice(p, { budgetMs: -1 })).toBeNull(); // a deadline already past: the price rules need a search
    expect(cheapestPrice(p, { budgetMs: 60_000 })).toBe(1500 + 200 + 300 - 900);
  });

  it('matches exhaustive enumeration on both compiled forms for products with long-range and price rules', () => {
    let priced = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const r = parseProduct(
          syntheticProduct({ attributes: 7, options: [2, 3], rules: 12, seed, groupSize: 3, longRange: 0.5, maxArity: 3 }),
        );
        if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 2)));
        const expected = bruteForceCheapest(r.product);
        expect(cheapestIn('mdd', r.product)).toBe(expected);
        expect(cheapestIn('tree', r.product)).toBe(expected);
        if (r.product.rules.some((x) => x.kind === 'price')) priced++;
      }),
      { numRuns: 60 },
    );
    expect(priced).toBeGreaterThan(20);
  });

  it('matches exhaustive enumeration for random option prices and price rules (negative ones too)', () => {
    const attrs = miniProduct().attributes;
    const leaf = fc.integer({ min: 0, max: attrs.length - 1 }).chain((ai) => {
      const a = attrs[ai]!;
      const vals: (string | null)[] = a.kind === 'text' ? [null] : [...a.options.map((o) => o.id), null];
      const val = fc.constantFrom(...vals);
      return fc.oneof(
        val.map((is): Condition => ({ attr: a.id, is })),
        fc.uniqueArray(val, { minLength: 1, maxLength: 3 }).map((xs): Condition => ({ attr: a.id, in: xs })),
        fc.uniqueArray(val, { minLength: 1, maxLength: 2 }).map((xs): Condition => ({ attr: a.id, notIn: xs })),
      );
    });
    const condition: fc.Arbitrary<Condition> = fc.oneof(
      leaf,
      fc.array(leaf, { minLength: 1, maxLength: 3 }).map((all): Condition => ({ all })),
      fc.array(leaf, { minLength: 1, maxLength: 3 }).map((any): Condition => ({ any })),
      leaf.map((not): Condition => ({ not })),
    );
    const money = fc.integer({ min: -2000, max: 2000 });
    let checked = 0;
    fc.assert(
      fc.property(
        fc.array(money, { minLength: 12, maxLength: 12 }),
        fc.array(fc.record({ if: condition, amount: money }), { maxLength: 4 }),
        (prices, priceRules) => {
          const input = miniProduct();
          let k = 0;
          input.attributes = input.attributes.map((a) =>
            a.kind === 'text'
              ? { ...a, price: prices[k++]! }
              : { ...a, options: a.options.map((o) => ({ ...o, price: prices[k++]! })) },
          ) as typeof input.attributes;
          input.rules = [
            ...(input.rules ?? []).filter((r) => r.kind !== 'price'),
            ...priceRules.map((r, i) => ({ id: `p${i}`, kind: 'price' as const, label: `p${i}`, message: `p${i}`, ...r })),
          ];
          const p = parseProduct(input);
          if (!p.ok) return; // a generated rule the schema refuses is no test case
          const expected = bruteForceCheapest(p.product);
          expect(cheapestPrice(p.product)).toBe(expected);
          expect(cheapestIn('mdd', p.product)).toBe(expected);
          expect(cheapestIn('tree', p.product)).toBe(expected);
          checked++;
        },
      ),
      { numRuns: 200 },
    );
    expect(checked).toBeGreaterThan(60);
  });

  it('gives every bundled product a from-price no dearer than its standard configuration', async () => {
    const { products } = await loadCatalogDir('catalog/data/products');
    expect(products.length).toBeGreaterThan(0);
    for (const { product } of products) {
      const from = cheapestPrice(product);
      expect(from, product.id).not.toBeNull();
      const standard = validate(product, product.defaults);
      if (standard.ok) expect(from!, product.id).toBeLessThanOrEqual(standard.price.total);
    }
  });
});
