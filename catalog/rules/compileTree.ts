import { compileCluster, MAX_TUPLES, type Cluster } from './compileCluster.js';
import type { Mdd } from './compileMdd.js';
import type { RuleTable } from './ruleTables.js';
import type { TreeDecomposition } from './treeDecomposition.js';

/**
 * A tree of compiled clusters (join-tree clustering): each cluster of a tree decomposition
 * holds the combinations of its variables that satisfy every rule inside the cluster (and
 * the projection of every rule that reaches into it) — a table over its interface variables
 * (those it shares with other clusters) whose rows lead into an MDD of its private ones
 * (see compileCluster) — and the tables are made pairwise
 * consistent along the tree (two semi-join passes), so every remaining tuple extends to a
 * full valid configuration: the tree is backtrack-free. Plain typed arrays only.
 *
 * Cluster k: interface variables vars[k], rows[k] (nTuples[k] × vars[k].length), row t
 * leading to node node[k][t] of layer split[k] of sub[k], whose layer i decides cvars[k][i]. Clusters
 * are ordered parents first (parent[k] < k, parent[0] = -1). The separator of k and its
 * parent is numbered: upSep[k][t] is the separator class of k's tuple t and downSep[k][t]
 * that of the parent's tuple t (nSep[k] classes; the root has one, everything in it).
 * Each variable has a home cluster (home[x]) where its own cost counts: an interface
 * column (homePos[x]) or a private layer (privLayer[x]; -1 for interface variables).
 */
export interface ClusterTree {
  vars: Int32Array[];
  cvars: Int32Array[];
  split: Int32Array;
  sub: Mdd[];
  node: Int32Array[];
  privLayer: Int32Array;
  rows: Int32Array[];
  nTuples: Int32Array;
  parent: Int32Array;
  children: Int32Array[];
  upSep: Int32Array[];
  downSep: Int32Array[];
  nSep: Int32Array;
  home: Int32Array;
  homePos: Int32Array;
  /** Per cluster, the columns of the variables whose home it is. */
  homeCols: Int32Array[];
  width: number;
  empty: boolean;
}

/** A cluster whose interface table would pass this many rows is merged with a neighbour instead (see mergeClusters). */
export const MERGE_ROWS = 20_000;
/** No merged cluster grows past this many attributes (its private MDD must stay small). */
const MAX_MERGED_VARS = 40;
/** Nor past this many MDD nodes. */
const MERGED_NODES = 200_000;

export function compileTree(
  sizes: number[],
  tables: RuleTable[],
  td: TreeDecomposition,
  mergeRows = MERGE_ROWS,
  maxTuples = MAX_TUPLES,
): ClusterTree {
  const tablesAt: number[][] = sizes.map(() => []);
  tables.forEach((t, ti) => new Set(t.scope).forEach((x) => tablesAt[x]!.push(ti)));
  const { clusters, parent: parentArr, compiled } = mergeClusters(sizes, tables, tablesAt, td, mergeRows, maxTuples);
  const parent = Int32Array.from(parentArr);
  const K = clusters.length;
  const vars = compiled.map((c) => c.vars.slice(0, c.split));
  const rows = compiled.map((c) => c.rows);
  const nTuples = Int32Array.from(compiled, (c) => c.node.length);
  const children: number[][] = clusters.map(() => []);
  for (let k = 1; k < K; k++) children[parent[k]!]!.push(k);
  const tree: ClusterTree = {
    vars,
    cvars: compiled.map((c) => c.vars),
    split: Int32Array.from(compiled, (c) => c.split),
    sub: compiled.map((c) => c.mdd),
    node: compiled.map((c) => c.node),
    privLayer: new Int32Array(sizes.length).fill(-1),
    rows,
    nTuples,
    parent,
    children: children.map((c) => Int32Array.from(c)),
    upSep: [],
    downSep: [],
    nSep: new Int32Array(K),
    home: new Int32Array(sizes.length).fill(-1),
    homePos: new Int32Array(sizes.length),
    homeCols: [],
    width: clusters.reduce((w, c) => Math.max(w, c.length - 1), 0),
    empty: false,
  };
  numberSeparators(tree, sizes);
  if (!semiJoin(tree)) {
    tree.empty = true;
    for (let k = 0; k < K; k++) tree.nTuples[k] = 0;
  }
  // Home of a variable: the first cluster (nearest the root) holding it.
  const cols: number[][] = clusters.map(() => []);
  for (let k = 0; k < K; k++)
    tree.cvars[k]!.forEach((x, c) => {
      if (tree.home[x]! >= 0) return;
      tree.home[x] = k;
      if (c >= tree.split[k]!) {
        tree.homePos[x] = -1;
        tree.privLayer[x] = c;
        return;
      }
      tree.homePos[x] = c;
      cols[k]!.push(c);
    });
  tree.homeCols = cols.map((c) => Int32Array.from(c));
  return tree;
}

