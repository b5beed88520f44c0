import type { ClusterTree } from './compileTree.js';
import { bestThrough, classBest, MIN_SUM, propagate, valuesOf, wantedBelow, type ClassBest, type Messages } from './semiring.js';

/**
 * The click of `evaluate` on the tree form: min-sum messages for the lexicographic cost
 * (explicit choices changed × big + attributes away from their defaults), as the MDD form's
 * shortest paths compute it. Each value's cost sits in its variable's home cluster: on the
 * interface rows, or on the edges of the cluster's private MDD, whose cheapest completion
 * below a row is part of that row's weight.
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
  /** Clusters that are home to an explicit choice, and how many lie below each cluster, for conflict walks. */
  wanted: Uint8Array;
  below: Int32Array;
  classes: ClassBest;
  /** Per interface value, the row of its home cluster with the best belief. */
  bestRow: Int32Array;
  /** Per cluster, over its MDD's nodes: cheapest cost below (up), above incl. the rest of the tree (down), and the argmin links. */
  up: Float64Array[];
  next: Int32Array[];
  down: Float64Array[];
  parent: Int32Array[];
  parentFrom: Int32Array[];
  /** Per cluster and boundary node, the row through which `down` was reached. */
  rowOf: Int32Array[];
  /** Per private value, the edge (and its source node) of its cheapest configuration. */
  bestEdge: Int32Array;
  bestFrom: Int32Array;
}

/** Per variable, where its values start in the flattened per-value arrays (offset[x] + d). */
export function valueOffsets(sizes: number[]): Int32Array {
  const offset = new Int32Array(sizes.length + 1);
  sizes.forEach((s, x) => (offset[x + 1] = offset[x]! + s));
  return offset;
}

export function treeClick(tree: ClusterTree, sizes: number[], chosen: Int32Array, defaults: Int32Array): TreeClick {
  const n = sizes.length;
  const big = n + 1;
  const K = tree.vars.length;
  const cost = (x: number, d: number) => (d !== defaults[x] ? 1 : 0) + (chosen[x]! >= 0 && d !== chosen[x] ? big : 0);
  const wanted = new Uint8Array(K);
  for (let x = 0; x < n; x++) if (chosen[x]! >= 0) wanted[tree.home[x]!] = 1;
  const up: Float64Array[] = [];
  const next: Int32Array[] = [];
  const local: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    const s = tree.split[k]!;
    const nNodes = m.layerStart[cv.length + 1]!;
    const u8 = new Float64Array(nNodes);
    const nx = new Int32Array(nNodes).fill(-1);
    for (let i = cv.length - 1; i >= s; i--) {
      const x = cv[i]!;
      for (let u = m.layerStart[i]!; u < m.layerStart[i + 1]!; u++) {
        let b = Infinity;
        for (let e = m.edgeStart[u]!; e < m.edgeStart[u + 1]!; e++) {
          const c = cost(x, m.edgeVal[e]!) + u8[m.edgeTo[e]!]!;
          if (c < b) {
            b = c;
            nx[u] = e;
          }
        }
        u8[u] = b;
      }
    }
    up.push(u8);
    next.push(nx);
    const w = s;
    const rows = tree.rows[k]!;
    const node = tree.node[k]!;
    const l = new Float64Array(node.length);
    for (let t = 0; t < l.length; t++) l[t] = u8[node[t]!]!;
    for (const c of tree.homeCols[k]!) {
      const x = cv[c]!;
      for (let t = 0; t < l.length; t++) l[t] = l[t]! + cost(x, rows[t * w + c]!);
    }
    local.push(l);
  }
  const messages = propagate(tree, MIN_SUM, local, true);
  const out = messages.out as Float64Array[];
  const offset = valueOffsets(sizes);
  const best = new Float64Array(offset[n]!).fill(Infinity);
  const bestEdge = new Int32Array(offset[n]!).fill(-1);
  const bestFrom = new Int32Array(offset[n]!).fill(-1);
  const bestRow = new Int32Array(offset[n]!).fill(-1);
  const down: Float64Array[] = [];
  const parent: Int32Array[] = [];
  const parentFrom: Int32Array[] = [];
  const rowOf: Int32Array[] = [];
  for (let k = 0; k < K; k++) {
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    const s = tree.split[k]!;
    const o = out[k]!;
    const rows = tree.rows[k]!;
    // Interface values: the best belief of a row holding them.
    for (const c of tree.homeCols[k]!) {
      const bo = offset[cv[c]!]!;
      for (let t = 0; t < o.length; t++) {
        const d = rows[t * s + c]!;
        if (o[t]! < best[bo + d]!) {
          best[bo + d] = o[t]!;
          bestRow[bo + d] = t;
        }
      }
    }
    const nNodes = m.layerStart[cv.length + 1]!;
    const dn = new Float64Array(nNodes).fill(Infinity);
    const pa = new Int32Array(nNodes);
    const pf = new Int32Array(nNodes);
    const ro = new Int32Array(nNodes).fill(-1);
    const u8 = up[k]!;
    const node = tree.node[k]!;
    for (let t = 0; t < node.length; t++) {
      const u = node[t]!;
      const c = o[t]! === Infinity ? Infinity : o[t]! - u8[u]!;
      if (c < dn[u]!) {
        dn[u] = c;
        ro[u] = t;
      }
    }
    // Private values: forward over the private layers.
    for (let i = s; i < cv.length; i++) {
      const x = cv[i]!;
      const bo = offset[x]!;
      for (let u = m.layerStart[i]!; u < m.layerStart[i + 1]!; u++) {
        const du = dn[u]!;
        if (du === Infinity) continue;
        for (let e = m.edgeStart[u]!; e < m.edgeStart[u + 1]!; e++) {
          const d = m.edgeVal[e]!;
          const to = m.edgeTo[e]!;
          const c = du + cost(x, d);
          if (c < dn[to]!) {
            dn[to] = c;
            pa[to] = e;
            pf[to] = u;
          }
          const cd = c + u8[to]!;
          if (cd < best[bo + d]!) {
            best[bo + d] = cd;
            bestEdge[bo + d] = e;
            bestFrom[bo + d] = u;
          }
        }
      }
    }
    down.push(dn);
    parent.push(pa);
    parentFrom.push(pf);
    rowOf.push(ro);
  }
  for (let x = 0; x < n; x++) {
    const cx = chosen[x]!;
    const bo = offset[x]!;
    if (cx >= 0) for (let d = 0; d < sizes[x]!; d++) if (d !== cx && best[bo + d]! < Infinity) best[bo + d] = best[bo + d]! - big;
  }
  const click: TreeClick = {
    big,
    best,
    offset,
    completion: new Int32Array(n),
    total: messages.total,
    messages,
    wanted,
    below: wantedBelow(tree, wanted),
    classes: classBest(tree, MIN_SUM, out),
    bestRow,
    up,
    next,
    down,
    parent,
    parentFrom,
    rowOf,
    bestEdge,
    bestFrom,
  };
  const root = out[0]!;
  let t0 = 0;
  for (let t = 1; t < root.length; t++) if (root[t]! < root[t0]!) t0 = t;
  if (root.length) walkOut(tree, click, 0, t0, false, click.completion);
  return click;
}

