import { cheapestValues } from '../rules/bestCompletion.js';
import type { CompiledProduct } from '../rules/compileProduct.js';
import { MIN_SUM, propagate } from '../rules/semiring.js';
import { diagramPasses, withCallBudget } from '../rules/diagramTree.js';
import { DiagramLimitError } from '../rules/diagramStore.js';

/**
 * What the recommender needs from the engine's compiled form, for some fixed values and a
 * cost per value (flat, at offset[x] + d: the learned weights conditioned on the choices so
 * far): the cheapest valid completion — the engine's own min-sum traversal (`cheapestValues`:
 * shortest path over the MDD, or min-sum messages over the cluster tree) — and, per value, its
 * min-marginal: the cheapest valid configuration keeping the fixed values that takes it
 * (Infinity when none does), over any of the three forms.
 */

/** Start of each variable's values in a flat per-value array (cached per compiled product). */
const offsets = new WeakMap<CompiledProduct, Int32Array>();
export function valueOffsets(ct: CompiledProduct): Int32Array {
  let offset = offsets.get(ct);
  if (offset) return offset;
  offset = new Int32Array(ct.sizes.length + 1);
  for (let x = 0; x < ct.sizes.length; x++) offset[x + 1] = offset[x]! + ct.sizes[x]!;
  offsets.set(ct, offset);
  return offset;
}

/** Per-variable costs for the engine (views of `unary`; copies for fixed variables, their other values forbidden: +Infinity). */
export function perVariableCosts(ct: CompiledProduct, fixed: Int32Array, unary: Float64Array): Float64Array[] {
  const offset = valueOffsets(ct);
  return ct.sizes.map((size, x) => {
    const fx = fixed[x]!;
    if (fx < 0) return unary.subarray(offset[x]!, offset[x]! + size);
    const c = new Float64Array(size).fill(Infinity);
    c[fx] = unary[offset[x]! + fx]!;
    return c;
  });
}

/**
 * The cheapest valid completion of `fixed` (value index per variable, -1 = open) under the flat
 * costs; null when none. The tree form goes through the engine's `cheapestValues`; the MDD form
 * through the same shortest path here, on flat costs and buffers kept per compiled product
 * (the engine's allocates per call and wants per-variable arrays: a recommendation makes four
 * such passes, and this one is measurably faster on Renault medium, docs/benchmarks.md). Both
 * give the same values, ties included (tests/catalog/recommend/recommend.test.ts).
 */
export function cheapestCompletion(ct: CompiledProduct, fixed: Int32Array, unary: Float64Array): Int32Array | null {
  if (ct.empty) return null;
  if (ct.diagrams) return onDiagrams(perVariableCosts(ct, fixed, unary), (cost) => cheapestValues(ct, cost));
  return ct.tree ? cheapestValues(ct, perVariableCosts(ct, fixed, unary)) : mddCheapest(ct, fixed, unary);
}

/**
 * Per value (offset[x] + d), the cost of the cheapest valid configuration keeping `fixed` that
 * takes it (min-marginals of the min-sum problem); null when nothing valid keeps `fixed`.
 */
export function minMarginals(ct: CompiledProduct, fixed: Int32Array, unary: Float64Array): Float64Array | null {
  if (ct.empty) return null;
  const offset = valueOffsets(ct);
  const into = new Float64Array(offset[ct.sizes.length]!).fill(Infinity);
  const found = ct.diagrams
    ? onDiagrams(perVariableCosts(ct, fixed, unary), (cost) => (into.fill(Infinity), diagramMarginals(ct, cost, offset, into)))
    : ct.tree
      ? treeMarginals(ct, perVariableCosts(ct, fixed, unary), offset, into)
      : mddMarginals(ct, fixed, unary, into);
  return found ? into : null;
}

/** Nodes a first, exact min-sum call over the tree of diagrams may make (see onDiagrams). */
export const EXACT_NODES = 200_000;
/** The grid learned costs are rounded to when the exact call passes EXACT_NODES (nats). */
export const COST_GRID = 1 / 4;

