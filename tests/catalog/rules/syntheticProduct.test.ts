import { describe, expect, it } from 'vitest';
import { count, evaluate, lint, parseProduct, validate, type Product } from '../../../catalog/index.js';
import { compileProduct } from '../../../catalog/rules/compileProduct.js';
import { syntheticProduct, type SyntheticOptions } from '../../bench/syntheticProduct.js';
import { allValid } from './bruteForce.js';

function product(o: SyntheticOptions): Product {
  const r = parseProduct(syntheticProduct(o));
  if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 3)));
  return r.product;
}

describe('synthetic product generator (benchmark input)', () => {
  it('is deterministic per seed, uses every rule kind and keeps its defaults valid', () => {
    const o: SyntheticOptions = { attributes: 40, options: 6, rules: 60, seed: 3, longRange: 0.1 };
    expect(syntheticProduct(o)).toEqual(syntheticProduct(o));
    expect(syntheticProduct({ ...o, seed: 4 })).not.toEqual(syntheticProduct(o));
    const p = product(o);
    expect(new Set(p.rules.map((r) => r.kind))).toEqual(new Set(['requires', 'excludes', 'restrict', 'table', 'price']));
    expect(Math.max(...p.rules.map((r) => (r.kind === 'table' ? r.attrs.length : 0)))).toBe(8);
    expect(validate(p, p.defaults).ok).toBe(true);
    expect(lint(p).filter((f) => f.code === 'unsatisfiable' || f.code === 'defaults-break-rules')).toEqual([]);
  });

  it('small products: count and the offered options agree with brute-force enumeration', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const p = product({ attributes: 6, options: [2, 3], rules: 9, seed, groupSize: 3, longRange: 0.3, maxArity: 4 });
      const valid = allValid(p);
      expect(count(p)).toBe(BigInt(valid.length));
      const e = evaluate(p, {});
      expect(e.ok).toBe(true);
      if (!e.ok) continue;
      for (const a of p.attributes) {
        const seen = new Set(valid.map((c) => c[a.id] ?? '__none__'));
        const offered = Object.entries(e.attributes[a.id]!.options).filter(([, s]) => s.state !== 'impossible');
        expect(offered.map(([k]) => k).sort()).toEqual([...seen].sort());
      }
    }
  });

  it('places independent groups of attributes one after the other in the variable order', () => {
    const p = product({ attributes: 48, options: 4, rules: 60, seed: 5 });
    const { mdd, tables } = compileProduct(p);
    // With rules local to groups of 8, a group once left is never entered again (variables in
    // no rule of two or more go last, whatever their group).
    const linked = new Set(tables.filter((t) => new Set(t.scope).size > 1).flatMap((t) => t.scope));
    const groups = [...mdd.order].filter((x) => linked.has(x)).map((x) => Math.floor(x / 8));
    expect(groups.length).toBeGreaterThan(30);
    const runs = groups.filter((g, i) => i === 0 || g !== groups[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);
  });
});
