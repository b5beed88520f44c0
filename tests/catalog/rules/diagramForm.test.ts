import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adoptCompiled,
  bestCompletion,
  compileProduct,
  count,
  engineComplexity,
  evaluate,
  NONE_KEY,
  TEXT_KEY,
  validate,
  type Choices,
  type Configuration,
  type Evaluation,
  type Product,
} from '../../../catalog/index.js';
import {
  cheapestCompletion,
  countedAttributes,
  learnPreferences,
  minMarginals,
  recommendChoices,
} from '../../../catalog/recommend/index.js';
import { COST_GRID, EXACT_NODES, perVariableCosts, valueOffsets } from '../../../catalog/recommend/bestCompletion.js';
import { bindModel, recommend } from '../../../catalog/recommend/recommend.js';
import { cheapestPrice } from '../../../catalog/pricing/cheapestPrice.js';
import { cheapestValues } from '../../../catalog/rules/bestCompletion.js';
import type { CompiledProduct } from '../../../catalog/rules/compileProduct.js';
import { ruleDecomposition } from '../../../catalog/rules/treeDecomposition.js';
import { diagramPasses, dropCalls, withCallBudget } from '../../../catalog/rules/diagramTree.js';
import { DiagramLimitError } from '../../../catalog/rules/diagramStore.js';
import type { SyntheticOptions } from '../../bench/syntheticProduct.js';
import { allValid, holds, valuesOf } from './bruteForce.js';
import { checkAgainstEnumeration, key, longRange, nextClick, stateSummary, synthetic } from './formOracle.js';
import { randomProduct } from './randomProduct.js';

/**
 * The diagram form (`form: 'diagram'`, a tree of decision diagrams over one variable order)
 * against the same oracles as the tree form: brute-force enumeration on small products, the
 * MDD form and the tree form on larger ones, for every question the engine answers.
 */

/** Compile `p` to the diagram form (cached for evaluate/count on `p`) and check its shape. */
function compileDiagram(p: Product): CompiledProduct {
  const ct = compileProduct(p, { form: 'diagram' });
  expect(ct.form).toBe('diagram');
  expect(ct.tree).toBeNull();
  expect(ct.diagrams).not.toBeNull();
  return ct;
}

/** Per attribute of `p`, the values of its random picks: steps of choices, one more choice each. */
const clickSteps = (p: Product, picks: [number, number][]): Choices[] => {
  const steps: Choices[] = [{}];
  const choices: Record<string, Configuration[string]> = {};
  for (const [i, j] of picks) {
    const id = p.attributes[i % p.attributes.length]!.id;
    const vs = valuesOf(p, id);
    choices[id] = vs[j % vs.length]!;
    steps.push({ ...choices });
  }
  return steps;
};

/** A configuration of `p` from value indices (a stand-in text for "some text"). */
const configurationOf = (ct: CompiledProduct, values: Int32Array): Configuration =>
  Object.fromEntries(
    ct.space.attrs.map((a, x) => {
      const k = ct.space.keys[x]![values[x]!]!;
      return [a.id, k === NONE_KEY ? null : k === TEXT_KEY ? 'AB' : k];
    }),
  );

const keepsChoices = (p: Product, c: Configuration, choices: Choices) =>
  Object.keys(choices).every((id) => key(p, id, c[id]) === key(p, id, choices[id]));

/** The evaluation's completion is valid by the rule text and keeps the choices. */
function expectValidCompletion(p: Product, e: Evaluation & { ok: true }, choices: Choices): void {
  expect(validate(p, e.configuration).ok).toBe(true);
  expect(holds(p, e.configuration)).toBe(true);
  expect(keepsChoices(p, e.configuration, choices)).toBe(true);
}

const expectClose = (a: Float64Array, b: Float64Array) =>
  a.forEach((v, i) => (v === Infinity ? expect(b[i]).toBe(Infinity) : expect(b[i]).toBeCloseTo(v, 9)));

const sumOf = (ct: CompiledProduct, values: Int32Array, costs: Float64Array) => {
  const offset = valueOffsets(ct);
  let c = 0;
  values.forEach((d, x) => (c += costs[offset[x]! + d]!));
  return c;
};

