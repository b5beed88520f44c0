import type { ClusterTree } from './compileTree.js';
import { bestThrough, MIN_SUM, propagate, valuesOf, type Messages } from './semiring.js';

/**
 * The click of `evaluate` on the tree form: min-sum messages for the lexicographic cost
 * (explicit choices changed × big + attributes away from their defaults), as the MDD form's
 * shortest paths compute it. Each value's cost sits in its variable's home cluster.
 */
export interface TreeClick {
  big: number;
  /** Per variable x and value d (offset[x] + d): the cheapest configuration with x = d, not counting x's own explicit choice; ∞ when none. */
  best: Float64Array;
  offset: Int32Array;
  /** The cheapest configuration (values per variable). */
  completion: Int32Array;
  /** Its cost (≥ big when the explicit choices cannot all hold). */
  total: number;
  messages: Messages<number>;
  /** Home cluster of every explicit choice, for conflict walks. */
  wanted: Uint8Array;
}

/** Per tree, each tuple's distance to the defaults on its home variables (the part of a click's cost that never changes). */
const staticCost = new WeakMap<ClusterTree, Float64Array[]>();

function defaultsCost(tree: ClusterTree, defaults: Int32Array): Float64Array[] {
  let out = staticCost.get(tree);
  if (out) return out;
  out = tree.vars.map((vars, k) => {
    const w = vars.length;
    const rows = tree.rows[k]!;
    const cost = new Float64Array(tree.nTuples[k]!);
    for (const c of tree.homeCols[k]!) {
      const dx = defaults[vars[c]!]!;
      for (let t = 0; t < cost.length; t++) if (rows[t * w + c] !== dx) cost[t] = cost[t]! + 1;
    }
    return cost;
  });
  staticCost.set(tree, out);
  return out;
}

/** Per-value weight arrays, flattened by variable (offset[x] + d). */
export function valueOffsets(sizes: number[]): Int32Array {
  const offset = new Int32Array(sizes.length + 1);
  sizes.forEach((s, x) => (offset[x + 1] = offset[x]! + s));
  return offset;
}

export function treeClick(tree: ClusterTree, sizes: number[], chosen: Int32Array, defaults: Int32Array): TreeClick {
  const n = sizes.length;
  const big = n + 1;
  const K = tree.vars.length;
  const base = defaultsCost(tree, defaults);
  const local = base.map((b) => b.slice());
  const wanted = new Uint8Array(K);
  for (let x = 0; x < n; x++) {
    const cx = chosen[x]!;
    if (cx < 0) continue;
    const k = tree.home[x]!;
    wanted[k] = 1;
    const c = tree.homePos[x]!;
    const w = tree.vars[k]!.length;
    const rows = tree.rows[k]!;
    const l = local[k]!;
    for (let t = 0; t < l.length; t++) if (rows[t * w + c] !== cx) l[t] = l[t]! + big;
  }
  const messages = propagate(tree, MIN_SUM, local, true);
  const out = messages.out as Float64Array[];
  const offset = valueOffsets(sizes);
  const best = new Float64Array(offset[n]!).fill(Infinity);
  for (let x = 0; x < n; x++) {
    const k = tree.home[x]!;
    const c = tree.homePos[x]!;
    const w = tree.vars[k]!.length;
    const rows = tree.rows[k]!;
    const o = out[k]!;
    const bo = offset[x]!;
    for (let t = 0; t < o.length; t++) {
      const d = rows[t * w + c]!;
      if (o[t]! < best[bo + d]!) best[bo + d] = o[t]!;
    }
    const cx = chosen[x]!;
    if (cx >= 0) for (let d = 0; d < sizes[x]!; d++) if (d !== cx && best[bo + d]! < Infinity) best[bo + d] = best[bo + d]! - big;
  }
  const completion = new Int32Array(n);
  const pick = new Int32Array(K);
  let t0 = 0;
  const root = out[0]!;
  for (let t = 1; t < root.length; t++) if (root[t]! < root[t0]!) t0 = t;
  if (root.length) {
    bestThrough(tree, MIN_SUM, out, 0, t0, pick, null);
    valuesOf(tree, pick, completion);
  }
  return { big, best, offset, completion, total: messages.total, messages, wanted };
}

/**
 * The explicit choices (other than x's) changed by the cheapest configuration with x = d,
 * as [variable, value] pairs: walk out from x's home cluster only as far as the clusters
 * where explicit choices live.
 */
export function treeChanges(tree: ClusterTree, click: TreeClick, chosen: Int32Array, x: number, d: number): number[] {
  const k = tree.home[x]!;
  const c = tree.homePos[x]!;
  const w = tree.vars[k]!.length;
  const rows = tree.rows[k]!;
  const out = click.messages.out[k]!;
  let t0 = -1;
  for (let t = 0; t < out.length; t++) if (rows[t * w + c] === d && (t0 < 0 || out[t]! < out[t0]!)) t0 = t;
  const pick = new Int32Array(tree.vars.length);
  bestThrough(tree, MIN_SUM, click.messages.out, k, t0, pick, click.wanted);
  const values = valuesOf(tree, pick, new Int32Array(chosen.length).fill(-1));
  const changes: number[] = [];
  for (let y = 0; y < chosen.length; y++) if (y !== x && chosen[y]! >= 0 && values[y] !== chosen[y]) changes.push(y, values[y]!);
  return changes;
}