/**
 * A min-sum question on the tree of diagrams: exact first, within EXACT_NODES; past that
 * (real-valued costs give every sum its own terminal, and the diagrams stop sharing), with the
 * costs rounded to COST_GRID, so that many sums coincide. Learned weights carry less precision
 * than that; integer costs are never rounded.
 */
function onDiagrams<R>(cost: Float64Array[], run: (cost: Float64Array[]) => R): R {
  try {
    return withCallBudget(EXACT_NODES, () => run(cost));
  } catch (e) {
    if (!(e instanceof DiagramLimitError)) throw e;
  }
  return run(cost.map((c) => Float64Array.from(c, (v) => Math.round(v / COST_GRID) * COST_GRID)));
}

/** Over the tree of diagrams: min-sum beliefs, then each cluster's home values through its diagram. */
function diagramMarginals(ct: CompiledProduct, cost: Float64Array[], offset: Int32Array, into: Float64Array): boolean {
  const pass = diagramPasses(ct.diagrams!, cost);
  if (pass.total === Infinity) return false;
  pass.marginals(offset, into);
  return true;
}

interface MddBuffers {
  down: Float64Array;
  up: Float64Array;
  next: Int32Array;
}
const mddBuffers = new WeakMap<CompiledProduct, MddBuffers>();

function buffers(ct: CompiledProduct): MddBuffers {
  let w = mddBuffers.get(ct);
  if (w) return w;
  const nNodes = ct.mdd.layerStart[ct.mdd.order.length + 1]!;
  w = { down: new Float64Array(nNodes), up: new Float64Array(nNodes), next: new Int32Array(nNodes) };
  mddBuffers.set(ct, w);
  return w;
}

/** cheapestValues' shortest path over the MDD (backward, first strict minimum per node, then down the argmin edges). */
function mddCheapest(ct: CompiledProduct, fixed: Int32Array, unary: Float64Array): Int32Array | null {
  const m = ct.mdd;
  const { next } = buffers(ct);
  if (!backward(ct, fixed, unary, null)) return null;
  const values = new Int32Array(m.order.length);
  for (let i = 0, u = 0; i < m.order.length; i++) {
    const e = next[u]!;
    values[m.order[i]!] = m.edgeVal[e]!;
    u = m.edgeTo[e]!;
  }
  return values;
}

/** Forward (cheapest prefix to every node), then backward: a value's cost is its best edge's prefix + cost + suffix. */
function mddMarginals(ct: CompiledProduct, fixed: Int32Array, unary: Float64Array, into: Float64Array): boolean {
  const m = ct.mdd;
  const n = m.order.length;
  const { order, layerStart, edgeStart, edgeVal, edgeTo } = m;
  const offset = valueOffsets(ct);
  const { down } = buffers(ct);
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
        const v = du + unary[o + d]!;
        const to = edgeTo[e]!;
        if (v < down[to]!) down[to] = v;
      }
    }
  }
  if (down[layerStart[n + 1]! - 1] === Infinity) return false;
  return backward(ct, fixed, unary, into);
}

/**
 * Cheapest suffix of every node (up) and its first edge (next, the first strict minimum); with
 * `into` (after the forward pass filled `down`), per value the cheapest configuration through one
 * of its edges. False when no path keeps the fixed values.
 */
