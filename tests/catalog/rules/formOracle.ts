import fc from 'fast-check';
import { expect } from 'vitest';
import {
  count,
  evaluate,
  parseProduct,
  validate,
  type Choices,
  type Configuration,
  type Evaluation,
  type Product,
} from '../../../catalog/index.js';
import { syntheticProduct, type SyntheticOptions } from '../../bench/syntheticProduct.js';
import { allValid, keyOf, valuesOf } from './bruteForce.js';

/**
 * Oracles shared by the tests of the engine's compiled forms (tree form, diagram form): the
 * products they run on and the check of one evaluation against brute-force enumeration.
 */

export function synthetic(o: SyntheticOptions): Product {
  const r = parseProduct(syntheticProduct(o));
  if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 2)));
  return r.product;
}

/** The engine's key of attribute `id`'s value `v` (option id, "__none__" or "__text__"). */
export const key = (p: Product, id: string, v: Configuration[string] | undefined) =>
  keyOf(v ?? null, p.attributes.find((a) => a.id === id)!.kind === 'text');

/** Small products whose rules mostly cross groups (long-range), with a few random clicks: brute-forceable. */
export const longRange = fc
  .tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }))
  .map(([seed, picks]): [Product, Choices[]] => {
    const p = synthetic({ attributes: 8, options: [2, 3], rules: 12, seed, groupSize: 3, longRange: 0.6, maxArity: 4 });
    // Click after click: each step adds one choice to the previous ones.
    const steps: Choices[] = [{}];
    const choices: Record<string, Configuration[string]> = {};
    for (const [i, j] of picks) {
      const id = p.attributes[i % p.attributes.length]!.id;
      const vs = valuesOf(p, id);
      choices[id] = vs[j % vs.length]!;
      steps.push({ ...choices });
    }
    return [p, steps];
  });

/** The compiled form's answers for `choices` (whatever form `p` is compiled to) against enumeration. */
export function checkAgainstEnumeration(p: Product, choices: Choices): void {
  const valid = allValid(p);
  const ids = Object.keys(choices);
  const keeps = (c: Configuration, except?: string) =>
    ids.every((id) => id === except || key(p, id, c[id]) === key(p, id, choices[id]));
  expect(count(p)).toBe(BigInt(valid.length));
  expect(count(p, choices)).toBe(BigInt(valid.filter((c) => keeps(c)).length));
  const e = evaluate(p, choices);
  expect(e.ok).toBe(valid.some((c) => keeps(c)));
  if (!e.ok) return;
  expect(validate(p, e.configuration).ok).toBe(true);
  for (const a of p.attributes)
    for (const [k, st] of Object.entries(e.attributes[a.id]!.options)) {
      const withValue = valid.filter((c) => key(p, a.id, c[a.id]) === k);
      if (st.state === 'impossible') {
        expect(withValue).toEqual([]);
        continue;
      }
      const changed = (c: Configuration) =>
        ids.filter((id) => id !== a.id && key(p, id, c[id]) !== key(p, id, choices[id])).length;
      const fewest = Math.min(...withValue.map(changed));
      expect(st.state === 'available' ? 0 : st.changes.length).toBe(fewest);
      if (st.state === 'conflict') {
        // The proposed changes lead to a valid configuration with the value.
        const after: Record<string, Configuration[string]> = { ...choices };
        for (const c of st.changes) after[c.attr] = c.to;
        after[a.id] = valuesOf(p, a.id).find((v) => key(p, a.id, v) === k)!;
        expect(valid.some((c) => Object.keys(after).every((id) => key(p, id, c[id]) === key(p, id, after[id])))).toBe(true);
      }
    }
}

/** Per option of every attribute: state and number of changes (the fewest, so two forms agree on it). */
export const stateSummary = (e: Evaluation & { ok: true }) =>
  Object.values(e.attributes).map((a) =>
    Object.entries(a.options).map(([k, s]) => `${a.id}=${k}:${s.state}:${s.state === 'conflict' ? s.changes.length : 0}`),
  );

/**
 * The choices after clicking the i-th attribute's j-th option that is not impossible (applying
 * the changes a conflict proposes, as the configurator does).
 */
export function nextClick(
  p: Product,
  e: Extract<Evaluation, { ok: true }>,
  before: Record<string, string | null>,
  i: number,
  j: number,
): Record<string, string | null> {
  const choices = { ...before };
  const id = p.attributes[i % p.attributes.length]!.id;
  const open = Object.entries(e.attributes[id]!.options).filter(([, s]) => s.state !== 'impossible');
  const [k, s] = open[j % open.length]!;
  if (s.state === 'conflict') for (const c of s.changes) choices[c.attr] = c.to as string | null;
  choices[id] = k === '__none__' ? null : k;
  return choices;
}
