import type { ClusterTree } from './compileTree.js';

/**
 * One traversal of the cluster tree serves every question by changing the algebra the
 * messages are computed in (Shenoy–Shafer / generalised distributive law): a commutative
 * semiring (⊕, ⊗) where ⊕ combines alternatives (tuples agreeing on a separator) and ⊗
 * combines independent parts (a tuple's own weight and its neighbours' messages).
 * - boolean (or, and): is there a configuration;
 * - counting (+, ×) on BigInt: how many configurations;
 * - min-sum (min, +): the cheapest configuration, for costs per value (changes, distance to
 *   the defaults, prices);
 * - max-product (max, ×): the most likely configuration, for weights per value.
 * `divide` undoes ⊗ so that the downward pass can leave out the receiving side's own
 * message (for min-sum that is subtraction, with ∞ − ∞ read as ∞: such a tuple has no
 * completion on either side, so its value never matters).
 */
export interface Semiring<T> {
  zero: T;
  one: T;
  plus(a: T, b: T): T;
  times(a: T, b: T): T;
  divide?(a: T, b: T): T;
  /** A fresh array of n values, each `fill`. */
  alloc(n: number, fill: T): Values<T>;
}

/** A mutable array of semiring values (a Float64Array for numbers, a plain array otherwise). */
export interface Values<T> {
  [i: number]: T;
  readonly length: number;
}

export const BOOLEAN: Semiring<boolean> = {
  zero: false,
  one: true,
  plus: (a, b) => a || b,
  times: (a, b) => a && b,
  alloc: (n, fill) => new Array<boolean>(n).fill(fill),
};

export const COUNTING: Semiring<bigint> = {
  zero: 0n,
  one: 1n,
  plus: (a, b) => a + b,
  times: (a, b) => a * b,
  alloc: (n, fill) => new Array<bigint>(n).fill(fill),
};

export const MIN_SUM: Semiring<number> = {
  zero: Infinity,
  one: 0,
  plus: (a, b) => (a < b ? a : b),
  times: (a, b) => a + b,
  divide: (a, b) => (a === Infinity ? Infinity : a - b),
  alloc: (n, fill) => new Float64Array(n).fill(fill) as Values<number>,
};

export const MAX_PRODUCT: Semiring<number> = {
  zero: 0,
  one: 1,
  plus: (a, b) => (a > b ? a : b),
  times: (a, b) => a * b,
  divide: (a, b) => (b === 0 ? 0 : a / b),
  alloc: (n, fill) => new Float64Array(n).fill(fill) as Values<number>,
};

/** Messages of one traversal: acc = a tuple's weight ⊗ its subtree's messages; up = k → parent; out = belief of each tuple. */
export interface Messages<T> {
  acc: Values<T>[];
  up: Values<T>[];
  down: Values<T>[];
  out: Values<T>[];
  /** ⊕ over all configurations of their weight (the root's acc summed). */
  total: T;
}

/**
 * Collect (leaves to root) and, when `distribute`, the downward pass: afterwards out[k][t]
 * is the ⊕ over every configuration that restricts to tuple t of cluster k of its weight
 * (⊗ of its per-tuple weights `local`). Each variable's weight must sit in one cluster only
 * (its home) so that nothing counts twice.
 */