/** From row t0 of cluster k0, the best rows of the (wanted) clusters and their cheapest private completions. */
function walkOut(
  tree: ClusterTree,
  click: TreeClick,
  k0: number,
  t0: number,
  onlyWanted: boolean,
  values: Int32Array,
  skip = -1,
): void {
  const pick = new Int32Array(tree.vars.length);
  bestThrough(tree, click.classes, k0, t0, pick, onlyWanted ? click.below : null);
  valuesOf(tree, pick, values);
  for (let k = 0; k < pick.length; k++) {
    if (pick[k]! < 0 || k === skip || (onlyWanted && !click.wanted[k])) continue;
    privateBelow(tree, click, k, tree.split[k]!, tree.node[k]![pick[k]!]!, values);
  }
}

/** The cheapest private values of cluster k below node u of layer i. */
function privateBelow(tree: ClusterTree, click: TreeClick, k: number, i: number, u: number, values: Int32Array): void {
  const m = tree.sub[k]!;
  const cv = tree.cvars[k]!;
  const nx = click.next[k]!;
  for (; i < cv.length; i++) {
    const e = nx[u]!;
    values[cv[i]!] = m.edgeVal[e]!;
    u = m.edgeTo[e]!;
  }
}

/**
 * The explicit choices (other than x's) changed by the cheapest configuration with x = d,
 * as [variable, value] pairs: walk out from x's home cluster only as far as the clusters
 * where explicit choices live.
 */
export function treeChanges(tree: ClusterTree, click: TreeClick, chosen: Int32Array, x: number, d: number): number[] {
  const k = tree.home[x]!;
  const values = new Int32Array(chosen.length).fill(-1);
  if (tree.homePos[x]! >= 0) walkOut(tree, click, k, click.bestRow[click.offset[x]! + d]!, true, values);
  else {
    // A private value: its edge, the cheapest path above it to a row, and below it.
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    const slot = click.offset[x]! + d;
    const e = click.bestEdge[slot]!;
    let u = click.bestFrom[slot]!;
    const layer = tree.privLayer[x]!;
    values[x] = d;
    for (let i = layer - 1; i >= tree.split[k]!; i--) {
      values[cv[i]!] = m.edgeVal[click.parent[k]![u]!]!;
      u = click.parentFrom[k]![u]!;
    }
    privateBelow(tree, click, k, layer + 1, m.edgeTo[e]!, values);
    walkOut(tree, click, k, click.rowOf[k]![u]!, true, values, k);
  }
  const changes: number[] = [];
  for (let y = 0; y < chosen.length; y++) if (y !== x && chosen[y]! >= 0 && values[y] !== chosen[y]) changes.push(y, values[y]!);
  return changes;
}
