import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProduct, count, type Choices, type Product } from '../../../catalog/index.js';
import { DiagramLimitError } from '../../../catalog/rules/diagramStore.js';
import { countFrom, diagramCount, type DiagramTree } from '../../../catalog/rules/diagramTree.js';
import { parseChoices } from '../../../catalog/rules/parseChoices.js';
import { allValid, keyOf } from './bruteForce.js';
import { longRange, synthetic } from './formOracle.js';

/**
 * The diagram form's exact count (sum-product over the tree with edge-valued messages, hung
 * from any cluster) against enumeration on small products and the MDD form on larger ones,
 * and its budget: past it an error, never a wrong number.
 */

const UNBOUNDED = { nodes: 1e7, steps: 1e9 };

function diagramOf(p: Product): { dt: DiagramTree; chosen: (c: Choices) => Int32Array } {
  const ct = compileProduct(p, { form: 'diagram' });
  expect(ct.form).toBe('diagram');
  return {
    dt: ct.diagrams!,
    chosen: (c) => {
      const parsed = parseChoices(ct, c);
      if (!parsed.ok) throw new Error('choices refused');
      return parsed.chosen;
    },
  };
}

describe('diagram form count', () => {
  it('counts as enumeration, from every cluster of the tree, click after click (small long-range products)', () => {
    fc.assert(
      fc.property(longRange, ([p, steps]) => {
        const { dt, chosen } = diagramOf(p);
        const valid = allValid(p);
        for (const choices of steps) {
          const ids = Object.keys(choices);
          const kind = (id: string) => p.attributes.find((a) => a.id === id)!.kind === 'text';
          const expected = BigInt(
            valid.filter((c) => ids.every((id) => keyOf(c[id] ?? null, kind(id)) === keyOf(choices[id] ?? null, kind(id))))
              .length,
          );
          for (let root = 0; root < dt.vars.length; root++)
            expect([root, countFrom(dt, chosen(choices), root, UNBOUNDED)]).toEqual([root, expected]);
          expect(count(p, choices)).toBe(expected);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('gives the MDD form’s count on 40–80-attribute long-range products, from every cluster, with and without choices', () => {
    // Seeded: products whose MDD compiles in a few seconds (a long-range 80-attribute one can take minutes).
    const cases: [number, number, number][] = [
      [40, 0.4, 1],
      [50, 0.3, 2],
      [60, 0.3, 3],
      [70, 0.2, 5],
      [80, 0.2, 6],
    ];
    for (const [attributes, longRange, seed] of cases) {
      const o = {
        attributes,
        options: [2, 5] as [number, number],
        rules: Math.round(1.5 * attributes),
        seed,
        groupSize: 6,
        longRange,
      };
      const diagram = synthetic(o);
      const mdd = synthetic(o);
      const { dt, chosen } = diagramOf(diagram);
      compileProduct(mdd, { form: 'mdd' });
      // Clusters wide enough for messages over several variables.
      expect(Math.max(...dt.vars.map((v) => v.length))).toBeGreaterThanOrEqual(6);
      // The defaults are valid: choices taken from them keep some configurations.
      const choices: Record<string, string | null> = {};
      for (let i = seed; i < attributes; i += 9) {
        const a = diagram.attributes[i]!;
        choices[a.id] = diagram.defaults[a.id] as string | null;
      }
      for (const c of [{}, choices] as Choices[]) {
        const expected = count(mdd, c);
        expect(expected).toBeGreaterThan(0n);
        expect(count(diagram, c)).toBe(expected);
        for (let root = 0; root < dt.vars.length; root++)
          expect([root, countFrom(dt, chosen(c), root, UNBOUNDED)]).toEqual([root, expected]);
      }
      expect(count(diagram, choices)).toBeLessThan(count(diagram));
    }
  }, 120_000);

  it('past a small budget throws DiagramLimitError, and below it gives the exact count, never another number', () => {
    const p = synthetic({ attributes: 60, options: [2, 5], rules: 90, seed: 3, groupSize: 6, longRange: 0.3 });
    const { dt, chosen } = diagramOf(p);
    const none = chosen({});
    const exact = diagramCount(dt, none);
    let refused = 0;
    let counted = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12_000 }), fc.integer({ min: 1, max: 12_000 }), (nodes, steps) => {
        try {
          expect(diagramCount(dt, none, { nodes, steps })).toBe(exact);
          counted++;
        } catch (e) {
          expect(e).toBeInstanceOf(DiagramLimitError);
          refused++;
        }
      }),
      { numRuns: 40 },
    );
    expect(refused).toBeGreaterThan(0);
    expect(counted).toBeGreaterThan(0);
  });
});