export function propagate<T>(tree: ClusterTree, sr: Semiring<T>, local: Values<T>[], distribute: boolean): Messages<T> {
  if ((sr as Semiring<unknown>) === MIN_SUM)
    return minSum(tree, local as unknown as Float64Array[], distribute) as unknown as Messages<T>;
  const K = tree.vars.length;
  const acc = local.map((l) => {
    const a = sr.alloc(l.length, sr.one);
    for (let t = 0; t < l.length; t++) a[t] = l[t]!;
    return a;
  });
  const up: Values<T>[] = new Array(K);
  for (let k = K - 1; k >= 1; k--) {
    const m = (up[k] = sr.alloc(tree.nSep[k]!, sr.zero));
    const a = acc[k]!;
    const us = tree.upSep[k]!;
    for (let t = 0; t < us.length; t++) m[us[t]!] = sr.plus(m[us[t]!]!, a[t]!);
    const pa = acc[tree.parent[k]!]!;
    const ds = tree.downSep[k]!;
    for (let t = 0; t < ds.length; t++) pa[t] = sr.times(pa[t]!, m[ds[t]!]!);
  }
  let total = sr.zero;
  const root = acc[0]!;
  for (let t = 0; t < root.length; t++) total = sr.plus(total, root[t]!);
  const down: Values<T>[] = new Array(K);
  const out: Values<T>[] = new Array(K);
  if (!distribute) return { acc, up, down, out, total };
  const divide = sr.divide!;
  out[0] = acc[0]!;
  for (let k = 1; k < K; k++) {
    const m = (down[k] = sr.alloc(tree.nSep[k]!, sr.zero));
    const po = out[tree.parent[k]!]!;
    const ds = tree.downSep[k]!;
    const mu = up[k]!;
    for (let t = 0; t < ds.length; t++) m[ds[t]!] = sr.plus(m[ds[t]!]!, divide(po[t]!, mu[ds[t]!]!));
    const a = acc[k]!;
    const o = (out[k] = sr.alloc(a.length, sr.zero));
    const us = tree.upSep[k]!;
    for (let t = 0; t < a.length; t++) o[t] = sr.times(a[t]!, m[us[t]!]!);
  }
  return { acc, up, down, out, total };
}

/**
 * Per tree edge k (k → parent), for an idempotent ⊕ after `propagate(…, true)`: the best row
 * of each separator class on the child side (childSide[k][s], a row of k) and on the parent
 * side (parentSide[k][s], a row of the parent). One pass over the rows; it makes every
 * best-configuration walk afterwards cost one lookup per cluster.
 */
export interface ClassBest {
  childSide: Int32Array[];
  parentSide: Int32Array[];
}

export function classBest<T>(tree: ClusterTree, sr: Semiring<T>, out: Values<T>[], parents = true): ClassBest {
  const K = tree.vars.length;
  const childSide: Int32Array[] = [new Int32Array(1)];
  for (let k = 1; k < K; k++) childSide.push(pickBest(sr, out[k]!, tree.upSep[k]!, tree.nSep[k]!));
  const best = { childSide, parentSide: [] as Int32Array[] };
  if (parents) parentSides(tree, sr, out, best);
  return best;
}

/** Fills `best.parentSide` (needed only by walks that go towards the root) when `classBest` was asked without it. */
export function parentSides<T>(tree: ClusterTree, sr: Semiring<T>, out: Values<T>[], best: ClassBest): void {
  if (best.parentSide.length) return;
  best.parentSide.push(new Int32Array(1));
  for (let k = 1; k < tree.vars.length; k++)
    best.parentSide.push(pickBest(sr, out[tree.parent[k]!]!, tree.downSep[k]!, tree.nSep[k]!));
}

function pickBest<T>(sr: Semiring<T>, values: Values<T>, sep: Int32Array, nSep: number): Int32Array {
  const arg = new Int32Array(nSep).fill(-1);
  for (let t = 0; t < sep.length; t++) {
    const s = sep[t]!;
    const b = arg[s]!;
    if (b < 0) arg[s] = t;
    else {
      const v = values[t]!;
      const bv = values[b]!;
      if (sr.plus(bv, v) === v && v !== bv) arg[s] = t;
    }
  }
  return arg;
}

/**
 * For a walk restricted to some clusters: below[k] = how many wanted clusters lie in k's
 * subtree (children have larger indices than parents).
 */
export function wantedBelow(tree: ClusterTree, wanted: Uint8Array): Int32Array {
  const below = new Int32Array(wanted.length);
  for (let k = wanted.length - 1; k >= 0; k--) {
    below[k] = below[k]! + wanted[k]!;
    if (k > 0) below[tree.parent[k]!] = below[tree.parent[k]!]! + below[k]!;
  }
  return below;
}

