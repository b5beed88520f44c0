import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adoptCompiled,
  bestCompletion,
  compileProduct,
  count,
  engineComplexity,
  evaluate,
  validate,
  type Configuration,
} from '../../../catalog/index.js';
import type { SyntheticOptions } from '../../bench/syntheticProduct.js';
import { allValid, valuesOf } from './bruteForce.js';
import { checkAgainstEnumeration, key, longRange, synthetic } from './formOracle.js';
import { randomProduct } from './randomProduct.js';
import {
  interfaceCost,
  ruleDecomposition,
  smallInterfaceDecomposition,
  treeDecomposition,
  type TreeDecomposition,
} from '../../../catalog/rules/treeDecomposition.js';
import { buildSpace } from '../../../catalog/rules/space.js';
import { ruleTables } from '../../../catalog/rules/ruleTables.js';

/** Every scope inside some cluster; the clusters holding a variable form a connected subtree; parents first. */
function expectTreeDecomposition(td: TreeDecomposition, nVars: number, scopes: number[][]): void {
  for (const sc of scopes) expect(td.clusters.some((c) => sc.every((x) => c.includes(x)))).toBe(true);
  td.parent.forEach((p, k) => expect(k === 0 ? p === -1 : p >= 0 && p < k).toBe(true));
  for (let x = 0; x < nVars; x++) {
    const holding = td.clusters.flatMap((c, k) => (c.includes(x) ? [k] : []));
    // Connected: exactly one holder whose parent does not hold x.
    const tops = holding.filter((k) => k === 0 || !td.clusters[td.parent[k]!]!.includes(x));
    expect(tops.length).toBeLessThanOrEqual(1);
  }
}

/** Four products of 120 attributes with long-range rules, on some of which plain min-fill is not the tree compiled. */
const crossing = () =>
  (
    [
      [7, 0.2],
      [7, 0.1],
      [3, 0.3],
      [11, 0.2],
    ] as const
  ).map(([seed, longRange]) => synthetic({ attributes: 120, options: [2, 10], rules: 180, seed, longRange }));

describe('tree decomposition for small interfaces', () => {
  it('is a tree decomposition and enumerates no more interface combinations than plain min-fill', () => {
    let smaller = 0;
    for (const p of crossing()) {
      const space = buildSpace(p);
      const sizes = space.keys.map((k) => k.length);
      const scopes = ruleTables(p, space).map((t) => [...new Set(t.scope)]);
      const td = smallInterfaceDecomposition(sizes, scopes);
      expectTreeDecomposition(td, sizes.length, scopes);
      const plain = interfaceCost(treeDecomposition(sizes.length, scopes), sizes);
      expect(td.cost).toBeLessThanOrEqual(plain);
      if (td.cost < plain) smaller++;
      // Deterministic: the same rules give the same tree.
      expect(smallInterfaceDecomposition(sizes, scopes).clusters).toEqual(td.clusters);
    }
    expect(smaller).toBeGreaterThan(0);
  });
});

describe('tree form against brute-force enumeration on products with long-range rules', () => {
  it('counts, offers exactly the values that extend to a valid configuration, and proposes the fewest changes, click after click', () => {
    fc.assert(
      fc.property(longRange, ([p, steps]) => {
        expect(compileProduct(p, { form: 'tree' }).form).toBe('tree');
        for (const choices of steps) checkAgainstEnumeration(p, choices);
      }),
      { numRuns: 120 },
    );
  });

  it('stays exact when clusters are merged (every cluster whose interface a merge shrinks)', () => {
    let merged = 0;
    fc.assert(
      fc.property(longRange, ([p, steps]) => {
        const ct = compileProduct(p, { form: 'tree', mergeRows: 1 });
        const td = ruleDecomposition(ct.sizes, ct.tables);
        if (ct.tree!.vars.length < Math.max(1, td.clusters.length)) merged++;
        for (const choices of steps) checkAgainstEnumeration(p, choices);
      }),
      { numRuns: 120 },
    );
    // The property must have seen merged trees (private attributes behind a smaller interface).
    expect(merged).toBeGreaterThan(10);
  });

  it('agrees with the MDD form on larger long-range products, click after click', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const o: SyntheticOptions = { attributes: 60, options: [2, 5], rules: 90, seed, groupSize: 6, longRange: 0.3 };
      const tree = synthetic(o);
      const mdd = synthetic(o);
      // Half the seeds with clusters merged wherever that shrinks an interface of more than 30 rows.
      compileProduct(tree, { form: 'tree', mergeRows: seed % 2 ? undefined : 30 });
      compileProduct(mdd, { form: 'mdd' });
      expect(count(tree)).toBe(count(mdd));
      let choices: Record<string, string | null> = {};
      for (let click = 0; click < 12; click++) {
        const a = evaluate(tree, choices);
        const b = evaluate(mdd, choices);
        expect(a.ok && b.ok).toBe(true);
        if (!a.ok || !b.ok) return;
        const summary = (ev: typeof a) =>
          Object.values(ev.attributes).map((x) =>
            Object.entries(x.options).map(([k, s]) => `${k}:${s.state}:${s.state === 'conflict' ? s.changes.length : 0}`),
          );
        expect(summary(a)).toEqual(summary(b));
        // Completions may differ among equally cheap ones; both keep the choices and are valid.
        expect(validate(tree, a.configuration).ok).toBe(true);
        const id = tree.attributes[(seed * 17 + click * 7) % tree.attributes.length]!.id;
        const open = Object.entries(a.attributes[id]!.options).filter(([, s]) => s.state !== 'impossible');
        const [k, s] = open[click % open.length]!;
        if (s.state === 'conflict') for (const c of s.changes) choices[c.attr] = c.to;
        choices = { ...choices, [id]: k === '__none__' ? null : k };
      }
    }
  });
});

