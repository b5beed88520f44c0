import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, evaluate, NONE_KEY, validate, type Choices, type Configuration, type Product } from '../../../catalog/index.js';
import { compileProduct } from '../../../catalog/rules/compileProduct.js';
import { allValid, holds, keyOf, valuesOf } from './bruteForce.js';
import { randomProduct } from './randomProduct.js';

const isText = (p: Product, id: string) => p.attributes.find((a) => a.id === id)!.kind === 'text';
const key = (p: Product, id: string, v: Configuration[string]) => keyOf(v ?? null, isText(p, id));

/** A product with random explicit choices drawn from its attributes' values. */
const withChoices = randomProduct.chain((p) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: p.attributes.length - 1 }), fc.nat()), { maxLength: 3 })
    .map((picks): [Product, Choices] => {
      const choices: Record<string, Configuration[string]> = {};
      for (const [i, j] of picks) {
        const id = p.attributes[i]!.id;
        const vs = valuesOf(p, id);
        choices[id] = vs[j % vs.length]!;
      }
      return [p, choices];
    }),
);

describe.each(['mdd', 'tree'] as const)('evaluate (%s form) against brute-force enumeration', (form) => {
  it('counts exactly', () => {
    fc.assert(
      fc.property(randomProduct, (p) => {
        expect(compileProduct(p, { form }).form).toBe(form);
        expect(count(p)).toBe(BigInt(allValid(p).length));
      }),
      { numRuns: 150 },
    );
  });

  it('gives states, completions and minimal conflict proposals that enumeration confirms', () => {
    fc.assert(
      fc.property(withChoices, ([p, choices]) => {
        compileProduct(p, { form });
        const valid = allValid(p);
        const chosenIds = Object.keys(choices);
        const keeps = (c: Configuration, except?: string) =>
          chosenIds.every((id) => id === except || key(p, id, c[id] ?? null) === key(p, id, choices[id] ?? null));
        const e = evaluate(p, choices);
        if (!valid.some((c) => keeps(c))) {
          expect(e.ok).toBe(false);
          if (!e.ok) expect(e.violations.length).toBeGreaterThan(0);
          return;
        }
        expect(e.ok).toBe(true);
        if (!e.ok) return;
        // The completion keeps the choices, is valid and is as close to the defaults as possible.
        expect(keeps(e.configuration)).toBe(true);
        expect(validate(p, e.configuration).ok).toBe(true);
        const distance = (c: Configuration) =>
          p.attributes.filter((a) => key(p, a.id, c[a.id] ?? null) !== key(p, a.id, p.defaults[a.id] ?? null)).length;
        const bestDistance = Math.min(...valid.filter((c) => keeps(c)).map(distance));
        expect(distance(e.configuration)).toBe(bestDistance);
        expect(count(p, choices)).toBe(BigInt(valid.filter((c) => keeps(c)).length));

        for (const a of p.attributes) {
          for (const [k, st] of Object.entries(e.attributes[a.id]!.options)) {
            const withValue = valid.filter((c) => key(p, a.id, c[a.id] ?? null) === k);
            const changed = (c: Configuration) =>
              chosenIds.filter((id) => id !== a.id && key(p, id, c[id] ?? null) !== key(p, id, choices[id] ?? null)).length;
            if (st.state === 'impossible') {
              expect(withValue).toEqual([]);
              // The reasons alone rule the value out.
              const only = new Set(st.reasons.map((r) => r.id));
              expect(allValid(p, only).some((c) => key(p, a.id, c[a.id] ?? null) === k)).toBe(false);
              continue;
            }
            expect(withValue.length).toBeGreaterThan(0);
            const fewest = Math.min(...withValue.map(changed));
            if (st.state === 'available') {
              expect(fewest).toBe(0);
              continue;
            }
            expect(st.changes.length).toBe(fewest);
            expect(fewest).toBeGreaterThan(0);
            // Applying the proposal gives a valid configuration with the value.
            const after: Record<string, Configuration[string]> = {
              ...choices,
              [a.id]: k === NONE_KEY ? null : k === '__text__' ? 'AB' : k,
            };
            for (const ch of st.changes) after[ch.attr] = ch.to;
            expect(
              valid.some((c) => Object.keys(after).every((id) => key(p, id, c[id] ?? null) === key(p, id, after[id] ?? null))),
            ).toBe(true);
            // The reasons alone, with the kept choices, rule the value out.
            const only = new Set(st.reasons.map((r) => r.id));
            const keptWithValue = allValid(p, only).filter((c) => key(p, a.id, c[a.id] ?? null) === k && keeps(c, a.id));
            expect(keptWithValue).toEqual([]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reasons are minimal: dropping any reason rule makes the impossible value possible', () => {
    fc.assert(
      fc.property(randomProduct, (p) => {
        compileProduct(p, { form });
        const e = evaluate(p, {});
        if (!e.ok) return;
        for (const a of p.attributes)
          for (const [k, st] of Object.entries(e.attributes[a.id]!.options)) {
            if (st.state !== 'impossible') continue;
            for (const r of st.reasons) {
              const only = new Set(st.reasons.map((x) => x.id).filter((id) => id !== r.id));
              expect(allValid(p, only).some((c) => key(p, a.id, c[a.id] ?? null) === k)).toBe(true);
            }
          }
      }),
      { numRuns: 150 },
    );
  });
});

describe('validate', () => {
  it('agrees with the rules on every configuration of random products', () => {
    fc.assert(
      fc.property(randomProduct, (p) => {
        const all: Configuration[] = [];
        const ids = p.attributes.map((a) => a.id);
        const walk = (k: number, acc: Record<string, Configuration[string]>) => {
          if (k === ids.length) return void all.push({ ...acc });
          for (const v of valuesOf(p, ids[k]!)) walk(k + 1, { ...acc, [ids[k]!]: v });
        };
        walk(0, {});
        for (const c of all.slice(0, 60)) expect(validate(p, c).ok).toBe(holds(p, c));
      }),
      { numRuns: 80 },
    );
  });
});
