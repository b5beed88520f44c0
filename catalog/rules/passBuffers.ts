import type { ClusterTree } from './compileTree.js';

/** Per-cluster buffers of one downward pass (a click reuses one set per tree; the baseline has its own). */
export interface PassBuffers {
  out: Float64Array[];
  downMsg: Float64Array[];
  childSide: Int32Array[];
  /** Per cluster k, the parent's first best row per separator class of k (found with k's downward message). */
  ps: Int32Array[];
  dn: Float64Array[];
  pa: Int32Array[];
  pf: Int32Array[];
  ro: Int32Array[];
  clean: Uint8Array;
  shift: Float64Array;
}

export function passBuffers(tree: ClusterTree): PassBuffers {
  const K = tree.vars.length;
  const nodes = (k: number) => tree.sub[k]!.layerStart[tree.cvars[k]!.length + 1]!;
  return {
    out: Array.from({ length: K }, (_, k) => new Float64Array(tree.nTuples[k]!)),
    downMsg: Array.from({ length: K }, (_, k) => new Float64Array(tree.nSep[k]!)),
    childSide: Array.from({ length: K }, (_, k) => new Int32Array(k ? tree.nSep[k]! : 1)),
    ps: Array.from({ length: K }, (_, k) => new Int32Array(k ? tree.nSep[k]! : 1)),
    dn: Array.from({ length: K }, (_, k) => new Float64Array(nodes(k))),
    pa: Array.from({ length: K }, (_, k) => new Int32Array(nodes(k))),
    pf: Array.from({ length: K }, (_, k) => new Int32Array(nodes(k))),
    ro: Array.from({ length: K }, (_, k) => new Int32Array(nodes(k))),
    clean: new Uint8Array(K),
    shift: new Float64Array(K),
  };
}

/** The downward pass of a click: beliefs per row, best rows per class, and per value its cheapest configuration. */
export interface Pass {
  out: Float64Array[];
  downMsg: Float64Array[];
  childSide: Int32Array[];
  /** Parent-side best rows per separator class (classBest's parent side). */
  parentSide: Int32Array[];
  best: Float64Array;
  bestRow: Int32Array;
  bestEdge: Int32Array;
  bestFrom: Int32Array;
  down: Float64Array[];
  parent: Int32Array[];
  parentFrom: Int32Array[];
  rowOf: Int32Array[];
  clean: Uint8Array;
}

/** The pass of a click without explicit choices, kept per tree. */
export type Baseline = Pass;

/**
 * Per cluster, where the last click's downward figures came from: the baseline's or the
 * click buffers' (as last computed there, with the per-value figures of its own attributes
 * kept here), + `sh`; and the explicit choices in its subtree then (`key`, see subtreeKeys).
 */
export interface LastPass {
  key: string[];
  fromBuf: Uint8Array;
  sh: Float64Array;
  best: Float64Array;
  bestRow: Int32Array;
  bestEdge: Int32Array;
  bestFrom: Int32Array;
  /** A downward message being compared before it replaces the buffer's. */
  scratch: Float64Array;
}

export function lastPass(tree: ClusterTree, values: number): LastPass {
  const K = tree.vars.length;
  return {
    // No key matches before a first click.
    key: new Array<string>(K).fill('#'),
    fromBuf: new Uint8Array(K),
    sh: new Float64Array(K),
    best: new Float64Array(values),
    bestRow: new Int32Array(values),
    bestEdge: new Int32Array(values),
    bestFrom: new Int32Array(values),
    scratch: new Float64Array(tree.nSep.reduce((a, b) => Math.max(a, b), 1)),
  };
}