/**
 * Compile the clusters of a tree decomposition, merging where an interface table would be
 * large. A cluster's interface is every attribute it shares with another cluster, so a
 * cluster joined to a neighbour by a wide separator enumerates all combinations of that
 * separator; merged with that neighbour, those attributes become private to the merged
 * cluster and live in its MDD, where the rules usually keep them small. Greedy: a cluster
 * whose interface would pass `mergeRows` rows is merged with the neighbour it shares the most
 * attributes with (a child into its parent, so the result is still a tree decomposition with
 * the running-intersection property), and compiled again. Merging changes no other cluster's
 * interface (an attribute of the two merged clusters also held elsewhere stays shared), so
 * the clusters compiled so far stay valid. Returns the surviving clusters root first
 * (parents before children).
 */
function mergeClusters(
  sizes: number[],
  tables: RuleTable[],
  tablesAt: number[][],
  td: TreeDecomposition,
  mergeRows: number,
  maxTuples: number,
): { clusters: number[][]; parent: number[]; compiled: Cluster[] } {
  const vars = (td.clusters.length ? td.clusters : [[]]).map((c) => new Set(c));
  const parent = td.clusters.length ? [...td.parent] : [-1];
  const K = vars.length;
  const children: Set<number>[] = vars.map(() => new Set());
  for (let k = 1; k < K; k++) children[parent[k]!]!.add(k);
  const alive = new Uint8Array(K).fill(1);
  const holders = new Int32Array(sizes.length);
  for (const c of vars) for (const x of c) holders[x] = holders[x]! + 1;
  const compiled: (Cluster | undefined)[] = new Array(K);
  const shared = (x: number) => holders[x]! > 1;
  /** Merge child c into its parent p (p survives). */
  const merge = (p: number, c: number) => {
    for (const x of vars[c]!) {
      if (vars[p]!.has(x)) holders[x] = holders[x]! - 1;
      else vars[p]!.add(x);
    }
    children[p]!.delete(c);
    for (const g of children[c]!) {
      parent[g] = p;
      children[p]!.add(g);
    }
    alive[c] = 0;
    compiled[p] = undefined;
  };
  let total = 0;
  const queue = [...vars.keys()];
  while (queue.length) {
    const k = queue.pop()!;
    if (!alive[k] || compiled[k]) continue;
    const cl = compileCluster(
      sizes,
      tables,
      tablesAt,
      [...vars[k]!].sort((a, b) => a - b),
      shared,
      mergeRows,
    );
    if (!('tooMany' in cl)) {
      compiled[k] = cl;
      continue;
    }
    // The neighbour whose merge leaves the fewest interface rows (each candidate compiled),
    // if fewer than it has now. (Merging on when no merge shrinks a cluster — hoping a later
    // one will — was tried on long-range 20 %: the cluster only grew; docs/benchmarks.md, Engine.)
    let best = -1;
    let bestRows = cl.tooMany;
    let bestCl: Cluster | undefined;
    for (const nb of [parent[k]!, ...children[k]!]) {
      if (nb < 0 || !alive[nb]) continue;
      const union = [...new Set([...vars[k]!, ...vars[nb]!])].sort((a, b) => a - b);
      if (union.length > MAX_MERGED_VARS) continue;
      const both = (x: number) => vars[k]!.has(x) && vars[nb]!.has(x);
      let trial: Cluster | { tooMany: number };
      try {
        trial = compileCluster(
          sizes,
          tables,
          tablesAt,
          union,
          (x) => holders[x]! - (both(x) ? 1 : 0) > 1,
          bestRows,
          MERGED_NODES,
        );
      } catch {
        continue; // its MDD would be too large
      }
      const rows = 'tooMany' in trial ? trial.tooMany : trial.node.length;
      if (rows < bestRows) {
        best = nb;
        bestRows = rows;
        bestCl = 'tooMany' in trial ? undefined : trial;
      }
    }
    if (best < 0) {
      // No merge makes it smaller: enumerate it if it fits at all (throws the explanation otherwise).
      compiled[k] = compileCluster(
        sizes,
        tables,
        tablesAt,
        [...vars[k]!].sort((a, b) => a - b),
        shared,
      );
      continue;
    }
    const survivor = best === parent[k] ? best : k;
    merge(survivor, survivor === k ? best : k);
    // A merged cluster small enough is kept as compiled; else it is looked at again.
    if (bestCl && bestRows <= mergeRows) compiled[survivor] = bestCl;
    else queue.push(survivor);
  }
  // Survivors root first.
  const order: number[] = [];
  const index = new Int32Array(K).fill(-1);
  const root = vars.findIndex((_, k) => alive[k] && (parent[k]! < 0 || !alive[parent[k]!]));
  const bfs = [root];
  for (let q = 0; q < bfs.length; q++) {
    const k = bfs[q]!;
    index[k] = order.length;
    order.push(k);
    bfs.push(...[...children[k]!].sort((a, b) => a - b));
  }
  for (const k of order) {
    const rows = compiled[k]!.node.length;
    if (rows > maxTuples)
      throw new Error(
        `a cluster of ${compiled[k]!.split} shared attributes has ${rows} valid combinations (more than ${maxTuples})`,
      );
    if ((total += rows) > 4 * maxTuples) throw new Error(`the rules need more than ${4 * maxTuples} cluster rows`);
  }
  return {
    clusters: order.map((k) => [...vars[k]!]),
    parent: order.map((k) => (parent[k]! < 0 ? -1 : index[parent[k]!]!)),
    compiled: order.map((k) => compiled[k]!),
  };
}