function backward(ct: CompiledProduct, fixed: Int32Array, unary: Float64Array, into: Float64Array | null): boolean {
  const m = ct.mdd;
  const n = m.order.length;
  const { order, layerStart, edgeStart, edgeVal, edgeTo } = m;
  const offset = valueOffsets(ct);
  const { down, up, next } = buffers(ct);
  up[layerStart[n + 1]! - 1] = 0;
  for (let i = n - 1; i >= 0; i--) {
    const x = order[i]!;
    const fx = fixed[x]!;
    const o = offset[x]!;
    const end = layerStart[i + 1]!;
    for (let u = layerStart[i]!; u < end; u++) {
      const du = into ? down[u]! : 0;
      let b = Infinity;
      let be = -1;
      const eEnd = edgeStart[u + 1]!;
      for (let e = edgeStart[u]!; e < eEnd; e++) {
        const d = edgeVal[e]!;
        if (fx >= 0 && d !== fx) continue;
        const v = unary[o + d]! + up[edgeTo[e]!]!;
        if (v < b) {
          b = v;
          be = e;
        }
        if (into && du + v < into[o + d]!) into[o + d] = du + v;
      }
      up[u] = b;
      next[u] = be;
    }
  }
  return up[0] !== Infinity;
}

/**
 * Over the cluster tree: each cluster's private pass (cheapest cost below each node of its
 * MDD), its rows' weights, min-sum messages both ways (semiring.ts `propagate`), then per
 * interface value the best belief of a row of its home cluster holding it, and per private
 * value a forward pass over the cluster's private layers starting from the rows' beliefs.
 */
function treeMarginals(ct: CompiledProduct, cost: Float64Array[], offset: Int32Array, into: Float64Array): boolean {
  const tree = ct.tree!;
  const ups: Float64Array[] = [];
  const local = tree.vars.map((vars, k) => {
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    const up = new Float64Array(m.layerStart[cv.length + 1]!);
    for (let i = cv.length - 1; i >= tree.split[k]!; i--) {
      const c = cost[cv[i]!]!;
      for (let u = m.layerStart[i]!; u < m.layerStart[i + 1]!; u++) {
        let b = Infinity;
        for (let e = m.edgeStart[u]!; e < m.edgeStart[u + 1]!; e++) {
          const v = c[m.edgeVal[e]!]! + up[m.edgeTo[e]!]!;
          if (v < b) b = v;
        }
        up[u] = b;
      }
    }
    ups.push(up);
    const w = vars.length;
    const rows = tree.rows[k]!;
    const l = Float64Array.from(tree.node[k]!, (u) => up[u]!);
    for (const col of tree.homeCols[k]!) {
      const cc = cost[vars[col]!]!;
      for (let t = 0; t < l.length; t++) l[t] = l[t]! + cc[rows[t * w + col]!]!;
    }
    return l;
  });
  const msg = propagate(tree, MIN_SUM, local, true);
  if (msg.total === Infinity) return false;
  tree.vars.forEach((vars, k) => {
    const out = msg.out[k]!;
    const rows = tree.rows[k]!;
    const w = vars.length;
    for (const col of tree.homeCols[k]!) {
      const o = offset[vars[col]!]!;
      for (let t = 0; t < out.length; t++) {
        const i = o + rows[t * w + col]!;
        if (out[t]! < into[i]!) into[i] = out[t]!;
      }
    }
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    if (tree.split[k]! === cv.length) return;
    // Cheapest cost of everything above each boundary node (the rest of the tree included).
    const up = ups[k]!;
    const down = new Float64Array(up.length).fill(Infinity);
    const node = tree.node[k]!;
    for (let t = 0; t < node.length; t++) {
      const u = node[t]!;
      const v = out[t]! === Infinity ? Infinity : out[t]! - up[u]!;
      if (v < down[u]!) down[u] = v;
    }
    for (let i = tree.split[k]!; i < cv.length; i++) {
      const c = cost[cv[i]!]!;
      const o = offset[cv[i]!]!;
      for (let u = m.layerStart[i]!; u < m.layerStart[i + 1]!; u++) {
        const du = down[u]!;
        if (du === Infinity) continue;
        for (let e = m.edgeStart[u]!; e < m.edgeStart[u + 1]!; e++) {
          const d = m.edgeVal[e]!;
          const to = m.edgeTo[e]!;
          const v = du + c[d]!;
          if (v < down[to]!) down[to] = v;
          const through = v + up[to]!;
          if (through < into[o + d]!) into[o + d] = through;
        }
      }
    }
  });
  return true;
}
