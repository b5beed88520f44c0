import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProduct } from '../../../catalog/index.js';
import { satisfiable, satisfiableWithin } from '../../../catalog/rules/satisfiable.js';
import { minimalReasons } from '../../../catalog/rules/explain.js';
import { randomProduct } from './randomProduct.js';
import { longRangeProduct } from '../../bench/longRangeCore.js';

describe('bounded explanation searches', () => {
  it('answer as the unbounded search within budget, and unknown (null) without one', () => {
    fc.assert(
      fc.property(randomProduct, fc.nat(), (p, pick) => {
        const ct = compileProduct(p);
        const fixed = new Int32Array(ct.sizes.length).fill(-1);
        const x = pick % ct.sizes.length;
        fixed[x] = pick % ct.sizes[x]!;
        const want = satisfiable(ct.sizes, ct.tables, fixed);
        expect(satisfiableWithin(ct.sizes, ct.tables, fixed, { rows: 1e9 })).toBe(want);
        // A product with rules scans rows at once: no budget, no answer.
        if (ct.tables.some((t) => t.nRows > 0)) expect(satisfiableWithin(ct.sizes, ct.tables, fixed, { rows: 0 })).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  it('give up within the budget on long-range 20 %, whose dead options take seconds each unbounded: no reasons rather than a frozen click', () => {
    const ct = compileProduct(longRangeProduct(7, 0.2));
    let dead = 0;
    for (let x = 0; x < ct.sizes.length && dead < 6; x++)
      for (let d = 0; d < ct.sizes[x]! && dead < 6; d++) {
        if (ct.possible[x]![d]) continue;
        dead++;
        const fixed = new Int32Array(ct.sizes.length).fill(-1);
        fixed[x] = d;
        expect(minimalReasons(ct, fixed, [x])).toEqual([]);
      }
    expect(dead).toBe(6);
  });
});
