import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProduct, parseProduct, type Product } from '../../../catalog/index.js';
import { valueOffsets } from '../../../catalog/rules/clusterLocal.js';
import { rowIndex, spreadDown } from '../../../catalog/rules/rowPasses.js';
import { syntheticProduct, type SyntheticOptions } from '../../bench/syntheticProduct.js';

function synthetic(o: SyntheticOptions): Product {
  const r = parseProduct(syntheticProduct(o));
  if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 2)));
  return r.product;
}

describe('spreadDown', () => {
  it('finds, per own class, home value and child class, the least belief and its first row, folded columns included', () => {
    let folded = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (seed, draw) => {
        const p = synthetic({ attributes: 24, options: [2, 4], rules: 36, seed, groupSize: 4, longRange: 0.4, maxArity: 4 });
        const ct = compileProduct(p, { form: 'tree', mergeRows: seed % 2 ? undefined : 40 });
        const tree = ct.tree!;
        const offset = valueOffsets(ct.sizes);
        let s = draw;
        // Small integer costs (many ties) and some ∞ (slots without a finite row).
        const cost = () => {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          return s % 11 === 0 ? Infinity : s % 4;
        };
        for (let k = 0; k < tree.vars.length; k++) {
          const ix = rowIndex(tree, k, ct.sizes, offset);
          const n = tree.nTuples[k]!;
          const a = Float64Array.from({ length: n }, cost);
          const dm = Float64Array.from({ length: tree.nSep[k]! }, cost);
          const o = new Float64Array(n);
          spreadDown(ix, a, dm, o);
          folded += ix.derived.reduce((f, d) => f + d.m, 0);
          // Every slot of every row, by brute force: the first row with the least belief; a
          // class slot without a finite row keeps its first row, a home value slot -1.
          const vars = tree.vars[k]!;
          const w = vars.length;
          const homeSlot = new Map<number, number>();
          ix.homeValue.forEach((v, h) => homeSlot.set(v, ix.hOff + h));
          const mins = new Float64Array(ix.mins.length).fill(Infinity);
          const args = new Int32Array(ix.args.length).fill(-1);
          const first = new Int32Array(ix.args.length).fill(-1);
          for (let t = 0; t < n; t++) {
            const v = a[t]! + dm[tree.upSep[k]![t]!]!;
            expect(o[t]).toBe(v);
            const slots = [tree.upSep[k]![t]!];
            for (const c of tree.homeCols[k]!) slots.push(homeSlot.get(offset[vars[c]!]! + tree.rows[k]![t * w + c]!)!);
            tree.children[k]!.forEach((c, j) => slots.push(ix.chOff[j]! + tree.downSep[c]![t]!));
            slots.forEach((i, j) => {
              if (j === 0 || j > tree.homeCols[k]!.length) if (first[i]! < 0) first[i] = t;
              if (v < mins[i]!) {
                mins[i] = v;
                args[i] = t;
              }
            });
          }
          for (let i = 0; i < args.length; i++) if (mins[i] === Infinity) args[i] = first[i]!;
          expect(Array.from(ix.mins)).toEqual(Array.from(mins));
          expect(Array.from(ix.args)).toEqual(Array.from(args));
        }
      }),
      { numRuns: 40 },
    );
    // The property must have seen columns folded from another's minima.
    expect(folded).toBeGreaterThan(40);
  });
});
