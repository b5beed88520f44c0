import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProduct } from '../../../catalog/index.js';
import { satisfiable, satisfiableWithin } from '../../../catalog/rules/satisfiable.js';
import { deadValueReasons, minimalReasons } from '../../../catalog/rules/explain.js';
import { ImpossibleState } from '../../../catalog/rules/optionStates.js';
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

  it('find minimal reasons for nearly every dead value of long-range 20 % by searching the rules near it first', () => {
    const ct = compileProduct(longRangeProduct(7, 0.2));
    const report = deadValueReasons(ct, 600_000);
    expect(report.dead).toBe(425);
    expect(report.searched).toBe(425);
    // Over every reachable rule at once, the searches gave none within their budget (0 of 425).
    expect(report.explained).toBeGreaterThan(380);
    const tablesOfRule = (id: string) => ct.tables.filter((t) => ct.product.rules[t.rule]!.id === id);
    const searches = ct.reasonSearches;
    let checked = 0;
    for (let x = 0; x < ct.sizes.length; x++)
      for (let d = 0; d < ct.sizes[x]!; d++) {
        if (ct.possible[x]![d]) continue;
        // From the cache: what an evaluation's impossible state serialises.
        const reasons = new ImpossibleState(ct, x, d).reasons;
        if (!reasons.length) continue;
        const fixed = new Int32Array(ct.sizes.length).fill(-1);
        fixed[x] = d;
        const ids = reasons.map((r) => r.id);
        // Sufficient: these rules alone rule the value out; minimal: without any one they do not.
        expect(satisfiable(ct.sizes, ids.flatMap(tablesOfRule), fixed)).toBe(false);
        for (const id of ids) expect(satisfiable(ct.sizes, ids.filter((y) => y !== id).flatMap(tablesOfRule), fixed)).toBe(true);
        checked++;
      }
    expect(checked).toBe(report.explained);
    expect(ct.reasonSearches).toBe(searches);
  });

  it('deadValueReasons caches no reasons for the dead values past its budget, so that no evaluation searches them', () => {
    const ct = compileProduct(longRangeProduct(7, 0.2));
    const report = deadValueReasons(ct, 0);
    expect(report).toEqual({ dead: 425, searched: 0, explained: 0 });
    for (let x = 0; x < ct.sizes.length; x++)
      for (let d = 0; d < ct.sizes[x]!; d++) if (!ct.possible[x]![d]) expect(new ImpossibleState(ct, x, d).reasons).toEqual([]);
    expect(ct.reasonSearches).toBe(0);
  });
});
