import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagramLimitError } from '../../../catalog/rules/diagramStore.js';
import { EvStore } from '../../../catalog/rules/evStore.js';

/**
 * The edge-valued diagrams of the diagram form's count against plain tables: every function
 * of a few small variables, its diagram built from its table, then the store's ⊗, ⊕ and sums
 * compared with the same done on the tables, value by value.
 */

type Table = bigint[];

/** All assignments of the levels (mixed radix, level 0 most significant). */
function assignments(sizes: number[]): number[][] {
  let out: number[][] = [[]];
  for (const s of sizes) out = out.flatMap((a) => Array.from({ length: s }, (_, v) => [...a, v]));
  return out;
}

function indexOf(sizes: number[], x: number[]): number {
  return x.reduce((i, v, l) => i * sizes[l]! + v, 0);
}

/** The diagram of a table: its node, its factor. */
function build(ev: EvStore, sizes: number[], t: Table): [number, bigint] {
  const rec = (l: number, prefix: number[]): [number, bigint] => {
    if (l === sizes.length) {
      const v = t[indexOf(sizes, prefix)]!;
      return [ev.ONE, v];
    }
    const ks = new Int32Array(sizes[l]!);
    const ws = new Array<bigint>(sizes[l]!);
    for (let v = 0; v < sizes[l]!; v++) [ks[v], ws[v]] = rec(l + 1, [...prefix, v]);
    const u = ev.node(l, ks, ws);
    return [u, ev.w];
  };
  return rec(0, []);
}

/** The value of w · f_u at x. */
function valueAt(ev: EvStore, w: bigint, u: number, x: number[]): bigint {
  while (ev.levelOf(u) < ev.levels && w !== 0n) {
    const l = ev.levelOf(u);
    w *= ev.kidWeight(u, x[l]!);
    u = ev.kid(u, x[l]!);
  }
  return w;
}

function tableOf(ev: EvStore, sizes: number[], w: bigint, u: number): Table {
  return assignments(sizes).map((x) => valueAt(ev, w, u, x));
}

/** Σ over the levels in `out` (the result still indexed by every level, constant along `out`). */
function sumOut(sizes: number[], t: Table, out: Uint8Array): Table {
  const all = assignments(sizes);
  return all.map((x) =>
    all.filter((y) => y.every((v, l) => out[l] || v === x[l])).reduce((s, y) => s + t[indexOf(sizes, y)]!, 0n),
  );
}

const weight = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 1n, max: 6n }),
  // Large factors, some sharing their factors (so that normalisation divides by a gcd > 1).
  fc.tuple(fc.bigInt({ min: 1n, max: 5n }), fc.integer({ min: 0, max: 3 })).map(([a, k]) => a * 10n ** BigInt(20 * k) * 6n),
);

const problem = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }).chain((sizes) => {
  const n = sizes.reduce((a, b) => a * b, 1);
  const table = fc.array(weight, { minLength: n, maxLength: n });
  return fc.record({
    sizes: fc.constant(sizes),
    f: table,
    g: table,
    a: fc.bigInt({ min: 0n, max: 4n }),
    b: fc.bigInt({ min: 1n, max: 10n ** 25n }),
    out: fc.array(fc.boolean(), { minLength: sizes.length, maxLength: sizes.length }),
  });
});

describe('EvStore (multiplicative edge-valued diagrams with BigInt factors)', () => {
  it('represents every table, one node per function up to a factor, and sums and multiplies as the tables do', () => {
    fc.assert(
      fc.property(problem, ({ sizes, f, g, a, b, out: outFlags }) => {
        const ev = new EvStore(sizes, 6);
        const [fu, fw] = build(ev, sizes, f);
        const [gu, gw] = build(ev, sizes, g);
        expect(tableOf(ev, sizes, fw, fu)).toEqual(f);
        expect(tableOf(ev, sizes, gw, gu)).toEqual(g);
        // Canonical: the same function again is the same edge; a multiple shares the node.
        expect(build(ev, sizes, f)).toEqual([fu, fw]);
        const [mu, mw] = build(
          ev,
          sizes,
          f.map((v) => v * 7n),
        );
        if (fw !== 0n) expect([mu, mw]).toEqual([fu, fw * 7n]);
        // Normalised: the children of every node have factors of gcd 1.
        for (const u of [fu, gu]) {
          if (ev.levelOf(u) === ev.levels) continue;
          let d = 0n;
          for (let v = 0; v < sizes[ev.levelOf(u)]!; v++) {
            let x = ev.kidWeight(u, v);
            let y = d;
            while (y) [x, y] = [y, x % y];
            d = x;
          }
          expect(d).toBe(1n);
        }
        const tu = ev.times(fu, gu);
        expect(tableOf(ev, sizes, fw * gw * ev.w, tu)).toEqual(f.map((v, i) => v * g[i]!));
        const pu = ev.plus(a * fw, fu, b * gw, gu);
        expect(tableOf(ev, sizes, ev.w, pu)).toEqual(f.map((v, i) => a * v + b * g[i]!));
        const out = Uint8Array.from(outFlags, (o) => (o ? 1 : 0));
        const eu = ev.eliminate(fu, out);
        expect(tableOf(ev, sizes, fw * ev.w, eu)).toEqual(sumOut(sizes, f, out));
        const su = ev.timesEliminate(fu, gu, out);
        expect(tableOf(ev, sizes, fw * gw * ev.w, su)).toEqual(
          sumOut(
            sizes,
            f.map((v, i) => v * g[i]!),
            out,
          ),
        );
        // The result of a sum does not depend on the levels summed out.
        if (ev.levelOf(su) < ev.levels) expect(out[ev.levelOf(su)]).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('stops with DiagramLimitError past its node or step budget', () => {
    const sizes = [3, 3, 3, 3];
    const t = assignments(sizes).map((x) => BigInt(1 + indexOf(sizes, x)));
    const nodes = new EvStore(sizes);
    nodes.limit = 5;
    expect(() => build(nodes, sizes, t)).toThrow(DiagramLimitError);
    const steps = new EvStore(sizes);
    const [u] = build(steps, sizes, t);
    steps.maxSteps = 3;
    expect(() => steps.eliminate(u, Uint8Array.from([1, 1, 1, 1]))).toThrow(DiagramLimitError);
  });
});
