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
import { countedAttributes, learnPreferences, recommendChoices } from '../../../catalog/recommend/index.js';
import { valuesOf } from '../rules/bruteForce.js';
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

describe('recommendChoices', () => {
  it('never recommends a value that cannot be completed, and completes without changing a choice', () => {
    fc.assert(
      fc.property(cases, ([p, orders, choices]) => {
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
