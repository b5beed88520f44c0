import type { ClusterTree } from './compileTree.js';
import { bestThrough, valuesOf, type ClassBest, type Messages } from './semiring.js';

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
  /** Best rows per separator class, child and parent side (both found by the downward pass). */
  classes: ClassBest;
  /** Per cluster, 1 when its beliefs are the defaults-only ones shifted by a constant (reused, see downward). */
  clean: Uint8Array;
  /** The explicitly chosen variables, and a per-variable scratch array for conflict walks. */
  chosenVars: number[];
  scratch: Int32Array;
  /** The clusters home to an explicitly chosen private variable. */
  privateHomes: number[];
  /** Per cluster, the row a walk picked (a scratch array of walkOut's). */
  pick: Int32Array;
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

/** From row t0 of cluster k0, the best rows of the (wanted) clusters and their cheapest private completions. */
export function walkOut(
  tree: ClusterTree,
  click: TreeClick,
  k0: number,
  t0: number,
  onlyWanted: boolean,
  values: Int32Array,
  skip = -1,
): void {
  const pick = click.pick;
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
  const values = click.scratch;
  for (const y of click.chosenVars) values[y] = -1;
  if (tree.homePos[x]! >= 0) walkChosen(tree, click, k, click.bestRow[click.offset[x]! + d]!, values);
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
    walkChosen(tree, click, k, click.rowOf[k]![u]!, values, k);
  }
  const changes: number[] = [];
  for (const y of click.chosenVars) if (y !== x && values[y] !== chosen[y]) changes.push(y, values[y]!);
  return changes;
}

/**
 * walkOut for treeChanges, which reads only the explicitly chosen variables: the picks agree
 * on every attribute two picked clusters share (running intersection), so each chosen
 * interface variable is read from its home cluster's picked row, and the cheapest private
 * completion is walked only in the clusters home to a chosen private variable (but skip).
 */
function walkChosen(tree: ClusterTree, click: TreeClick, k0: number, t0: number, values: Int32Array, skip = -1): void {
  const pick = click.pick;
  bestThrough(tree, click.classes, k0, t0, pick, click.below);
  for (const y of click.chosenVars) {
    const c = tree.homePos[y]!;
    const h = tree.home[y]!;
    const t = pick[h]!;
    if (c >= 0 && t >= 0) values[y] = tree.rows[h]![t * tree.vars[h]!.length + c]!;
  }
  for (const k of click.privateHomes)
    if (k !== skip && pick[k]! >= 0) privateBelow(tree, click, k, tree.split[k]!, tree.node[k]![pick[k]!]!, values);
}
