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
  /** Per variable x, value d (at offset[x] + d): the cheapest configuration taking it, not counting x's own explicit choice. */
  best: Int32Array;
  /** …and the edge (and its source node) that achieves it. */
  bestEdge: Int32Array;
  bestFrom: Int32Array;
  offset: Int32Array;
  /** Scratch path buffer for pathThrough. */
  path: Int32Array;
  /** Node → source node of parent[node]. */
  parentFrom: Int32Array;
  /**
   * Explicit choices changed along each node's cheapest path from the root (downChg) and to
   * the terminal (upChg), as linked lists of records (layer, value, previous record; -1 ends),
   * so that a conflict's change set costs O(changes) instead of a walk over every layer.
   */
  downChg: Int32Array;
  upChg: Int32Array;
  recLayer: Int32Array;
  recVal: Int32Array;
  recPrev: Int32Array;
}

/** Buffers reused across calls (evaluate is synchronous), so a click allocates almost nothing. */
const workspaces = new WeakMap<Mdd, MinCost>();

function workspace(m: Mdd, sizes: number[]): MinCost {
  let w = workspaces.get(m);
  if (w) return w;
  const n = m.order.length;
  const nNodes = m.layerStart[n + 1]!;
  const offset = new Int32Array(sizes.length + 1);
  sizes.forEach((s, x) => (offset[x + 1] = offset[x]! + s));
  const nValues = offset[sizes.length]!;
  w = {
    big: n + 1,
    down: new Int32Array(nNodes),
    up: new Int32Array(nNodes),
    parent: new Int32Array(nNodes),
    next: new Int32Array(nNodes),
    best: new Int32Array(nValues),
    bestEdge: new Int32Array(nValues),
    bestFrom: new Int32Array(nValues),
    offset,
    path: new Int32Array(n),
    parentFrom: new Int32Array(nNodes),
    downChg: new Int32Array(nNodes),
    upChg: new Int32Array(nNodes),
    recLayer: new Int32Array(2 * nNodes),
    recVal: new Int32Array(2 * nNodes),
    recPrev: new Int32Array(2 * nNodes),
  };
  workspaces.set(m, w);
  return w;
}

/**
 * Two passes over the MDD: forward (cheapest path from the root to every node, and the
 * explicit choices it changes) and backward (cheapest path to the terminal, the choices it
 * changes, and per value the cheapest configuration through it). Only down and best need
 * resetting: every other buffer is overwritten for every node (a reduced MDD has no
 * unreachable node).
 */
export function minCost(m: Mdd, sizes: number[], chosen: Int32Array, defaults: Int32Array): MinCost {
  const n = m.order.length;
  const nNodes = m.layerStart[n + 1]!;
  const w = workspace(m, sizes);
  const { big, down, up, parent, next, best, bestEdge, bestFrom, offset, parentFrom } = w;
  const { downChg, upChg, recLayer, recVal, recPrev } = w;
  const { order, layerStart, edgeStart, edgeVal, edgeTo } = m;
  down.fill(INF);
  best.fill(INF);
  if (!nNodes) return w;
  down[0] = 0;
  downChg[0] = -1;
  let rec = 0;
  for (let i = 0; i < n; i++) {
    const x = order[i]!;
    const cx = chosen[x]!;
    const dx = defaults[x]!;
    const end = layerStart[i + 1]!;
    for (let u = layerStart[i]!; u < end; u++) {
      const du = down[u]!;
      const eEnd = edgeStart[u + 1]!;
      for (let e = edgeStart[u]!; e < eEnd; e++) {
        const d = edgeVal[e]!;
        const c = du + (cx >= 0 && d !== cx ? big : 0) + (d !== dx ? 1 : 0);
        const to = edgeTo[e]!;
        if (c < down[to]!) {
          down[to] = c;
          parent[to] = e;
          parentFrom[to] = u;
        }
      }
    }
    // The next layer's cheapest parents are final now: record the choices they change.
    const nextEnd = layerStart[i + 2]!;
    for (let v = end; v < nextEnd; v++) {
      const d = edgeVal[parent[v]!]!;
      const from = downChg[parentFrom[v]!]!;
      if (cx >= 0 && d !== cx) {
        recLayer[rec] = i;
        recVal[rec] = d;
        recPrev[rec] = from;
        downChg[v] = rec++;
      } else downChg[v] = from;
    }
  }
  up[nNodes - 1] = 0;
  upChg[nNodes - 1] = -1;
  for (let i = n - 1; i >= 0; i--) {
    const x = order[i]!;
    const cx = chosen[x]!;
    const dx = defaults[x]!;
    const o = offset[x]!;
    const end = layerStart[i + 1]!;
    for (let u = layerStart[i]!; u < end; u++) {
      const du = down[u]!;
      let b = INF;
      let be = -1;
      const eEnd = edgeStart[u + 1]!;
      for (let e = edgeStart[u]!; e < eEnd; e++) {
        const d = edgeVal[e]!;
        const upTo = up[edgeTo[e]!]! + (d !== dx ? 1 : 0);
        const c = upTo + (cx >= 0 && d !== cx ? big : 0);
        if (c < b) {
          b = c;
          be = e;
        }
        // The cheapest configuration taking d here, not counting x's own explicit choice.
        const cd = du + upTo;
        if (cd < best[o + d]!) {
          best[o + d] = cd;
          bestEdge[o + d] = e;
          bestFrom[o + d] = u;
        }
      }
      up[u] = b;
      next[u] = be;
      const d = edgeVal[be]!;
      const from = upChg[edgeTo[be]!]!;
      if (cx >= 0 && d !== cx) {
        recLayer[rec] = i;
        recVal[rec] = d;
        recPrev[rec] = from;
        upChg[u] = rec++;
      } else upChg[u] = from;
    }
  }
  return w;
}

/**
 * The values (per variable) of the cheapest path through edge e leaving node `from` (root to
 * terminal when e = -1), written into mc.path (overwritten by the next call).
 */
export function pathThrough(m: Mdd, mc: MinCost, from: number, e: number): Int32Array {
  const n = m.order.length;
  const values = mc.path;
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
