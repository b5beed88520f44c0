import type { Choices, Configuration, Value } from '../schema/product.js';
import type { CompiledProduct } from './compileProduct.js';
import { bestThrough, classBest, MIN_SUM, propagate, valuesOf } from './semiring.js';
import { valueOf } from './space.js';
import { diagramPasses } from './diagramTree.js';
import { parseChoices } from './parseChoices.js';

/** Per attribute id, per value key (option id, NONE_KEY or TEXT_KEY), a cost; missing = 0. */
export type UnaryCost = Record<string, Record<string, number>>;

/**
 * The valid configuration keeping `fixed` whose summed per-value cost is least (min-sum over
 * the compiled form: shortest path over the MDD, or min-sum messages over the cluster tree
 * and a walk down from the root). Costs may be any finite numbers or +Infinity (forbidden
 * value). For the most likely configuration under per-value probabilities p (max-product),
 * pass cost = −log p. Null when `fixed` names unknown values or admits no valid configuration.
 */
export function bestCompletion(
  ct: CompiledProduct,
  fixed: Choices,
  unaryCost: UnaryCost,
): { configuration: Configuration; cost: number } | null {
  const parsed = parseChoices(ct, fixed);
  if (!parsed.ok || ct.empty) return null;
  const { space, sizes } = ct;
  const chosen = parsed.chosen;
  const cost = sizes.map((size, x) => {
    const own = unaryCost[space.attrs[x]!.id];
    return Float64Array.from({ length: size }, (_, d) =>
      chosen[x]! >= 0 && chosen[x] !== d ? Infinity : (own?.[space.keys[x]![d]!] ?? 0),
    );
  });
  const values = cheapestValues(ct, cost);
  if (!values) return null;
  const configuration: Record<string, Value> = {};
  let total = 0;
  space.attrs.forEach((a, x) => {
    total += cost[x]![values[x]!]!;
    const own = Object.prototype.hasOwnProperty.call(fixed, a.id) ? fixed[a.id] : undefined;
    configuration[a.id] = valueOf(space, x, values[x]!, own ?? ct.product.defaults[a.id]);
  });
  return { configuration, cost: total };
}

/**
 * The values (per variable) of a valid configuration whose summed per-value cost is least,
 * over either compiled form; cost[x][d] may be +Infinity (value forbidden). Null when no
 * valid configuration has a finite cost.
 */
export function cheapestValues(ct: CompiledProduct, cost: Float64Array[]): Int32Array | null {
  if (ct.empty) return null;
  if (ct.diagrams) return diagramPasses(ct.diagrams, cost).values();
  return ct.tree ? treeBest(ct, cost) : mddBest(ct, cost);
}

function mddBest(ct: CompiledProduct, cost: Float64Array[]): Int32Array | null {
  const m = ct.mdd;
  const n = m.order.length;
  const nNodes = m.layerStart[n + 1]!;
  const up = new Float64Array(nNodes).fill(Infinity);
  const next = new Int32Array(nNodes);
  up[nNodes - 1] = 0;
  for (let i = n - 1; i >= 0; i--) {
    const c = cost[m.order[i]!]!;
    for (let u = m.layerStart[i]!; u < m.layerStart[i + 1]!; u++)
      for (let e = m.edgeStart[u]!; e < m.edgeStart[u + 1]!; e++) {
        const v = c[m.edgeVal[e]!]! + up[m.edgeTo[e]!]!;
        if (v < up[u]!) {
          up[u] = v;
          next[u] = e;
        }
      }
  }
  if (up[0] === Infinity) return null;
  const values = new Int32Array(n);
  for (let i = 0, u = 0; i < n; i++) {
    const e = next[u]!;
    values[m.order[i]!] = m.edgeVal[e]!;
    u = m.edgeTo[e]!;
  }
  return values;
}

function treeBest(ct: CompiledProduct, cost: Float64Array[]): Int32Array | null {
  const tree = ct.tree!;
  const K = tree.vars.length;
  const next: Int32Array[] = [];
  const local = tree.vars.map((vars, k) => {
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    const nNodes = m.layerStart[cv.length + 1]!;
    const up = new Float64Array(nNodes);
    const nx = new Int32Array(nNodes);
    for (let i = cv.length - 1; i >= tree.split[k]!; i--) {
      const c = cost[cv[i]!]!;
      for (let u = m.layerStart[i]!; u < m.layerStart[i + 1]!; u++) {
        let b = Infinity;
        let be = m.edgeStart[u]!;
        for (let e = be; e < m.edgeStart[u + 1]!; e++) {
          const v = c[m.edgeVal[e]!]! + up[m.edgeTo[e]!]!;
          if (v < b) {
            b = v;
            be = e;
          }
        }
        up[u] = b;
        nx[u] = be;
      }
    }
    next.push(nx);
    const w = vars.length;
    const rows = tree.rows[k]!;
    const l = Float64Array.from(tree.node[k]!, (u) => up[u]!);
    for (const c of tree.homeCols[k]!) {
      const cc = cost[vars[c]!]!;
      for (let t = 0; t < l.length; t++) l[t] = l[t]! + cc[rows[t * w + c]!]!;
    }
    return l;
  });
  const msg = propagate(tree, MIN_SUM, local, false);
  if (msg.total === Infinity) return null;
  // Walking down from the root only needs each subtree's own best (acc), not the beliefs.
  const root = msg.acc[0]!;
  let t0 = 0;
  for (let t = 1; t < root.length; t++) if (root[t]! < root[t0]!) t0 = t;
  const pick = new Int32Array(K);
  bestThrough(tree, classBest(tree, MIN_SUM, msg.acc), 0, t0, pick, null);
  const values = valuesOf(tree, pick, new Int32Array(ct.sizes.length));
  for (let k = 0; k < K; k++) {
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    let u = tree.node[k]![pick[k]!]!;
    for (let i = tree.split[k]!; i < cv.length; i++) {
      const e = next[k]![u]!;
      values[cv[i]!] = m.edgeVal[e]!;
      u = m.edgeTo[e]!;
    }
  }
  return values;
}
