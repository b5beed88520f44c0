import type { Mdd } from './compileMdd.js';

export const INF = 0x3fffffff;

/**
 * Lexicographic shortest paths over the MDD. An edge costs `big` when it disagrees with an
 * explicit choice and 1 when it differs from the default, so a path's cost reads as
 * (explicit choices changed, attributes away from the defaults). With big > number of
 * variables the two never mix.
 */
export interface MinCost {
  big: number;
  down: Int32Array;
  up: Int32Array;
  /** Node → the edge reaching it on a cheapest path from the root. */
  parent: Int32Array;
  /** Node → its first edge on a cheapest path to the terminal. */
  next: Int32Array;
  /** Per layer, per value: the cheapest configuration taking it, not counting its own explicit choice. */
  best: Int32Array[];
  /** …and the edge (and its source node) that achieves it. */
  bestEdge: Int32Array[];
  bestFrom: Int32Array[];
}

export function minCost(m: Mdd, sizes: number[], chosen: Int32Array, defaults: Int32Array): MinCost {
  const n = m.order.length;
  const nNodes = m.layerStart[n + 1]!;
  const big = n + 1;
  const down = new Int32Array(nNodes).fill(INF);
  const up = new Int32Array(nNodes).fill(INF);
  const parent = new Int32Array(nNodes).fill(-1);
  const next = new Int32Array(nNodes).fill(-1);
  const { layerStart, edgeStart, edgeVal, edgeTo } = m;
  if (nNodes) down[0] = 0;
  for (let i = 0; i < n; i++) {
    const x = m.order[i]!;
    const cx = chosen[x]!;
    const dx = defaults[x]!;
    for (let u = layerStart[i]!; u < layerStart[i + 1]!; u++) {
      const du = down[u]!;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        const d = edgeVal[e]!;
        const c = du + (cx >= 0 && d !== cx ? big : 0) + (d !== dx ? 1 : 0);
        const to = edgeTo[e]!;
        if (c < down[to]!) {
          down[to] = c;
          parent[to] = e;
        }
      }
    }
  }
  if (nNodes) up[nNodes - 1] = 0;
  for (let i = n - 1; i >= 0; i--) {
    const x = m.order[i]!;
    const cx = chosen[x]!;
    const dx = defaults[x]!;
    for (let u = layerStart[i]!; u < layerStart[i + 1]!; u++) {
      let b = INF;
      let be = -1;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        const d = edgeVal[e]!;
        const c = up[edgeTo[e]!]! + (cx >= 0 && d !== cx ? big : 0) + (d !== dx ? 1 : 0);
        if (c < b) {
          b = c;
          be = e;
        }
      }
      up[u] = b;
      next[u] = be;
    }
  }
  const best: Int32Array[] = [];
  const bestEdge: Int32Array[] = [];
  const bestFrom: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const x = m.order[i]!;
    const dx = defaults[x]!;
    const bv = new Int32Array(sizes[x]!).fill(INF);
    const be = new Int32Array(sizes[x]!).fill(-1);
    const bf = new Int32Array(sizes[x]!).fill(-1);
    for (let u = layerStart[i]!; u < layerStart[i + 1]!; u++) {
      const du = down[u]!;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        const d = edgeVal[e]!;
        const c = du + up[edgeTo[e]!]! + (d !== dx ? 1 : 0);
        if (c < bv[d]!) {
          bv[d] = c;
          be[d] = e;
          bf[d] = u;
        }
      }
    }
    best.push(bv);
    bestEdge.push(be);
    bestFrom.push(bf);
  }
  return { big, down, up, parent, next, best, bestEdge, bestFrom };
}

/** The values (per variable) of the cheapest path through edge e leaving node `from` (root to terminal when e = -1). */
export function pathThrough(m: Mdd, mc: MinCost, from: number, e: number): Int32Array {
  const n = m.order.length;
  const values = new Int32Array(n);
  // Layer of a node: binary search over layerStart.
  const layer = (u: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (m.layerStart[mid]! <= u) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  let u = e < 0 ? 0 : from;
  if (e >= 0) {
    let v = u;
    let i = layer(v);
    while (v !== 0) {
      const pe = mc.parent[v]!;
      i--;
      values[m.order[i]!] = m.edgeVal[pe]!;
      // The source of pe: the node of layer i whose edge range holds pe.
      let lo = m.layerStart[i]!;
      let hi = m.layerStart[i + 1]! - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (m.edgeStart[mid]! <= pe) lo = mid;
        else hi = mid - 1;
      }
      v = lo;
    }
    values[m.order[layer(u)]!] = m.edgeVal[e]!;
    u = m.edgeTo[e]!;
  }
  for (let i = layer(u); i < n; i++) {
    const ne = mc.next[u]!;
    values[m.order[i]!] = m.edgeVal[ne]!;
    u = m.edgeTo[ne]!;
  }
  return values;
}