/**
 * A best configuration through row `t0` of cluster `k0` (idempotent ⊕: min-sum,
 * max-product): walk the tree outwards from k0 and in each cluster take the best row among
 * those that agree with the neighbour already chosen (a row's belief differs from its best
 * completion away from that neighbour by the same amount for every row of one separator
 * class, so the choices fit together). With `below` (see wantedBelow) only the clusters on
 * the way to wanted ones are visited. Writes the chosen row per cluster into `pick` (-1
 * where not visited).
 */
export function bestThrough(
  tree: ClusterTree,
  best: ClassBest,
  k0: number,
  t0: number,
  pick: Int32Array,
  below: Int32Array | null,
): void {
  pick.fill(-1);
  pick[k0] = t0;
  const all = below ? below[0]! : 0;
  const stack = [k0];
  while (stack.length) {
    const k = stack.pop()!;
    const t = pick[k]!;
    const p = tree.parent[k]!;
    if (p >= 0 && pick[p]! < 0 && (!below || all - below[k]! > 0)) {
      pick[p] = best.parentSide[k]![tree.upSep[k]![t]!]!;
      stack.push(p);
    }
    for (const c of tree.children[k]!) {
      if (pick[c]! >= 0 || (below && !below[c])) continue;
      pick[c] = best.childSide[c]![tree.downSep[c]![t]!]!;
      stack.push(c);
    }
  }
}

/** Writes the values of the picked tuples into `values` (per variable). */
export function valuesOf(tree: ClusterTree, pick: Int32Array, values: Int32Array): Int32Array {
  for (let k = 0; k < pick.length; k++) {
    const t = pick[k]!;
    if (t < 0) continue;
    const vars = tree.vars[k]!;
    const w = vars.length;
    const rows = tree.rows[k]!;
    for (let c = 0; c < w; c++) values[vars[c]!] = rows[t * w + c]!;
  }
  return values;
}

/** propagate for MIN_SUM with its operations inlined (the per-click path of evaluate). */
function minSum(tree: ClusterTree, local: Float64Array[], distribute: boolean): Messages<number> {
  const K = tree.vars.length;
  const acc = local.map((l) => l.slice());
  const up: Float64Array[] = new Array(K);
  for (let k = K - 1; k >= 1; k--) {
    const m = (up[k] = new Float64Array(tree.nSep[k]!).fill(Infinity));
    const a = acc[k]!;
    const us = tree.upSep[k]!;
    for (let t = 0; t < us.length; t++) if (a[t]! < m[us[t]!]!) m[us[t]!] = a[t]!;
    const pa = acc[tree.parent[k]!]!;
    const ds = tree.downSep[k]!;
    for (let t = 0; t < ds.length; t++) pa[t] = pa[t]! + m[ds[t]!]!;
  }
  let total = Infinity;
  for (const v of acc[0]!) if (v < total) total = v;
  const down: Float64Array[] = new Array(K);
  const out: Float64Array[] = new Array(K);
  if (!distribute) return { acc, up, down, out, total };
  out[0] = acc[0]!;
  for (let k = 1; k < K; k++) {
    const m = (down[k] = new Float64Array(tree.nSep[k]!).fill(Infinity));
    const po = out[tree.parent[k]!]!;
    const ds = tree.downSep[k]!;
    const mu = up[k]!;
    for (let t = 0; t < ds.length; t++) {
      const v = po[t]! === Infinity ? Infinity : po[t]! - mu[ds[t]!]!;
      if (v < m[ds[t]!]!) m[ds[t]!] = v;
    }
    const a = acc[k]!;
    const o = (out[k] = new Float64Array(a.length));
    const us = tree.upSep[k]!;
    for (let t = 0; t < a.length; t++) o[t] = a[t]! + m[us[t]!]!;
  }
  return { acc, up, down, out, total };
}
