import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  parseProduct,
  validate,
  type Choices,
  type Configuration,
  type Product,
  type ProductInput,
} from '../../../catalog/index.js';
import {
  cheapestCompletion,
  countedAttributes,
  learnPreferences,
  minMarginals,
  recommendChoices,
} from '../../../catalog/recommend/index.js';
import { perVariableCosts, valueOffsets } from '../../../catalog/recommend/bestCompletion.js';
import { bindModel, recommend } from '../../../catalog/recommend/recommend.js';
import { cheapestValues } from '../../../catalog/rules/bestCompletion.js';
import { compileProduct, type CompiledProduct } from '../../../catalog/rules/compileProduct.js';
import { allValid, keyOf, valuesOf } from '../rules/bruteForce.js';
import { randomProduct } from '../rules/randomProduct.js';

const quick = { l2: 0.001, iterations: 40, learningRate: 0.2 };

/** A random order history: configurations drawn from the attributes' values, valid or not (older versions, changed rules). */
const history = (p: Product) =>
  fc.array(
    fc.array(fc.nat(), { minLength: p.attributes.length, maxLength: p.attributes.length }).map((picks) => {
      const c: Record<string, Configuration[string]> = {};
      p.attributes.forEach((a, i) => {
        const vs = a.kind === 'text' ? ['AB', null] : valuesOf(p, a.id);
        c[a.id] = vs[picks[i]! % vs.length]!;
      });
      return c;
    }),
    { maxLength: 30 },
  );

const choicesOf = (p: Product) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: p.attributes.length - 1 }), fc.nat()), { maxLength: 3 }).map((picks) => {
    const choices: Record<string, Configuration[string]> = {};
    for (const [i, j] of picks) {
      const id = p.attributes[i]!.id;
      const vs = valuesOf(p, id);
      choices[id] = vs[j % vs.length]!;
    }
    return choices as Choices;
  });

const cases = randomProduct.chain((p) => fc.tuple(fc.constant(p), history(p), choicesOf(p)));

/** The engine's compiled forms a product can take: one MDD, a cluster tree, and a tree with merged clusters. */
const FORMS = [{ form: 'mdd' }, { form: 'tree' }, { form: 'tree', mergeRows: 1 }] as const;

/** Every valid configuration of the compiled product as value indices, by enumeration from the rule text. */
function validIndices(p: Product, ct: CompiledProduct): Int32Array[] {
  const { space } = ct;
  return allValid(p).map((c) =>
    Int32Array.from(space.attrs, (a, x) => space.keyIndex[x]!.get(keyOf(c[a.id] ?? null, a.kind === 'text'))!),
  );
}

/** Brute force over the valid configurations keeping `fixed`: the least summed cost, and per value the least cost of one taking it. */
function bruteForce(ct: CompiledProduct, valid: Int32Array[], fixed: Int32Array, costs: Float64Array) {
  const offset = valueOffsets(ct);
  const valueCost = new Float64Array(costs.length).fill(Infinity);
  let best = Infinity;
  for (const v of valid) {
    if (v.some((d, x) => fixed[x]! >= 0 && fixed[x] !== d)) continue;
    const c = sum(ct, v, costs);
    best = Math.min(best, c);
    v.forEach((d, x) => (valueCost[offset[x]! + d] = Math.min(valueCost[offset[x]! + d]!, c)));
  }
  return { best, valueCost };
}

function sum(ct: CompiledProduct, values: Int32Array, costs: Float64Array): number {
  const offset = valueOffsets(ct);
  let c = 0;
  values.forEach((d, x) => (c += costs[offset[x]! + d]!));
  return c;
}

const isValid = (valid: Int32Array[], v: Int32Array) => valid.some((w) => w.every((d, x) => v[x] === d));

const expectClose = (a: Float64Array, b: Float64Array) =>
  a.forEach((v, i) => (v === Infinity ? expect(b[i]).toBe(Infinity) : expect(b[i]).toBeCloseTo(v, 9)));