/** `empty` and the statically possible values: exactly those some valid configuration takes. */
function expectStatic(p: Product, ct: CompiledProduct): void {
  const valid = allValid(p);
  expect(ct.empty).toBe(valid.length === 0);
  ct.space.attrs.forEach((a, x) =>
    ct.space.keys[x]!.forEach((k, d) =>
      expect([a.id, k, ct.possible[x]![d]]).toEqual([a.id, k, valid.some((c) => key(p, a.id, c[a.id]) === k) ? 1 : 0]),
    ),
  );
}

describe('diagram form against brute-force enumeration', () => {
  it('counts, offers exactly the values that extend to a valid configuration, and proposes the fewest changes, click after click (long-range products)', () => {
    fc.assert(
      fc.property(longRange, ([p, steps]) => {
        expectStatic(p, compileDiagram(p));
        for (const choices of steps) checkAgainstEnumeration(p, choices);
      }),
      { numRuns: 60 },
    );
  });

  it('answers as enumeration on small products with rules of every kind, optional and text attributes', () => {
    let emptyTrees = 0;
    fc.assert(
      fc.property(
        randomProduct.chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }).map((picks) => clickSteps(p, picks)),
          ),
        ),
        ([p, steps]) => {
          const ct = compileDiagram(p);
          expectStatic(p, ct);
          if (ct.empty && ct.diagrams!.vars.length > 1) emptyTrees++;
          for (const choices of steps) checkAgainstEnumeration(p, choices);
        },
      ),
      { numRuns: 100 },
    );
    // Products without any valid configuration, over several clusters: `empty` must say so.
    expect(emptyTrees).toBeGreaterThan(0);
  });
});

describe('diagram form against the MDD form on larger long-range products', () => {
  it('gives the same states, change counts and counts, and valid completions, click after click', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const o: SyntheticOptions = { attributes: 60, options: [2, 5], rules: 90, seed, groupSize: 6, longRange: 0.3 };
      const diagram = synthetic(o);
      const mdd = synthetic(o);
      compileDiagram(diagram);
      compileProduct(mdd, { form: 'mdd' });
      expect(count(diagram)).toBe(count(mdd));
      let choices: Record<string, string | null> = {};
      for (let click = 0; click < 12; click++) {
        const a = evaluate(diagram, choices);
        const b = evaluate(mdd, choices);
        expect(a.ok).toBe(b.ok);
        if (!a.ok || !b.ok) return;
        expect(stateSummary(a)).toEqual(stateSummary(b));
        expect(count(diagram, choices)).toBe(count(mdd, choices));
        // Completions may differ among equally cheap ones; both keep the choices and are valid.
        expectValidCompletion(diagram, a, choices);
        choices = nextClick(diagram, a, choices, seed * 17 + click * 7, click);
      }
      expect(Object.keys(choices).length).toBeGreaterThan(5);
    }
  });
});