describe('bestCompletion (min-sum over either form)', () => {
  it('finds the cheapest valid configuration keeping the fixed choices', () => {
    fc.assert(
      fc.property(randomProduct, fc.array(fc.integer({ min: -5, max: 20 }), { minLength: 30, maxLength: 30 }), (p, w) => {
        const valid = allValid(p);
        const unary: Record<string, Record<string, number>> = {};
        let i = 0;
        for (const a of p.attributes)
          for (const v of valuesOf(p, a.id)) (unary[a.id] ??= {})[key(p, a.id, v)] = w[i++ % w.length]!;
        const cost = (c: Configuration) => p.attributes.reduce((s, a) => s + unary[a.id]![key(p, a.id, c[a.id])]!, 0);
        const fixedId = p.attributes[0]!.id;
        const fixed = { [fixedId]: valuesOf(p, fixedId)[0]! };
        for (const form of ['mdd', 'tree'] as const) {
          const ct = compileProduct(p, { form });
          for (const f of [{}, fixed]) {
            const keep = valid.filter((c) => Object.keys(f).every((id) => key(p, id, c[id]) === key(p, id, f[id])));
            const r = bestCompletion(ct, f, unary);
            if (!keep.length) {
              expect(r).toBeNull();
              continue;
            }
            expect(r!.cost).toBe(Math.min(...keep.map(cost)));
            expect(cost(r!.configuration)).toBe(r!.cost);
            expect(validate(p, r!.configuration).ok).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('compiled form: choice, cloning, complexity', () => {
  const lr = { attributes: 200, options: 10, rules: 300, seed: 7, longRange: 0.2 } as const;

  it('chooses the MDD for local rules and the tree for long-range ones, and says why', () => {
    const local = compileProduct(synthetic({ attributes: 40, options: 4, rules: 60, seed: 2 }));
    expect(local.form).toBe('mdd');
    expect(local.formReason).toMatch(/^mdd: /);
    expect(engineComplexity(synthetic(lr)).estimatedForm).toBe('tree');
  });

  it('adopts a structured clone of a compiled tree and answers from it', () => {
    const o: SyntheticOptions = { attributes: 30, options: [2, 4], rules: 45, seed: 3, groupSize: 5, longRange: 0.3 };
    const original = synthetic(o);
    const compiled = compileProduct(original, { form: 'tree' });
    const clone = structuredClone(compiled);
    const fresh = synthetic(o);
    const adopted = adoptCompiled(fresh, clone);
    expect(compileProduct(fresh)).toBe(adopted);
    expect(adopted.form).toBe('tree');
    expect(count(fresh)).toBe(count(original));
    expect(evaluate(fresh, {})).toEqual(evaluate(original, {}));
  });

  it('reports the decomposition the tree form compiles, not plain min-fill', () => {
    let differs = 0;
    for (const p of crossing()) {
      const c = engineComplexity(p);
      // Unmerged, the compiled tree is the decomposition itself.
      const tree = compileProduct(p, { form: 'tree', mergeRows: Infinity }).tree!;
      expect(c.width).toBe(tree.width);
      expect(c.clusters).toBe(tree.vars.length);
      const ids = (vs: Int32Array) => [...vs].map((x) => p.attributes[x]!.id).sort();
      expect(tree.cvars.map(ids)).toContainEqual([...c.largestCluster].sort());
      expect(c.largestCluster).toHaveLength(c.width + 1);
      const space = buildSpace(p);
      const plain = treeDecomposition(
        space.keys.length,
        ruleTables(p, space).map((t) => [...new Set(t.scope)]),
      );
      if (plain.width !== c.width || plain.clusters.length !== c.clusters) differs++;
    }
    // Products on which plain min-fill names another tree: the report must follow the compiled one.
    expect(differs).toBeGreaterThan(0);
  });

  it('reports the width and the largest cluster of the rule graph without compiling', () => {
    // A chain a0–a1–…–a5 of two-attribute rules has width 1; one rule over a0, a2, a4 closes cycles.
    const chain = synthetic({ attributes: 6, options: 2, rules: 0, seed: 1 });
    chain.rules.push(
      ...[0, 1, 2, 3, 4].map((i) => ({
        id: `c${i}`,
        kind: 'requires' as const,
        message: 'm',
        if: { attr: `a${i}`, is: 'o0' },
        then: { attr: `a${i + 1}`, is: 'o0' },
      })),
    );
    const c = engineComplexity(chain);
    expect(c.width).toBe(1);
    expect(c.largestCluster).toHaveLength(2);
    chain.rules.push({ id: 't', kind: 'table', message: 'm', attrs: ['a0', 'a2', 'a4'], rows: [['o0', 'o0', 'o0']] });
    const d = engineComplexity(chain);
    expect(d.width).toBe(2);
    expect(d.largestCluster.length).toBe(3);
  });
});
