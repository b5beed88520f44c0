import type { ClusterTree } from './compileTree.js';

/**
 * The per-row work of a tree click, one pass over a cluster's rows per direction. A cluster's
 * weights are its rows' own costs plus each child's upward message at the row's class of that
 * child's separator, and its upward message is their least value per class of its own
 * separator; downward, each row's belief feeds the least belief (and its first row) per own
 * class, per home value and per class of each child's separator. Done as one loop per
 * quantity, wide 300's largest cluster (314,880 rows, 6 home columns, 4 children) was read
 * about ten times per click; here every row's slots in all those groupings sit side by side
 * in one row-major index, and both directions read it once.
 */
export interface RowIndex {
  /** Children of the cluster (slots per row in `up`), and the child's position among its parent's children. */
  nc: number;
  /** Per row, per child j: cOff[j] + the row's class in child j's separator. */
  up: Int32Array;
  cOff: Int32Array;
  /** Scratch: the children's upward messages side by side (child j's at cOff[j]). */
  flat: Float64Array;
  /** Slots per row in `down`: its own class, its home values, its class per child. */
  g: number;
  down: Int32Array;
  /** Where the home values' slots start (after the own classes). */
  hOff: number;
  /** Per home slot (from hOff), the flat value index offset[x] + d. */
  homeValue: Int32Array;
  /** Per child j, where its classes' slots start. */
  chOff: Int32Array;
  /** The least belief per slot and its first row (`argInit` before a pass: a class's first row, -1 for a home value). */
  mins: Float64Array;
  args: Int32Array;
  argInit: Int32Array;
}

/** The row index of cluster k (offset: per variable, where its values start in the flat per-value arrays). */
export function rowIndex(tree: ClusterTree, k: number, sizes: number[], offset: Int32Array): RowIndex {
  const n = tree.nTuples[k]!;
  const vars = tree.vars[k]!;
  const w = vars.length;
  const rows = tree.rows[k]!;
  const hc = tree.homeCols[k]!;
  const ch = tree.children[k]!;
  const nc = ch.length;
  const cOff = new Int32Array(nc + 1);
  for (let j = 0; j < nc; j++) cOff[j + 1] = cOff[j]! + tree.nSep[ch[j]!]!;
  const up = new Int32Array(n * nc);
  for (let j = 0; j < nc; j++) {
    const ds = tree.downSep[ch[j]!]!;
    for (let t = 0; t < n; t++) up[t * nc + j] = cOff[j]! + ds[t]!;
  }
  const hOff = tree.nSep[k]!;
  const hStart = new Int32Array(hc.length + 1);
  for (let j = 0; j < hc.length; j++) hStart[j + 1] = hStart[j]! + sizes[vars[hc[j]!]!]!;
  const homeValue = new Int32Array(hStart[hc.length]!);
  for (let j = 0; j < hc.length; j++)
    for (let d = 0; d < sizes[vars[hc[j]!]!]!; d++) homeValue[hStart[j]! + d] = offset[vars[hc[j]!]!]! + d;
  const chOff = new Int32Array(nc);
  let slots = hOff + homeValue.length;
  for (let j = 0; j < nc; j++) {
    chOff[j] = slots;
    slots += tree.nSep[ch[j]!]!;
  }
  const g = 1 + hc.length + nc;
  const down = new Int32Array(n * g);
  const us = tree.upSep[k]!;
  for (let t = 0, r = 0; t < n; t++) {
    down[r++] = us[t]!;
    for (let j = 0; j < hc.length; j++) down[r++] = hOff + hStart[j]! + rows[t * w + hc[j]!]!;
    for (let j = 0; j < nc; j++) down[r++] = chOff[j]! + tree.downSep[ch[j]!]![t]!;
  }
  const argInit = new Int32Array(slots).fill(-1);
  for (let t = n - 1, r = (n - 1) * g; t >= 0; t--, r -= g) {
    argInit[down[r]!] = t;
    for (let j = 1 + hc.length; j < g; j++) argInit[down[r + j]!] = t;
  }
  return {
    nc,
    up,
    cOff,
    flat: new Float64Array(cOff[nc]!),
    g,
    down,
    hOff,
    homeValue,
    chOff,
    mins: new Float64Array(slots),
    args: new Int32Array(slots),
    argInit,
  };
}

/**
 * Cluster k's weights (acc[t] = local[t] + each child's upward message at the row's class)
 * and its upward message (the least weight per class, into msg: nSep[k] entries), in one
 * pass. acc may be local itself.
 */
export function gatherUp(
  tree: ClusterTree,
  k: number,
  ix: RowIndex,
  local: Float64Array,
  msgUp: Float64Array[],
  acc: Float64Array,
  msg: Float64Array,
): void {
  const { nc, up, cOff, flat } = ix;
  const ch = tree.children[k]!;
  for (let j = 0; j < nc; j++) flat.set(msgUp[ch[j]!]!, cOff[j]!);
  const us = tree.upSep[k]!;
  msg.fill(Infinity);
  for (let t = 0, r = 0; t < local.length; t++) {
    let v = local[t]!;
    for (let j = 0; j < nc; j++) v += flat[up[r++]!]!;
    acc[t] = v;
    const c = us[t]!;
    if (v < msg[c]!) msg[c] = v;
  }
}

/**
 * Beliefs o[t] = a[t] + dm[the row's own class] and, in the same pass, per slot of the row
 * index the least belief and its first row (ix.mins, ix.args).
 */
export function spreadDown(ix: RowIndex, a: Float64Array, dm: Float64Array, o: Float64Array): void {
  const { g, down, mins, args } = ix;
  mins.fill(Infinity);
  args.set(ix.argInit);
  for (let t = 0, r = 0; t < a.length; t++) {
    const v = a[t]! + dm[down[r]!]!;
    o[t] = v;
    for (let j = 0; j < g; j++, r++) {
      const i = down[r]!;
      if (v < mins[i]!) {
        mins[i] = v;
        args[i] = t;
      }
    }
  }
}

/**
 * Cluster k's weights as a change from a known set: acc[t] = base[t] + Σ_i deltas[i][idx[i][t]]
 * (one column of per-row indices per change: a chosen home attribute's values, a changed
 * child's separator classes), and its upward message (the least weight per class, into msg).
 * One pass per change, reading one index column each instead of every slot of the row.
 */
export function gatherDeltas(
  tree: ClusterTree,
  k: number,
  base: Float64Array,
  idx: Int32Array[],
  deltas: Float64Array[],
  acc: Float64Array,
  msg: Float64Array,
): void {
  const us = tree.upSep[k]!;
  const q = idx.length;
  if (!q) acc.set(base);
  for (let i = 0; i < q - 1; i++) {
    const from = i ? acc : base;
    const ix = idx[i]!;
    const d = deltas[i]!;
    for (let t = 0; t < acc.length; t++) acc[t] = from[t]! + d[ix[t]!]!;
  }
  msg.fill(Infinity);
  const from = q > 1 ? acc : base;
  const ix = q ? idx[q - 1]! : null;
  const d = q ? deltas[q - 1]! : null;
  for (let t = 0; t < acc.length; t++) {
    const v = ix ? from[t]! + d![ix[t]!]! : acc[t]!;
    acc[t] = v;
    const c = us[t]!;
    if (v < msg[c]!) msg[c] = v;
  }
}
