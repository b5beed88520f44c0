import type { ClusterTree } from './compileTree.js';
import { gatherDeltas, gatherUp, rowIndex, spreadDown, type RowIndex } from './rowPasses.js';
import { bestThrough, valuesOf, wantedBelow, type ClassBest, type Messages } from './semiring.js';

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

/** Per variable, where its values start in the flattened per-value arrays (offset[x] + d). */
export function valueOffsets(sizes: number[]): Int32Array {
  const offset = new Int32Array(sizes.length + 1);
  sizes.forEach((s, x) => (offset[x + 1] = offset[x]! + s));
  return offset;
}

/** Per-variable costs of one click, flattened per value: 1 away from the default, + big away from an explicit choice. */
function valueCosts(
  sizes: number[],
  offset: Int32Array,
  chosen: Int32Array | null,
  defaults: Int32Array,
  big: number,
): Float64Array {
  const vc = new Float64Array(offset[sizes.length]!);
  for (let x = 0; x < sizes.length; x++) {
    const o = offset[x]!;
    const cx = chosen ? chosen[x]! : -1;
    for (let d = 0; d < sizes[x]!; d++) vc[o + d] = (d !== defaults[x] ? 1 : 0) + (cx >= 0 && d !== cx ? big : 0);
  }
  return vc;
}

/** Cluster k's private pass: the cheapest cost below each node of its MDD (into u8) and its argmin edge (into nx). */
function privatePass(tree: ClusterTree, k: number, vc: Float64Array, offset: Int32Array, u8: Float64Array, nx: Int32Array): void {
  const m = tree.sub[k]!;
  const cv = tree.cvars[k]!;
  const s = tree.split[k]!;
  nx.fill(-1);
  const { edgeStart, edgeTo, edgeVal, layerStart } = m;
  for (let i = cv.length - 1; i >= s; i--) {
    const bo = offset[cv[i]!]!;
    for (let u = layerStart[i]!; u < layerStart[i + 1]!; u++) {
      let b = Infinity;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        const c = vc[bo + edgeVal[e]!]! + u8[edgeTo[e]!]!;
        if (c < b) {
          b = c;
          nx[u] = e;
        }
      }
      u8[u] = b;
    }
  }
}

/** Cluster k's private pass and its rows' own weights. */
function clusterLocal(
  tree: ClusterTree,
  k: number,
  vc: Float64Array,
  offset: Int32Array,
  ix: RowIndex,
  into?: { up: Float64Array; next: Int32Array; local: Float64Array },
): { up: Float64Array; next: Int32Array; local: Float64Array } {
  const nNodes = tree.sub[k]!.layerStart[tree.cvars[k]!.length + 1]!;
  const u8 = into ? into.up : new Float64Array(nNodes);
  const nx = into ? into.next : new Int32Array(nNodes);
  privatePass(tree, k, vc, offset, u8, nx);
  const node = tree.node[k]!;
  const l = into ? into.local : new Float64Array(node.length);
  // One pass over the rows, their home values read from the row index.
  const h = tree.homeCols[k]!.length;
  const { g, down, hOff, homeValue } = ix;
  for (let t = 0, r = 1; t < l.length; t++, r += g) {
    let w = u8[node[t]!]!;
    for (let j = 0; j < h; j++) w += vc[homeValue[down[r + j]! - hOff]!]!;
    l[t] = w;
  }
  return { up: u8, next: nx, local: l };
}

/**
 * What a click without explicit choices computes, per tree (its weights depend on the
 * defaults only): the private passes and row weights of every cluster, and each cluster's
 * collected weights (acc) and upward message. A click recomputes only the clusters that are
 * home to an explicit choice and the clusters on their way to the root; the others' figures
 * are these. Also the click's reusable buffers (the downward pass's arrays).
 */
