import type { CompiledProduct } from '../rules/compileProduct.js';

/**
 * What the recommender needs from the engine's compiled form: given some fixed values and a
 * cost per value (unary, the learned weights conditioned on the choices so far), the cheapest
 * valid completion and, per value, the cheapest valid configuration taking it (its
 * min-marginal; Infinity when no valid configuration keeping the fixed values takes it).
 * Today this is a min-sum pass over the MDD (the same traversal as minCost.ts, with float
 * weights); a tree-decomposed compiled form can implement the same function.
 */
export interface Completion {
  /** Value index per variable of the cheapest valid completion. */
  values: Int32Array;
  /** Its total cost. */
  cost: number;
  /** Per variable x and value d (at offset[x] + d): the cheapest valid configuration taking d. */
  valueCost: Float64Array;
  /** Start of each variable's values in valueCost / unary. */
  offset: Int32Array;
}

export type BestCompletion = (ct: CompiledProduct, fixed: Int32Array, unary: Float64Array) => Completion | null;

interface Workspace {
  down: Float64Array;
  up: Float64Array;
  next: Int32Array;
  offset: Int32Array;
}

const workspaces = new WeakMap<CompiledProduct, Workspace>();

/** Start of each variable's values in a flat per-value array. */
export function valueOffsets(ct: CompiledProduct): Int32Array {
  return workspace(ct).offset;
}

function workspace(ct: CompiledProduct): Workspace {
  let w = workspaces.get(ct);
  if (w) return w;
  const nNodes = ct.mdd.layerStart[ct.mdd.order.length + 1]!;
  const offset = new Int32Array(ct.sizes.length + 1);
  ct.sizes.forEach((s, x) => (offset[x + 1] = offset[x]! + s));
  w = { down: new Float64Array(nNodes), up: new Float64Array(nNodes), next: new Int32Array(nNodes), offset };
  workspaces.set(ct, w);
  return w;
}

/**
 * Min-sum over the MDD: forward (cheapest prefix to every node), backward (cheapest suffix,
 * and per value the cheapest configuration through one of its edges). A fixed variable's
 * other values are excluded; the result is null when nothing valid keeps the fixed values.
 * The returned arrays are fresh (the workspace buffers are reused across calls).
 */
export const mddBestCompletion: BestCompletion = (ct, fixed, unary) => {
  const m = ct.mdd;
  const n = m.order.length;
  if (m.empty) return null;
  const w = workspace(ct);
  const { down, up, next, offset } = w;
  const { order, layerStart, edgeStart, edgeVal, edgeTo } = m;
  const nNodes = layerStart[n + 1]!;
  down.fill(Infinity);
  down[0] = 0;
  for (let i = 0; i < n; i++) {
    const x = order[i]!;
    const fx = fixed[x]!;
    const o = offset[x]!;
    const end = layerStart[i + 1]!;
    for (let u = layerStart[i]!; u < end; u++) {
      const du = down[u]!;
      if (du === Infinity) continue;
      const eEnd = edgeStart[u + 1]!;
      for (let e = edgeStart[u]!; e < eEnd; e++) {
        const d = edgeVal[e]!;
        if (fx >= 0 && d !== fx) continue;
        const c = du + unary[o + d]!;
        const to = edgeTo[e]!;
        if (c < down[to]!) down[to] = c;
      }
    }
  }
  if (down[nNodes - 1] === Infinity) return null;
  const valueCost = new Float64Array(offset[ct.sizes.length]!).fill(Infinity);
  up[nNodes - 1] = 0;
  for (let i = n - 1; i >= 0; i--) {
    const x = order[i]!;
    const fx = fixed[x]!;
    const o = offset[x]!;
    const end = layerStart[i + 1]!;
    for (let u = layerStart[i]!; u < end; u++) {
      const du = down[u]!;
      let b = Infinity;
      let be = -1;
      const eEnd = edgeStart[u + 1]!;
      for (let e = edgeStart[u]!; e < eEnd; e++) {
        const d = edgeVal[e]!;
        if (fx >= 0 && d !== fx) continue;
        const c = up[edgeTo[e]!]! + unary[o + d]!;
        if (c < b) {
          b = c;
          be = e;
        }
        const through = du + c;
        if (through < valueCost[o + d]!) valueCost[o + d] = through;
      }
      up[u] = b;
      next[u] = be;
    }
  }
  const values = new Int32Array(ct.sizes.length);
  for (let i = 0, u = 0; i < n; i++) {
    const e = next[u]!;
    values[order[i]!] = edgeVal[e]!;
    u = edgeTo[e]!;
  }
  return { values, cost: up[0]!, valueCost, offset };
};