/** Separator classes of every tree edge, for both sides (mixed-radix numbers when they fit, else strings). */
function numberSeparators(tree: ClusterTree, sizes: number[]): void {
  const K = tree.vars.length;
  tree.upSep[0] = new Int32Array(tree.nTuples[0]!);
  tree.downSep[0] = new Int32Array(0);
  tree.nSep[0] = 1;
  for (let k = 1; k < K; k++) {
    const p = tree.parent[k]!;
    const sep = [...tree.vars[k]!].filter((x) => tree.vars[p]!.includes(x));
    const ids = new Map<number | string, number>();
    tree.upSep[k] = classes(tree, k, sep, sizes, ids);
    tree.downSep[k] = classes(tree, p, sep, sizes, ids);
    tree.nSep[k] = Math.max(1, ids.size);
  }
}

function classes(tree: ClusterTree, k: number, sep: number[], sizes: number[], ids: Map<number | string, number>): Int32Array {
  const vars = tree.vars[k]!;
  const w = vars.length;
  const cols = sep.map((x) => vars.indexOf(x));
  const radix = sep.reduce((s, x) => s * sizes[x]!, 1);
  const numeric = radix < 2 ** 52;
  const rows = tree.rows[k]!;
  const out = new Int32Array(tree.nTuples[k]!);
  for (let t = 0; t < out.length; t++) {
    let key: number | string = 0;
    if (numeric) for (let j = 0; j < cols.length; j++) key = (key as number) * sizes[sep[j]!]! + rows[t * w + cols[j]!]!;
    else key = cols.map((c) => rows[t * w + c]).join(',');
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    out[t] = id;
  }
  return out;
}

/**
 * Pairwise consistency by two semi-join passes (the boolean semiring's collect and
 * distribute): leaves to root keep the parent tuples some child tuple supports, root to
 * leaves the child tuples some parent tuple supports. False when a table runs empty.
 */
function semiJoin(tree: ClusterTree): boolean {
  const K = tree.vars.length;
  const keep = Array.from({ length: K }, (_, k) => new Uint8Array(tree.nTuples[k]!).fill(1));
  const pass = (k: number, from: Uint8Array, fromSep: Int32Array, to: Uint8Array, toSep: Int32Array) => {
    const has = new Uint8Array(tree.nSep[k]!);
    for (let t = 0; t < from.length; t++) if (from[t]) has[fromSep[t]!] = 1;
    for (let t = 0; t < to.length; t++) if (to[t] && !has[toSep[t]!]) to[t] = 0;
  };
  for (let k = K - 1; k >= 1; k--) pass(k, keep[k]!, tree.upSep[k]!, keep[tree.parent[k]!]!, tree.downSep[k]!);
  for (let k = 1; k < K; k++) pass(k, keep[tree.parent[k]!]!, tree.downSep[k]!, keep[k]!, tree.upSep[k]!);
  // Emptiness anywhere reaches the root on the way up.
  if (!keep[0]!.includes(1)) return false;
  // Drop the removed tuples from every table and from both sides' class arrays.
  for (let k = 0; k < K; k++) {
    const m = keep[k]!;
    const w = tree.vars[k]!.length;
    const idx: number[] = [];
    m.forEach((b, t) => b && idx.push(t));
    if (idx.length === m.length) continue;
    const rows = new Int32Array(idx.length * w);
    idx.forEach((t, i) => rows.set(tree.rows[k]!.subarray(t * w, t * w + w), i * w));
    tree.rows[k] = rows;
    tree.nTuples[k] = idx.length;
    tree.upSep[k] = Int32Array.from(idx, (t) => tree.upSep[k]![t]!);
    tree.node[k] = Int32Array.from(idx, (t) => tree.node[k]![t]!);
    for (const c of tree.children[k]!) tree.downSep[c] = Int32Array.from(idx, (t) => tree.downSep[c]![t]!);
  }
  return true;
}