describe('bestCompletion and cheapestValues (min-sum) over the diagram form', () => {
  /** A cost per value: mostly small integers (ties, negative ones), some +Infinity (forbidden). */
  const costs = fc.array(
    fc.oneof({ weight: 5, arbitrary: fc.integer({ min: -5, max: 20 }) }, { weight: 1, arbitrary: fc.constant(Infinity) }),
    {
      minLength: 30,
      maxLength: 30,
    },
  );
  const products = fc.oneof(
    randomProduct,
    longRange.map(([p]) => p),
  );

  it('finds the cheapest valid configuration keeping the fixed choices, against enumeration', () => {
    let finite = 0;
    let none = 0;
    fc.assert(
      fc.property(products, costs, fc.nat(), fc.nat(), (p, w, fi, fv) => {
        const valid = allValid(p);
        const unary: Record<string, Record<string, number>> = {};
        let i = 0;
        for (const a of p.attributes)
          for (const v of valuesOf(p, a.id)) (unary[a.id] ??= {})[key(p, a.id, v)] = w[i++ % w.length]!;
        const cost = (c: Configuration) => p.attributes.reduce((s, a) => s + unary[a.id]![key(p, a.id, c[a.id])]!, 0);
        const fixedId = p.attributes[fi % p.attributes.length]!.id;
        const fixedValues = valuesOf(p, fixedId);
        const fixed: Choices = { [fixedId]: fixedValues[fv % fixedValues.length]! };
        const ct = compileDiagram(p);
        for (const f of [{}, fixed]) {
          const keep = valid.filter((c) => keepsChoices(p, c, f));
          const least = Math.min(...keep.map(cost));
          const r = bestCompletion(ct, f, unary);
          if (least === Infinity) {
            none++;
            expect(r).toBeNull();
            continue;
          }
          finite++;
          expect(r).not.toBeNull();
          expect(r!.cost).toBe(least);
          expect(cost(r!.configuration)).toBe(r!.cost);
          expect(validate(p, r!.configuration).ok).toBe(true);
          expect(holds(p, r!.configuration)).toBe(true);
          expect(keepsChoices(p, r!.configuration, f)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
    // Both outcomes seen: a cheapest configuration, and none of finite cost.
    expect(finite).toBeGreaterThan(50);
    expect(none).toBeGreaterThan(20);
  });
});

describe('cheapestPrice (branch and bound over min-sum passes) over the diagram form', () => {
  it('finds the price of the cheapest valid configuration, against enumeration', () => {
    let priced = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          randomProduct,
          longRange.map(([p]) => p),
        ),
        (p) => {
          const valid = allValid(p);
          compileDiagram(p);
          const got = cheapestPrice(p);
          if (!valid.length) {
            expect(got).toBeNull();
            return;
          }
          const prices = valid.map((c) => {
            const r = validate(p, c);
            if (!r.ok) throw new Error('an enumerated configuration is invalid');
            return r.price.total;
          });
          if (new Set(prices).size > 1) priced++;
          expect(got).toBe(Math.min(...prices));
        },
      ),
      { numRuns: 60 },
    );
    // Products on which the cheapest configuration is a real choice.
    expect(priced).toBeGreaterThan(20);
  });
});

describe("the recommender's min-sum passes over the diagram form, against the MDD form", () => {
  const cases = fc.tuple(
    fc.oneof(
      randomProduct,
      longRange.map(([p]) => p),
    ),
    // Small integer costs (ties) or any finite floats.
    fc.oneof(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }),
      fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 40, maxLength: 40 }),
    ),
    fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 8, maxLength: 8 }),
  );

  it('cheapestCompletion and cheapestValues are valid and as cheap as the MDD form finds; minMarginals equal', () => {
    fc.assert(
      fc.property(cases, ([p, raw, picks]) => {
        const mdd = compileProduct(p, { form: 'mdd' });
        const ct = compileDiagram(p);
        const nValues = valueOffsets(ct)[ct.sizes.length]!;
        const costs = Float64Array.from({ length: nValues }, (_, i) => raw[i % raw.length]!);
        // Some variables fixed, to a value that may or may not be possible.
        const fixed = Int32Array.from(ct.sizes, (size, x) =>
          picks[x % picks.length]! < 0 ? -1 : picks[x % picks.length]! % size,
        );
        const want = cheapestCompletion(mdd, fixed, costs);
        const got = cheapestCompletion(ct, fixed, costs);
        const engine = cheapestValues(ct, perVariableCosts(ct, fixed, costs));
        const marginals = minMarginals(ct, fixed, costs);
        if (!want) {
          expect(got).toBeNull();
          expect(engine).toBeNull();
          expect(marginals).toBeNull();
          return;
        }
        for (const values of [got, engine]) {
          expect(values).not.toBeNull();
          expect(holds(p, configurationOf(ct, values!))).toBe(true);
          fixed.forEach((d, x) => d >= 0 && expect(values![x]).toBe(d));
          expect(sumOf(ct, values!, costs)).toBeCloseTo(sumOf(mdd, want, costs), 9);
        }
        expectClose(minMarginals(mdd, fixed, costs)!, marginals!);
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same completions and min-marginals on products of wide clusters with real-valued costs, as the MDD form (within the rounding past the exact budget)', () => {
    let runs = 0;
    let exactRuns = 0;
    // 20 attributes of 2–10 options in groups of 8, 40 % long-range: clusters of up to 8
    // attributes, where every sum of real-valued costs is a terminal of its own.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 64, maxLength: 64 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
        (seed, raw, picks) => {
          const o: SyntheticOptions = { attributes: 20, options: [2, 10], rules: 30, seed, longRange: 0.4 };
          const p = synthetic(o);
          const mdd = compileProduct(p, { form: 'mdd' });
          const ct = compileDiagram(p);
          const nValues = valueOffsets(ct)[ct.sizes.length]!;
          const costs = Float64Array.from({ length: nValues }, (_, i) => raw[(i * 7) % raw.length]! + (i % 3) / 7);
          const fixed = new Int32Array(ct.sizes.length).fill(-1);
          for (const [i, j] of picks) fixed[i % fixed.length] = j % ct.sizes[i % fixed.length]!;
          // Every diagram call below starts from the compiled diagrams alone (dropCalls): a call's
          // node budget counts the nodes it makes, fewer when earlier calls left them.
          const want = cheapestCompletion(mdd, fixed, costs);
          dropCalls(ct.diagrams!);
          const got = cheapestCompletion(ct, fixed, costs);
          expect(got === null).toBe(want === null);
          if (!want) return;
          expect(holds(p, configurationOf(ct, got!))).toBe(true);
          fixed.forEach((d, x) => d >= 0 && expect(got![x]).toBe(d));
          // Exact where the exact call fits its budget (as onDiagrams tries it); past it the costs
          // are rounded to COST_GRID, so a sum may be off by half a grid step per attribute.
          const fits = (run: () => unknown) => {
            dropCalls(ct.diagrams!);
            try {
              withCallBudget(EXACT_NODES, run);
              return true;
            } catch (e) {
              if (!(e instanceof DiagramLimitError)) throw e;
              return false;
            }
          };
          const cost = perVariableCosts(ct, fixed, costs);
          const offset = valueOffsets(ct);
          const exactCompletion = fits(() => cheapestValues(ct, cost));
          const exactMarginals = fits(() =>
            diagramPasses(ct.diagrams!, cost).marginals(offset, new Float64Array(offset[ct.sizes.length]!)),
          );
          if (exactCompletion && exactMarginals) exactRuns++;
          const half = (ct.sizes.length * COST_GRID) / 2;
          expect(Math.abs(sumOf(ct, got!, costs) - sumOf(mdd, want, costs))).toBeLessThanOrEqual(
            exactCompletion ? 1e-9 : 2 * half,
          );
          const a = minMarginals(mdd, fixed, costs)!;
          dropCalls(ct.diagrams!);
          const b = minMarginals(ct, fixed, costs)!;
          const tolerance = exactMarginals ? 1e-9 : half;
          a.forEach((v, i) =>
            v === Infinity ? expect(b[i]).toBe(Infinity) : expect(Math.abs(b[i]! - v)).toBeLessThanOrEqual(tolerance),
          );
          runs++;
        },
      ),
      { numRuns: 15 },
    );
    // Most draws fit the exact budget: the rounding is the exception this test tolerates.
    expect(exactRuns).toBeGreaterThan(runs / 2);
  });

  it('recommends a valid completion whose min-marginals the MDD form confirms, and recommendChoices stays within the rules', () => {
    const quick = { l2: 0.001, iterations: 40, learningRate: 0.2 };
    const withOrders = fc
      .tuple(
        fc.oneof(
          randomProduct,
          longRange.map(([p]) => p),
        ),
        fc.array(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), { maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
      )
      .map(([p, rows, picks]) => {
        const orders = rows.map((row) =>
          Object.fromEntries(
            p.attributes.map((a, i) => {
              const vs = a.kind === 'text' ? ['AB', null] : valuesOf(p, a.id);
              return [a.id, vs[row[i % row.length]! % vs.length]!];
            }),
          ),
        );
        return [p, orders, clickSteps(p, picks).at(-1)!] as const;
      });
    fc.assert(
      fc.property(withOrders, ([p, orders, choices]) => {
        const model = learnPreferences(orders, countedAttributes(p), quick);
        const mdd = compileProduct(p, { form: 'mdd' });
        // Compiled last: recommendChoices(p, …) below uses the diagram form.
        const ct = compileDiagram(p);
        const chosen = Int32Array.from(ct.space.attrs, (a, x) =>
          Object.prototype.hasOwnProperty.call(choices, a.id) ? ct.space.keyIndex[x]!.get(key(p, a.id, choices[a.id]))! : -1,
        );
        const rec = recommend(bindModel(ct, model), chosen);
        const mddRec = recommend(bindModel(mdd, model), chosen);
        expect(rec === null).toBe(mddRec === null);
        if (rec) {
          expect(holds(p, configurationOf(ct, rec.values))).toBe(true);
          chosen.forEach((d, x) => d >= 0 && expect(rec.values[x]).toBe(d));
          // The completion is the cheapest under its own costs, and the min-marginals are the MDD form's for those costs.
          const want = cheapestCompletion(mdd, chosen, rec.costs)!;
          expect(sumOf(ct, rec.values, rec.costs)).toBeCloseTo(sumOf(mdd, want, rec.costs), 9);
          expectClose(minMarginals(mdd, chosen, rec.costs)!, rec.valueCost);
        }
        const r = recommendChoices(p, model, choices);
        const e = evaluate(p, choices);
        expect(r.ok).toBe(e.ok);
        if (!r.ok) return;
        for (const [id, v] of Object.entries(r.attributes)) {
          expect(Object.prototype.hasOwnProperty.call(choices, id)).toBe(false);
          expect(count(p, { ...choices, [id]: v.value })).toBeGreaterThan(0n);
        }
        expect(validate(p, r.completion).ok).toBe(true);
        expect(keepsChoices(p, r.completion, choices)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('diagram form: cloning and the automatic choice', () => {
  it('adopts a structured clone of a compiled diagram form and answers from it as the original does', () => {
    const o: SyntheticOptions = { attributes: 30, options: [2, 4], rules: 45, seed: 3, groupSize: 5, longRange: 0.3 };
    const original = synthetic(o);
    const compiled = compileDiagram(original);
    const clone = structuredClone(compiled);
    const fresh = synthetic(o);
    const adopted = adoptCompiled(fresh, clone);
    expect(compileProduct(fresh)).toBe(adopted);
    expect(adopted.form).toBe('diagram');
    expect(adopted.diagrams).not.toBeNull();
    expect(count(fresh)).toBe(count(original));
    let choices: Record<string, string | null> = {};
    const unary = Object.fromEntries(
      original.attributes.map((a, i) => [
        a.id,
        Object.fromEntries(valuesOf(original, a.id).map((v, j) => [key(original, a.id, v), (i * 7 + j * 3) % 5])),
      ]),
    );
    for (let click = 0; click < 10; click++) {
      const a = evaluate(fresh, choices);
      const b = evaluate(original, choices);
      expect(a).toEqual(b);
      if (!a.ok) break;
      expect(count(fresh, choices)).toBe(count(original, choices));
      expect(bestCompletion(adopted, choices, unary)).toEqual(bestCompletion(compiled, choices, unary));
      choices = nextClick(fresh, a, choices, click * 11 + 5, click);
    }
    expect(Object.keys(choices).length).toBeGreaterThan(3);
    // Answered from the adopted form, never recompiled.
    expect(compileProduct(fresh)).toBe(adopted);
  });

  it('falls back to the diagram form when the tree form would enumerate too many rows, and answers as the tree form', () => {
    // 120 attributes, 10 % long-range rules: the estimate picks the tree, which compiles (by default) into clusters of thousands of rows.
    const make = () => synthetic({ attributes: 120, options: [2, 10], rules: 180, seed: 7, longRange: 0.1 });
    expect(engineComplexity(make(), { quick: true }).estimatedForm).toBe('tree');
    expect(compileProduct(make()).form).toBe('tree');
    const auto = make();
    const ct = compileProduct(auto, { maxTreeRows: 10 });
    expect(ct.form).toBe('diagram');
    expect(ct.tree).toBeNull();
    expect(ct.diagrams).not.toBeNull();
    expect(ct.formReason).toMatch(/diagram/);
    const tree = make();
    expect(compileProduct(tree, { form: 'tree' }).form).toBe('tree');
    expect(count(auto)).toBe(count(tree));
    let choices: Record<string, string | null> = {};
    for (let click = 0; click < 8; click++) {
      const a = evaluate(auto, choices);
      const b = evaluate(tree, choices);
      expect(a.ok).toBe(b.ok);
      if (!a.ok || !b.ok) break;
      expect(stateSummary(a)).toEqual(stateSummary(b));
      expect(count(auto, choices)).toBe(count(tree, choices));
      expectValidCompletion(auto, a, choices);
      choices = nextClick(auto, a, choices, click * 37 + 3, click);
    }
    expect(Object.keys(choices).length).toBeGreaterThan(3);
  });

  it('is chosen by default where the tree form fails, and its answers hold together', () => {
    // 60 attributes of 2–10 options, 40 % long-range rules: a cluster of 14 shared attributes has
    // millions of valid combinations (the tree form gives up) and the single MDD takes minutes.
    const p = synthetic({ attributes: 60, options: [2, 10], rules: 90, seed: 4, longRange: 0.4 });
    expect(engineComplexity(p, { quick: true }).estimatedForm).toBe('tree');
    const ct = compileProduct(p);
    expect(ct.form).toBe('diagram');
    expect(ct.formReason).toMatch(/diagram/);
    expect(ct.diagrams).not.toBeNull();
    const total = count(p);
    expect(total).toBeGreaterThan(0n);
    // The defaults are a valid configuration: complete, it is counted once; one value off, it counts as the rules say.
    expect(count(p, p.defaults)).toBe(1n);
    const a0 = p.attributes[0]!;
    for (const v of valuesOf(p, a0.id))
      expect(count(p, { ...p.defaults, [a0.id]: v })).toBe(holds(p, { ...p.defaults, [a0.id]: v }) ? 1n : 0n);
    let choices: Record<string, string | null> = {};
    for (let click = 0; click < 6; click++) {
      const e = evaluate(p, choices);
      expect(e.ok).toBe(true);
      if (!e.ok) return;
      expectValidCompletion(p, e, choices);
      const n = count(p, choices);
      expect(n).toBeGreaterThan(0n);
      // The count splits over the values of an attribute not chosen, and a value's state says whether it keeps the choices.
      const open = p.attributes.filter((a) => !Object.prototype.hasOwnProperty.call(choices, a.id))[click * 5]!;
      let sum = 0n;
      for (const v of valuesOf(p, open.id)) {
        const m = count(p, { ...choices, [open.id]: v });
        sum += m;
        const st = e.attributes[open.id]!.options[key(p, open.id, v)]!;
        expect([v, st.state === 'available']).toEqual([v, m > 0n]);
        if (st.state === 'impossible') expect(count(p, { [open.id]: v })).toBe(0n);
        if (st.state === 'conflict') {
          const after: Record<string, string | null> = { ...choices, [open.id]: v as string | null };
          for (const c of st.changes) after[c.attr] = c.to as string | null;
          expect(count(p, after)).toBeGreaterThan(0n);
        }
      }
      expect(sum).toBe(n);
      choices = nextClick(p, e, choices, click * 13 + 2, click);
    }
    expect(count(p, {})).toBe(total);
  });
});

describe('diagram form against the tree form: conflict walks', () => {
  /**
   * Products of 40–60 attributes in groups of 3 with 30–50 % long-range rules: trees of many
   * clusters, several of them joined to their parent by 3 or more attributes. Long click
   * sequences, the changes of a conflict applied as the configurator does; the tree form is
   * the oracle.
   */
  const sessions = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    attributes: fc.integer({ min: 40, max: 60 }),
    longRange: fc.integer({ min: 3, max: 5 }).map((t) => t / 10),
    picks: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 15, maxLength: 25 }),
  });
  const sessionProduct = (seed: number, attributes: number, longRange: number) =>
    synthetic({ attributes, options: [2, 4], rules: Math.round(1.5 * attributes), seed, groupSize: 3, longRange });

  it('gives the same states, change counts and counts, and changes that hold together, click after click', () => {
    let conflicts = 0;
    let wideSeparators = 0;
    let runs = 0;
    fc.assert(
      fc.property(sessions, ({ seed, attributes, longRange, picks }) => {
        runs++;
        const diagram = sessionProduct(seed, attributes, longRange);
        const tree = sessionProduct(seed, attributes, longRange);
        const ct = compileDiagram(diagram);
        expect(compileProduct(tree, { form: 'tree' }).form).toBe('tree');
        const td = ruleDecomposition(ct.sizes, ct.tables);
        const separators = td.clusters.map((c, k) =>
          k === 0 ? 0 : c.filter((x) => td.clusters[td.parent[k]!]!.includes(x)).length,
        );
        if (separators.filter((s) => s >= 3).length >= 2) wideSeparators++;
        expect(count(diagram)).toBe(count(tree));
        let choices: Record<string, string | null> = {};
        for (const [i, j] of picks) {
          const a = evaluate(diagram, choices);
          const b = evaluate(tree, choices);
          expect(a.ok).toBe(b.ok);
          if (!a.ok || !b.ok) return;
          expect(stateSummary(a)).toEqual(stateSummary(b));
          expect(count(diagram, choices)).toBe(count(tree, choices));
          expectValidCompletion(diagram, a, choices);
          let checked = 0;
          for (const attr of Object.values(a.attributes))
            for (const [k, s] of Object.entries(attr.options)) {
              if (s.state !== 'conflict') continue;
              conflicts++;
              // The changes and the value together are satisfiable (a few per click: each is a count).
              if (checked++ >= 3) continue;
              const after: Record<string, string | null> = { ...choices };
              for (const c of s.changes) after[c.attr] = c.to as string | null;
              after[attr.id] = k === NONE_KEY ? null : k;
              expect(count(tree, after as Choices)).toBeGreaterThan(0n);
            }
          choices = nextClick(diagram, a, choices, i, j);
        }
        // The recommender's passes at the last choices, with integer costs (exact sums): as the tree form.
        const treeCt = compileProduct(tree);
        const nValues = valueOffsets(ct)[ct.sizes.length]!;
        const costs = Float64Array.from({ length: nValues }, (_, v) => (v * 7 + seed) % 10);
        const chosen = Int32Array.from(ct.space.attrs, (at, x) =>
          Object.prototype.hasOwnProperty.call(choices, at.id)
            ? ct.space.keyIndex[x]!.get(key(diagram, at.id, choices[at.id]))!
            : -1,
        );
        const want = minMarginals(treeCt, chosen, costs);
        const got = minMarginals(ct, chosen, costs);
        expect(got === null).toBe(want === null);
        if (want) expect(Array.from(got!)).toEqual(Array.from(want));
        const values = cheapestCompletion(ct, chosen, costs);
        expect(values === null).toBe(want === null);
        if (values) {
          expect(holds(diagram, configurationOf(ct, values))).toBe(true);
          expect(sumOf(ct, values, costs)).toBe(sumOf(treeCt, cheapestCompletion(treeCt, chosen, costs)!, costs));
        }
      }),
      { numRuns: 20 },
    );
    expect(conflicts).toBeGreaterThan(500);
    // Most products have at least two separators of 3+ attributes.
    expect(wideSeparators).toBeGreaterThan(runs / 2);
  });

  it("decodes a conflict's changes on first read, right even after later clicks dropped that click's diagrams", () => {
    let read = 0;
    fc.assert(
      fc.property(sessions, ({ seed, attributes, longRange, picks }) => {
        const p = sessionProduct(seed, attributes, longRange);
        const ct = compileDiagram(p);
        let choices: Record<string, string | null> = {};
        for (const [i, j] of picks) {
          const a = evaluate(p, choices);
          if (!a.ok) return;
          // Read later: another click, then every call's diagrams dropped (as past the arena's budget).
          const next = nextClick(p, a, choices, i, j);
          evaluate(p, next);
          dropCalls(ct.diagrams!);
          const fresh = evaluate(p, choices);
          if (!fresh.ok) throw new Error('the same choices evaluated differently');
          for (const attr of Object.values(a.attributes))
            for (const [k, s] of Object.entries(attr.options)) {
              if (s.state !== 'conflict') continue;
              const now = fresh.attributes[attr.id]!.options[k]!;
              if (now.state !== 'conflict') throw new Error('a conflict changed state');
              // The stale state first (its pass runs again), then the fresh one (its own pass, now stale too).
              const late = s.changes;
              expect(late).toEqual(now.changes);
              expect(JSON.parse(JSON.stringify(s)).changes).toEqual(late);
              read++;
            }
          choices = next;
        }
      }),
      { numRuns: 8 },
    );
    expect(read).toBeGreaterThan(100);
  });
});
