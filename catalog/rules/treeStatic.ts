import { clusterLocal, valueCosts, valueOffsets } from './clusterLocal.js';
import type { ClusterTree } from './compileTree.js';
import { downward } from './downward.js';
import { lastPass, passBuffers, type Baseline, type LastPass, type PassBuffers } from './passBuffers.js';
import { gatherUp, rowIndex, type RowIndex } from './rowPasses.js';

/**
 * What a click without explicit choices computes, per tree (its weights depend on the
 * defaults only): the private passes and row weights of every cluster, and each cluster's
 * collected weights (acc) and upward message. A click recomputes only the clusters that are
 * home to an explicit choice and the clusters on their way to the root; the others' figures
 * are these. Also the click's reusable buffers (the downward pass's arrays).
 */
export interface TreeStatic {
  offset: Int32Array;
  /** Per cluster, its row index (see rowPasses), and its position among its parent's children. */
  rix: RowIndex[];
  childAt: Int32Array;
  /** Per cluster, the values of its home columns (see homeColumn), and scratch arrays for gatherChanges. */
  cols: Int32Array[][];
  deltas: Float64Array[][];
  /** Per cluster, the defaults-only value costs of its home values (per slot of the row index; made on first use). */
  homeCost: Float64Array[];
  up: Float64Array[];
  next: Int32Array[];
  local: Float64Array[];
  acc: Float64Array[];
  msg: Float64Array[];
  /** The defaults-only value costs. */
  vc: Float64Array;
  /** The click's downward buffers. */
  bufs: PassBuffers;
  /** The defaults-only downward pass (made on the first click). */
  base?: Baseline;
  /**
   * Per cluster with a choice below it, made on its first use: its collected weights and
   * upward message (and own private pass when home to a choice) for the explicit choices in
   * its subtree (`key`), kept from the last click that computed them, and a spare set the
   * next computation fills (then the two swap).
   */
  memo: (UpMemo | undefined)[];
  spare: (UpMemo | undefined)[];
  /** What the last click's downward pass left (see downward). */
  last: LastPass;
}

/** A cluster's upward figures for one set of explicit choices in its subtree (see TreeStatic.memo). */
export interface UpMemo {
  key: string;
  up: Float64Array;
  next: Int32Array;
  /** Whether up/next are this memo's own (the cluster is home to a choice) or the defaults-only ones. */
  own: boolean;
  local: Float64Array;
  msg: Float64Array;
  /** What the weights were computed from: each child's upward message (copies), and the value costs of the home values (per slot of the row index). */
  childMsg: Float64Array[];
  homeCost: Float64Array;
}

const statics = new WeakMap<ClusterTree, TreeStatic>();

export function treeStatic(tree: ClusterTree, sizes: number[], defaults: Int32Array): TreeStatic {
  let st = statics.get(tree);
  if (st) return st;
  const K = tree.vars.length;
  const offset = valueOffsets(sizes);
  const vc = valueCosts(sizes, offset, null, defaults, sizes.length + 1);
  const up: Float64Array[] = [];
  const next: Int32Array[] = [];
  const local: Float64Array[] = [];
  const rix = Array.from({ length: K }, (_, k) => rowIndex(tree, k, sizes, offset));
  const childAt = new Int32Array(K);
  for (let k = 0; k < K; k++) tree.children[k]!.forEach((c, j) => (childAt[c] = j));
  for (let k = 0; k < K; k++) {
    const r = clusterLocal(tree, k, vc, offset);
    up.push(r.up);
    next.push(r.next);
    local.push(r.local);
  }
  const acc: Float64Array[] = local.map((l) => new Float64Array(l.length));
  const msg: Float64Array[] = Array.from({ length: K }, (_, k) => new Float64Array(tree.nSep[k]!));
  for (let k = K - 1; k >= 0; k--) gatherUp(tree, k, rix[k]!, local[k]!, msg, acc[k]!, msg[k]!);
  st = {
    offset,
    rix,
    childAt,
    cols: new Array(K),
    deltas: new Array(K),
    homeCost: new Array(K),
    up,
    next,
    local,
    acc,
    msg,
    vc,
    bufs: passBuffers(tree),
    memo: new Array(K),
    spare: new Array(K),
    last: lastPass(tree, offset[sizes.length]!),
  };
  statics.set(tree, st);
  return st;
}

/**
 * Per cluster with a choice below it, the explicit choices whose home lies in its subtree,
 * as text ("x=d," per choice, children's after the cluster's own).
 */
export function subtreeKeys(tree: ClusterTree, chosen: Int32Array, below: Int32Array): string[] {
  const K = tree.vars.length;
  const own: string[] = new Array<string>(K).fill('');
  for (let x = 0; x < chosen.length; x++) if (chosen[x]! >= 0) own[tree.home[x]!] += `${x}=${chosen[x]},`;
  const key = own.slice();
  for (let k = K - 1; k >= 1; k--) if (below[k]) key[tree.parent[k]!] += `[${key[k]}]`;
  return key;
}

export function baseline(tree: ClusterTree, st: TreeStatic, sizes: number[]): Baseline {
  const below = new Int32Array(tree.vars.length);
  const pass = downward(
    tree,
    sizes,
    st.offset,
    {
      acc: st.acc,
      msgUp: st.msg,
      up: st.up,
      vc: st.vc,
      rix: st.rix,
      childAt: st.childAt,
      below,
      base: null,
      last: null,
      key: null,
    },
    passBuffers(tree),
  );
  return pass;
}