interface TreeStatic {
  offset: Int32Array;
  /** Per cluster, its row index (see rowPasses), and its position among its parent's children. */
  rix: RowIndex[];
  childAt: Int32Array;
  /** Per cluster, the values of its chosen home columns (see homeColumn), and scratch arrays for gatherChanges. */
  cols: Int32Array[][];
  deltas: Float64Array[][];
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

/**
 * Per cluster, where the last click's downward figures came from: the baseline's or the
 * click buffers' (as last computed there, with the per-value figures of its own attributes
 * kept here), + `sh`; and the explicit choices in its subtree then (`key`, see subtreeKeys).
 */
interface LastPass {
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

function lastPass(tree: ClusterTree, values: number): LastPass {
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

/** A cluster's upward figures for one set of explicit choices in its subtree (see TreeStatic.memo). */
interface UpMemo {
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

function treeStatic(tree: ClusterTree, sizes: number[], defaults: Int32Array): TreeStatic {
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
    const r = clusterLocal(tree, k, vc, offset, rix[k]!);
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
function subtreeKeys(tree: ClusterTree, chosen: Int32Array, below: Int32Array): string[] {
  const K = tree.vars.length;
  const own: string[] = new Array<string>(K).fill('');
  for (let x = 0; x < chosen.length; x++) if (chosen[x]! >= 0) own[tree.home[x]!] += `${x}=${chosen[x]},`;
  const key = own.slice();
  for (let k = K - 1; k >= 1; k--) if (below[k]) key[tree.parent[k]!] += `[${key[k]}]`;
  return key;
}

/**
 * Cluster k's weights and upward message (into buf) as those it last computed (its memo; the
 * defaults-only ones before) plus what changed since: per home column whose value costs
 * moved, the change on that column of rows; when its private pass differs (a private
 * attribute chosen now or then), the change of each row's cheapest completion below; per
 * child whose message moved, the change on that child's classes. Usually one or two columns
 * of rows are read instead of every slot. 'same' when nothing moved (the memo holds for the
 * new choices too); false (nothing usable written) when a change is not finite (∞ on one
 * side only), where the full gather must be made.
 */
function gatherChanges(
  tree: ClusterTree,
  st: TreeStatic,
  k: number,
  wanted: boolean,
  vc: Float64Array,
  msgUp: Float64Array[],
  buf: UpMemo,
): 'made' | 'same' | false {
  const memo = st.memo[k];
  const ch = tree.children[k]!;
  const from = memo
    ? { ...memo, up: memo.own ? memo.up : st.up[k]! }
    : {
        local: st.acc[k]!,
        up: st.up[k]!,
        childMsg: Array.from(ch, (c) => st.msg[c]!),
        homeCost: Float64Array.from(st.rix[k]!.homeValue, (i) => st.vc[i]!),
      };
  const idx: Int32Array[] = [];
  const deltas: Float64Array[] = [];
  /** Keeps a change unless it is all 0; false when it is not finite. */
  const add = (ix: Int32Array, d: Float64Array): boolean => {
    let any = false;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v !== v || v === Infinity || v === -Infinity) return false;
      if (v !== 0) any = true;
    }
    if (any) {
      idx.push(ix);
      deltas.push(d);
    }
    return true;
  };
  // Scratch arrays for the changes, per cluster and kind (home column, private nodes, child), reused by every click.
  const pool = (st.deltas[k] ??= []);
  const scratch = (slot: number, size: number) => {
    const d = pool[slot];
    return d && d.length === size ? d : (pool[slot] = new Float64Array(size));
  };
  const diff = (a: Float64Array, b: Float64Array, d: Float64Array, ao = 0, bo = 0) => {
    for (let i = 0; i < d.length; i++) d[i] = a[ao + i] === b[bo + i] ? 0 : a[ao + i]! - b[bo + i]!;
    return d;
  };
  const { homeValue } = st.rix[k]!;
  const hc = tree.homeCols[k]!;
  const vars = tree.vars[k]!;
  for (let j = 0, h = 0; j < hc.length; j++) {
    const x = vars[hc[j]!]!;
    const size = st.offset[x + 1]! - st.offset[x]!;
    // The home slots of column j are x's values in order (see rowIndex).
    let same = true;
    for (let d = 0; d < size && same; d++) same = vc[homeValue[h + d]!] === from.homeCost[h + d];
    if (!same && !add(homeColumn(tree, st, k, hc[j]!), diff(vc, from.homeCost, scratch(j, size), st.offset[x]!, h))) return false;
    h += size;
  }
  // The private pass: own when a private attribute of k is chosen, else the defaults-only one.
  let priv = false;
  if (wanted) for (let i = tree.split[k]!; i < tree.cvars[k]!.length && !priv; i++) priv = isChosen(vc, st, tree.cvars[k]![i]!);
  const u8 = priv ? buf.up : st.up[k]!;
  if (priv) privatePass(tree, k, vc, st.offset, buf.up, buf.next);
  buf.own = priv;
  if (u8 !== from.up && !add(tree.node[k]!, diff(u8, from.up, scratch(hc.length, u8.length)))) return false;
  for (let j = 0; j < ch.length; j++) {
    const m = msgUp[ch[j]!]!;
    if (!add(tree.downSep[ch[j]!]!, diff(m, from.childMsg[j]!, scratch(hc.length + 1 + j, m.length)))) return false;
  }
  // Nothing moved: the memo's figures hold as they are — unless a private pass is involved
  // (now or in the memo): equal cheapest costs below may come through other edges (argmins).
  if (!idx.length && memo && !priv && !memo.own) return 'same';
  gatherDeltas(tree, k, from.local, idx, deltas, buf.local, buf.msg);
  return 'made';
}

/** Whether x's value costs differ from the defaults-only ones (x is explicitly chosen). */
function isChosen(vc: Float64Array, st: TreeStatic, x: number): boolean {
  for (let i = st.offset[x]!; i < st.offset[x + 1]!; i++) if (vc[i] !== st.vc[i]) return true;
  return false;
}

/** The values of column col of cluster k's rows (made on first use and kept). */
function homeColumn(tree: ClusterTree, st: TreeStatic, k: number, col: number): Int32Array {
  const cols = (st.cols[k] ??= []);
  let out = cols[col];
  if (out) return out;
  const rows = tree.rows[k]!;
  const w = tree.vars[k]!.length;
  out = cols[col] = new Int32Array(tree.nTuples[k]!);
  for (let t = 0, r = col; t < out.length; t++, r += w) out[t] = rows[r]!;
  return out;
}

export function treeClick(tree: ClusterTree, sizes: number[], chosen: Int32Array, defaults: Int32Array): TreeClick {
  const n = sizes.length;
  const big = n + 1;
  const K = tree.vars.length;
  const st = treeStatic(tree, sizes, defaults);
  const offset = st.offset;
  const vc = valueCosts(sizes, offset, chosen, defaults, big);
  const wanted = new Uint8Array(K);
  const chosenVars: number[] = [];
  for (let x = 0; x < n; x++)
    if (chosen[x]! >= 0) {
      wanted[tree.home[x]!] = 1;
      chosenVars.push(x);
    }
  const below = wantedBelow(tree, wanted);
  // Early cutoff upward: a cluster whose subtree holds the same explicit choices as when its
  // figures were last computed keeps them (its weights and message depend on nothing else).
  const key = subtreeKeys(tree, chosen, below);
  const hit = new Uint8Array(K);
  // Clusters home to a choice get fresh weights; the others keep the defaults-only ones.
  const up: Float64Array[] = st.up.slice();
  const next: Int32Array[] = st.next.slice();
  const acc: Float64Array[] = st.acc.slice();
  const msgUp: Float64Array[] = st.msg.slice();
  for (let k = 0; k < K; k++) {
    if (!below[k]) continue;
    const memo = st.memo[k];
    if (memo && memo.key === key[k]) {
      hit[k] = 1;
      if (memo.own) {
        up[k] = memo.up;
        next[k] = memo.next;
      }
      acc[k] = memo.local;
      if (k > 0) msgUp[k] = memo.msg;
      continue;
    }
    const buf = (st.spare[k] ??= {
      key: '',
      up: new Float64Array(st.up[k]!.length),
      next: new Int32Array(st.next[k]!.length),
      own: false,
      local: new Float64Array(st.local[k]!.length),
      msg: new Float64Array(tree.nSep[k]!),
      childMsg: Array.from(tree.children[k]!, (c) => new Float64Array(tree.nSep[c]!)),
      homeCost: new Float64Array(st.rix[k]!.homeValue.length),
    });
    buf.key = key[k]!;
    buf.own = false;
    acc[k] = buf.local;
  }
  // Upward: only clusters with a choice in their subtree send a new message, unless kept
  // (children first: every child's message is final when its parent gathers). Their weights
  // are the defaults-only ones changed by what differs: their own choices' costs and the
  // messages of children with a choice below.
  for (let k = K - 1; k >= 0; k--) {
    if (!below[k] || hit[k]) continue;
    const buf = st.spare[k]!;
    const got = gatherChanges(tree, st, k, wanted[k] === 1, vc, msgUp, buf);
    if (got === 'same') {
      const memo = st.memo[k]!;
      memo.key = key[k]!;
      hit[k] = 1;
      if (memo.own) {
        up[k] = memo.up;
        next[k] = memo.next;
      }
      acc[k] = memo.local;
      msgUp[k] = memo.msg;
      continue;
    }
    if (!got) {
      if (wanted[k]) clusterLocal(tree, k, vc, offset, st.rix[k]!, buf);
      buf.own = wanted[k] === 1;
      gatherUp(tree, k, st.rix[k]!, wanted[k] ? buf.local : st.local[k]!, msgUp, buf.local, buf.msg);
    }
    tree.children[k]!.forEach((c, j) => buf.childMsg[j]!.set(msgUp[c]!));
    const hv = st.rix[k]!.homeValue;
    for (let h = 0; h < hv.length; h++) buf.homeCost[h] = vc[hv[h]!]!;
    if (buf.own) {
      up[k] = buf.up;
      next[k] = buf.next;
    }
    msgUp[k] = buf.msg;
  }
  // What was computed becomes the memo; the old memo is the next spare.
  for (let k = 0; k < K; k++) if (below[k] && !hit[k]) [st.memo[k], st.spare[k]] = [st.spare[k], st.memo[k]];
  let total = Infinity;
  for (const v of acc[0]!) if (v < total) total = v;
  const base = (st.base ??= baseline(tree, st, sizes));
  const pass = downward(
    tree,
    sizes,
    offset,
    { acc, msgUp, up, vc, rix: st.rix, childAt: st.childAt, below, base, last: st.last, key },
    st.bufs,
  );
  const { out, downMsg, childSide, parentSide, best, bestRow, bestEdge, bestFrom, down, parent, parentFrom, rowOf } = pass;
  const messages: Messages<number> = { acc, up: msgUp, down: downMsg, out, total };
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
    below,
    classes: { childSide, parentSide },
    clean: pass.clean,
    chosenVars,
    scratch: new Int32Array(n),
    pick: new Int32Array(K),
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

/** Per-cluster buffers of one downward pass (a click reuses one set per tree; the baseline has its own). */
interface PassBuffers {
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

function passBuffers(tree: ClusterTree): PassBuffers {
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
interface Pass {
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
type Baseline = Pass;

function baseline(tree: ClusterTree, st: TreeStatic, sizes: number[]): Baseline {
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

/**
 * The downward pass. Early cutoff: a cluster with no explicit choice in its subtree whose
 * downward message equals the defaults-only one up to a constant c (same infinite entries,
 * every finite entry + c) has every belief of its subtree equal to the defaults-only belief
 * + c — its weights and upward messages are the defaults-only ones — so the whole subtree is
 * taken from the baseline (beliefs, best rows, per-value costs + c, argmin links) without a
 * pass over its rows. Argmins do not move under a constant shift, so the walks that use them
 * (completion, conflicts) read the baseline's.
 *
 * The same holds against the last click: a cluster whose subtree holds the same explicit
 * choices as then and whose downward message moved by a constant has its whole subtree's
 * figures moved by that constant, so they are taken from where the last click's came from
 * (the baseline, or the buffers as last computed) without a pass over its rows.
 */
function downward(
  tree: ClusterTree,
  sizes: number[],
  offset: Int32Array,
  ctx: {
    acc: Float64Array[];
    msgUp: Float64Array[];
    up: Float64Array[];
    vc: Float64Array;
    rix: RowIndex[];
    childAt: Int32Array;
    below: Int32Array;
    base: Baseline | null;
    last: LastPass | null;
    key: string[] | null;
  },
  bufs: PassBuffers,
): Pass {
  const { acc, msgUp, up, vc, rix, childAt, below, base, last, key } = ctx;
  const K = tree.vars.length;
  const n = sizes.length;
  const clean = bufs.clean.fill(0);
  const shift = bufs.shift.fill(0);
  const out: Float64Array[] = new Array(K);
  const downMsg: Float64Array[] = new Array(K);
  const childSide: Int32Array[] = new Array(K);
  const take = (k: number, c: number) => {
    clean[k] = 1;
    shift[k] = c;
    out[k] = base!.out[k]!;
    downMsg[k] = base!.downMsg[k]!;
    childSide[k] = base!.childSide[k]!;
  };
  // Clusters taken from the last click, by how much their figures moved (NaN: not taken).
  const moved = new Float64Array(K).fill(NaN);
  const reused = new Uint8Array(K);
  const takeLast = (k: number, d: number) => {
    const c = last!.sh[k]! + d;
    moved[k] = d;
    if (!last!.fromBuf[k]) return take(k, c);
    reused[k] = 1;
    shift[k] = c;
    out[k] = bufs.out[k]!;
    downMsg[k] = bufs.downMsg[k]!;
    childSide[k] = bufs.childSide[k]!;
  };
  const best = new Float64Array(offset[n]!).fill(Infinity);
  const bestEdge = new Int32Array(offset[n]!).fill(-1);
  const bestFrom = new Int32Array(offset[n]!).fill(-1);
  const bestRow = new Int32Array(offset[n]!).fill(-1);
  for (let k = 0; k < K; k++) {
    if (k === 0) {
      if (base && !below[0]) {
        take(0, 0);
        continue;
      }
      // The root's downward message: one class, nothing above it.
      downMsg[0] = bufs.downMsg[0]!;
    } else {
      const p = tree.parent[k]!;
      if (moved[p] === moved[p]) {
        takeLast(k, moved[p]!);
        continue;
      }
      if (clean[p]) {
        take(k, shift[p]!);
        continue;
      }
      // The parent's pass found the least belief per class of k's separator and its first row
      // (mu is constant on a class, so taking it off per class gives the same minimum and row).
      const ns = tree.nSep[k]!;
      const m = last ? last.scratch.subarray(0, ns) : bufs.downMsg[k]!;
      const pix = rix[p]!;
      const lo = pix.chOff[childAt[k]!]!;
      const mins = pix.mins;
      const mu = msgUp[k]!;
      for (let c = 0; c < ns; c++) m[c] = mins[lo + c]! === Infinity ? Infinity : mins[lo + c]! - mu[c]!;
      bufs.ps[k]!.set(pix.args.subarray(lo, lo + ns));
      if (base && !below[k]) {
        const c = shiftOf(m, base.downMsg[k]!);
        if (c !== null) {
          take(k, c);
          continue;
        }
      }
      if (last && key![k] === last.key[k]) {
        const c = shiftOf(m, last.fromBuf[k] ? bufs.downMsg[k]! : base!.downMsg[k]!);
        if (c !== null) {
          takeLast(k, c - last.sh[k]!);
          continue;
        }
      }
      if (last) bufs.downMsg[k]!.set(m);
      downMsg[k] = bufs.downMsg[k]!;
    }
    // Beliefs, and with them the least belief and first row per own class (classBest's child
    // side), per home value, and per class of each child's separator (its downward message).
    const ix = rix[k]!;
    const o = (out[k] = bufs.out[k]!);
    spreadDown(ix, acc[k]!, downMsg[k]!, o);
    const cs = (childSide[k] = bufs.childSide[k]!);
    cs.set(ix.args.subarray(0, cs.length));
    const { hOff, homeValue, mins, args } = ix;
    for (let h = 0; h < homeValue.length; h++) {
      best[homeValue[h]!] = mins[hOff + h]!;
      bestRow[homeValue[h]!] = args[hOff + h]!;
    }
  }
  const down: Float64Array[] = [];
  const parent: Int32Array[] = [];
  const parentFrom: Int32Array[] = [];
  const rowOf: Int32Array[] = [];
  for (let k = 0; k < K; k++) {
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    const s = tree.split[k]!;
    if (clean[k]) {
      const c = shift[k]!;
      for (const col of tree.homeCols[k]!) {
        const bo = offset[cv[col]!]!;
        for (let d = 0; d < sizes[cv[col]!]!; d++) {
          best[bo + d] = base!.best[bo + d]! + c;
          bestRow[bo + d] = base!.bestRow[bo + d]!;
        }
      }
      for (let i = s; i < cv.length; i++) {
        const bo = offset[cv[i]!]!;
        for (let d = 0; d < sizes[cv[i]!]!; d++) {
          best[bo + d] = base!.best[bo + d]! + c;
          bestEdge[bo + d] = base!.bestEdge[bo + d]!;
          bestFrom[bo + d] = base!.bestFrom[bo + d]!;
        }
      }
      down.push(base!.down[k]!);
      parent.push(base!.parent[k]!);
      parentFrom.push(base!.parentFrom[k]!);
      rowOf.push(base!.rowOf[k]!);
      if (last) {
        last.fromBuf[k] = 0;
        last.sh[k] = c;
      }
      continue;
    }
    if (reused[k]) {
      const c = shift[k]!;
      const lb = last!;
      for (const col of tree.homeCols[k]!) {
        const bo = offset[cv[col]!]!;
        for (let d = 0; d < sizes[cv[col]!]!; d++) {
          best[bo + d] = lb.best[bo + d]! + c;
          bestRow[bo + d] = lb.bestRow[bo + d]!;
        }
      }
      for (let i = s; i < cv.length; i++) {
        const bo = offset[cv[i]!]!;
        for (let d = 0; d < sizes[cv[i]!]!; d++) {
          best[bo + d] = lb.best[bo + d]! + c;
          bestEdge[bo + d] = lb.bestEdge[bo + d]!;
          bestFrom[bo + d] = lb.bestFrom[bo + d]!;
        }
      }
      down.push(bufs.dn[k]!);
      parent.push(bufs.pa[k]!);
      parentFrom.push(bufs.pf[k]!);
      rowOf.push(bufs.ro[k]!);
      lb.sh[k] = c;
      continue;
    }
    const o = out[k]!;
    const dn = bufs.dn[k]!.fill(Infinity);
    const pa = bufs.pa[k]!;
    const pf = bufs.pf[k]!;
    const ro = bufs.ro[k]!.fill(-1);
    const u8 = up[k]!;
    const node = tree.node[k]!;
    // Without private attributes every row ends in the terminal: nothing below to walk.
    if (s < cv.length)
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
          const c = du + vc[bo + d]!;
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
    if (last) {
      last.fromBuf[k] = 1;
      last.sh[k] = 0;
      const keep = (bo: number, size: number) => {
        last.best.set(best.subarray(bo, bo + size), bo);
        last.bestRow.set(bestRow.subarray(bo, bo + size), bo);
        last.bestEdge.set(bestEdge.subarray(bo, bo + size), bo);
        last.bestFrom.set(bestFrom.subarray(bo, bo + size), bo);
      };
      for (const col of tree.homeCols[k]!) keep(offset[cv[col]!]!, sizes[cv[col]!]!);
      for (let i = s; i < cv.length; i++) keep(offset[cv[i]!]!, sizes[cv[i]!]!);
    }
  }
  if (last) last.key = key!.slice();
  // A parent taken from the baseline has the baseline's best rows; any other parent's were
  // found with this child's downward message, in this pass or when the parent was last computed.
  const parentSide: Int32Array[] = [new Int32Array(1)];
  for (let k = 1; k < K; k++) parentSide.push(clean[tree.parent[k]!] ? base!.parentSide[k]! : bufs.ps[k]!);
  return { out, downMsg, childSide, parentSide, best, bestRow, bestEdge, bestFrom, down, parent, parentFrom, rowOf, clean };
}

/** c when message a is message b + c (same infinite entries, every finite entry + c; 0 when all are infinite), else null. */
function shiftOf(a: Float64Array, b: Float64Array): number | null {
  let c = NaN;
  for (let s = 0; s < a.length; s++) {
    const x = a[s]!;
    const y = b[s]!;
    if (x === Infinity || y === Infinity) {
      if (x !== y) return null;
    } else if (c !== c) c = x - y;
    else if (x - y !== c) return null;
  }
  return c === c ? c : 0;
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
  for (const y of click.chosenVars) if (y !== x && values[y] !== chosen[y]) changes.push(y, values[y]!);
  return changes;
}