describe('the min-sum passes over either compiled form, against brute-force enumeration', () => {
  const costCases = randomProduct.chain((p) =>
    fc.tuple(
      fc.constant(p),
      // Small integer costs (ties) or any finite floats.
      fc.oneof(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }),
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 40, maxLength: 40 }),
      ),
      fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 8, maxLength: 8 }),
    ),
  );

  it('finds the cheapest valid completion and the min-marginal of every value', () => {
    fc.assert(
      fc.property(costCases, ([p, raw, picks]) => {
        for (const options of FORMS) {
          const ct = compileProduct(p, options);
          expect(ct.form).toBe(options.form);
          const valid = validIndices(p, ct);
          const costs = Float64Array.from({ length: valueOffsets(ct)[ct.sizes.length]! }, (_, i) => raw[i % raw.length]!);
          // Some variables fixed, to a value that may or may not be possible.
          const fixed = Int32Array.from(ct.sizes, (size, x) => (picks[x]! < 0 ? -1 : picks[x]! % size));
          const brute = bruteForce(ct, valid, fixed, costs);
          const values = cheapestCompletion(ct, fixed, costs);
          const marginals = minMarginals(ct, fixed, costs);
          if (brute.best === Infinity) {
            expect(values).toBeNull();
            expect(cheapestValues(ct, perVariableCosts(ct, fixed, costs))).toBeNull();
            expect(marginals).toBeNull();
            continue;
          }
          // The MDD form's own shortest path answers exactly as the engine's (ties included).
          expect(values).toEqual(cheapestValues(ct, perVariableCosts(ct, fixed, costs)));
          expect(isValid(valid, values!)).toBe(true);
          fixed.forEach((d, x) => d >= 0 && expect(values![x]).toBe(d));
          expect(sum(ct, values!, costs)).toBeCloseTo(brute.best, 9);
          expectClose(brute.valueCost, marginals!);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('recommends the optimum of its conditioned costs and the value of least min-marginal, on every form', () => {
    fc.assert(
      fc.property(cases, ([p, orders, choices]) => {
        const model = learnPreferences(orders, countedAttributes(p), quick);
        const byForm = FORMS.map((options) => {
          const ct = compileProduct(p, options);
          const valid = validIndices(p, ct);
          const chosen = Int32Array.from(ct.space.attrs, (a, x) =>
            Object.prototype.hasOwnProperty.call(choices, a.id)
              ? ct.space.keyIndex[x]!.get(keyOf(choices[a.id] ?? null, a.kind === 'text'))!
              : -1,
          );
          const rec = recommend(bindModel(ct, model), chosen);
          const brute = bruteForce(ct, valid, chosen, rec?.costs ?? new Float64Array(valueOffsets(ct).at(-1)!));
          if (!rec) {
            expect(brute.best).toBe(Infinity);
            return null;
          }
          expect(isValid(valid, rec.values)).toBe(true);
          chosen.forEach((d, x) => d >= 0 && expect(rec.values[x]).toBe(d));
          expect(sum(ct, rec.values, rec.costs)).toBeCloseTo(brute.best, 9);
          expectClose(brute.valueCost, rec.valueCost);
          const offset = valueOffsets(ct);
          rec.perVariable.forEach((r, x) => {
            if (r.value < 0) return;
            expect(chosen[x]).toBe(-1);
            const least = Math.min(...brute.valueCost.subarray(offset[x]!, offset[x + 1]!));
            expect(brute.valueCost[offset[x]! + r.value]).toBeCloseTo(least, 9);
          });
          return { rec, chosen };
        });
        // Ties may lead the forms to different (equally cheap) completions and so to different refined
        // costs; for the same costs every form gives the same min-marginals.
        const [mdd, ...trees] = byForm;
        for (const t of trees) expect(t === null).toBe(mdd === null);
        if (mdd)
          for (const options of FORMS.slice(1))
            expectClose(mdd.rec.valueCost, minMarginals(compileProduct(p, options), mdd.chosen, mdd.rec.costs)!);
      }),
      { numRuns: 150 },
    );
  });
});

describe('recommendChoices', () => {
  it.each(FORMS)('never recommends a value that cannot be completed, and completes without changing a choice (%o)', (options) => {
    fc.assert(
      fc.property(cases, ([p, orders, choices]) => {
        expect(compileProduct(p, options).form).toBe(options.form);
        const model = learnPreferences(orders, countedAttributes(p), quick);
        const rec = recommendChoices(p, model, choices);
        const e = evaluate(p, choices);
        expect(rec.ok).toBe(e.ok);
        if (!rec.ok) return;
        expect(rec.orders).toBe(orders.length);
        for (const [id, r] of Object.entries(rec.attributes)) {
          expect(Object.prototype.hasOwnProperty.call(choices, id)).toBe(false);
          expect(evaluate(p, { ...choices, [id]: r.value }).ok).toBe(true);
          expect(r.confidence).toBeGreaterThan(0);
          expect(r.confidence).toBeLessThanOrEqual(1 + 1e-9);
        }
        expect(validate(p, rec.completion).ok).toBe(true);
        for (const [id, v] of Object.entries(choices)) expect(rec.completion[id]).toEqual(v);
      }),
      { numRuns: 200 },
    );
  });

  const twoSizes = (rules: ProductInput['rules'] = []): Product => {
    const attr = (id: string) => ({
      id,
      kind: 'choice' as const,
      label: id,
      options: ['s', 'm', 'l'].map((o) => ({ id: o, label: o })),
    });
    const parsed = parseProduct({
      id: 'two',
      name: 'Two',
      description: 'two',
      currency: 'EUR',
      basePrice: 0,
      skuPrefix: 'T',
      model: { file: 'm.glb' },
      steps: [{ id: 's', label: 'S', attributes: ['top', 'bottom'] }],
      attributes: [attr('top'), attr('bottom')],
      defaults: { top: 's', bottom: 's' },
      rules,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.product;
  };
  // Customers take matching sizes, medium most often.
  const orders = [
    ...Array.from({ length: 30 }, () => ({ top: 'm', bottom: 'm' })),
    ...Array.from({ length: 10 }, () => ({ top: 'l', bottom: 'l' })),
    ...Array.from({ length: 10 }, () => ({ top: 's', bottom: 's' })),
  ];

  it('learns what is chosen and what goes together', () => {
    const p = twoSizes();
    const model = learnPreferences(orders, countedAttributes(p));
    const open = recommendChoices(p, model, {});
    expect(open.ok && open.attributes.top).toMatchObject({ value: 'm' });
    expect(open.ok && open.attributes.top!.confidence).toBeGreaterThan(0.5);
    const afterL = recommendChoices(p, model, { top: 'l' });
    expect(afterL.ok && afterL.attributes.bottom!.value).toBe('l');
    expect(afterL.ok && afterL.completion).toEqual({ top: 'l', bottom: 'l' });
    expect(model.orders).toBe(50);
    expect(model.values.top).toEqual({ m: 30, l: 10, s: 10 });
  });

  it('lets the rules overrule the model', () => {
    // A large top never goes with a large bottom: the favourite pairing is out.
    const p = twoSizes([
      { id: 'no-ll', kind: 'excludes', message: 'no', if: { attr: 'top', is: 'l' }, then: { attr: 'bottom', is: 'l' } },
    ]);
    const model = learnPreferences(orders, countedAttributes(p));
    const rec = recommendChoices(p, model, { top: 'l' });
    expect(rec.ok).toBe(true);
    if (rec.ok) {
      expect(rec.attributes.bottom!.value).not.toBe('l');
      expect(validate(p, rec.completion).ok).toBe(true);
    }
  });
});
