import type { ClusterTree } from './compileTree.js';

/**
 * The per-row work of a tree click, one pass over a cluster's rows per direction. A cluster's
 * weights are its rows' own costs plus each child's upward message at the row's class of that
 * child's separator, and its upward message is their least value per class of its own
 * separator; downward, each row's belief feeds the least belief (and its first row) per own
 * class, per home value and per class of each child's separator. Done as one loop per
 * quantity, wide 300's largest cluster (314,880 rows, 6 home columns, 4 children) was read
 * about ten times per click; here every row's slots in those groupings sit side by side in
 * one row-major index, and both directions read it once. Downward, a grouping keyed by a
 * subset of another's attributes is not read per row but folded from that one's minima.
 */
export interface RowIndex {
  /** Children of the cluster (slots per row in `up`), and the child's position among its parent's children. */
  nc: number;
  /** Per row, per child j: cOff[j] + the row's class in child j's separator. */
  up: Int32Array;
  cOff: Int32Array;
  /** Scratch: the children's upward messages side by side (child j's at cOff[j]). */
  flat: Float64Array;
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
  /**
   * A row's slots are its own class, its home values and its class per child (the columns).
   * The row loop of spreadDown reads g slots per row (`down`, rows × g): those of the columns
   * that are no function of another. The other columns' slots are found after it from a
   * source column's minima: per source column its slots [lo, hi), and per source slot and
   * derived column (m of them) the derived slot (-1 for a class no row here has).
   */
  g: number;
  down: Int32Array;
  derived: { lo: number; hi: number; m: number; map: Int32Array }[];
  /** Per row, its own class (the cluster's upSep). */
  own: Int32Array;
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
  const us = tree.upSep[k]!;
  /** Row t's slot in column j (0: its own class, then the home columns, then the children). */
  const slotAt = (j: number, t: number): number =>
    j === 0
      ? us[t]!
      : j <= hc.length
        ? hOff + hStart[j - 1]! + rows[t * w + hc[j - 1]!]!
        : chOff[j - 1 - hc.length]! + tree.downSep[ch[j - 1 - hc.length]!]![t]!;
  /** Every row's slot in column j, into `into` (the own classes are the cluster's upSep). */
  const column = (j: number, into: Int32Array): Int32Array => {
    if (j === 0) return us;
    if (j <= hc.length) {
      const c = hc[j - 1]!;
      const at = hOff + hStart[j - 1]!;
      for (let t = 0, r = c; t < n; t++, r += w) into[t] = at + rows[r]!;
    } else {
      const ds = tree.downSep[ch[j - 1 - hc.length]!]!;
      const at = chOff[j - 1 - hc.length]!;
      for (let t = 0; t < n; t++) into[t] = at + ds[t]!;
    }
    return into;
  };
  const col = new Int32Array(n);
  // Columns of the row's slots: its own class, each home column, each child's class, by the
  // attributes that key them. A column keyed by a subset of another's attributes is a function
  // of that one's class: its least belief per slot is the least over that column's minima.
  // (Wide 300's largest cluster: its 6 home columns and two small children are functions of
  // the 29,760 classes of one child's separator, so a row updates 3 slots instead of 11.)
  const sepAttrs = (a: Int32Array, b: Int32Array) => [...a].filter((x) => b.includes(x));
  const colAttrs: number[][] = [k ? sepAttrs(vars, tree.vars[tree.parent[k]!]!) : []];
  const colLo: number[] = [0];
  const colHi: number[] = [hOff];
  for (let j = 0; j < hc.length; j++) {
    colAttrs.push([vars[hc[j]!]!]);
    colLo.push(hOff + hStart[j]!);
    colHi.push(hOff + hStart[j + 1]!);
  }
  for (let j = 0; j < nc; j++) {
    colAttrs.push(sepAttrs(tree.vars[ch[j]!]!, vars));
    colLo.push(chOff[j]!);
    colHi.push(chOff[j]! + tree.nSep[ch[j]!]!);
  }
  const within = (a: number[], b: number[]) => a.every((x) => b.includes(x));
  const finer = (J: number, j: number) =>
    J !== j && within(colAttrs[j]!, colAttrs[J]!) && (!within(colAttrs[J]!, colAttrs[j]!) || J < j);
  const roots: number[] = [];
  for (let j = 0; j < g; j++) if (!colAttrs.some((_, J) => finer(J, j))) roots.push(j);
  // Derived from the root column with the fewest slots whose attributes hold its own, when
  // that has at most half as many slots as the cluster has rows (else the row loop is cheaper).
  const srcOf = new Int32Array(g).fill(-1);
  for (let j = 0; j < g; j++) {
    if (roots.includes(j)) continue;
    for (const J of roots)
      if (within(colAttrs[j]!, colAttrs[J]!) && 2 * (colHi[J]! - colLo[J]!) <= n)
        if (srcOf[j]! < 0 || colHi[J]! - colLo[J]! < colHi[srcOf[j]!]! - colLo[srcOf[j]!]!) srcOf[j] = J;
  }
  const rowCols = [...srcOf.keys()].filter((j) => srcOf[j]! < 0);
  const g2 = rowCols.length;
  const down = new Int32Array(n * g2);
  rowCols.forEach((j, i) => {
    const c = column(j, col);
    for (let t = 0, r = i; t < n; t++, r += g2) down[r] = c[t]!;
  });
  // A class slot's first row (own class and children; home value slots -1).
  const argInit = new Int32Array(slots).fill(-1);
  for (let j = 0; j < g; j++) {
    if (j >= 1 && j <= hc.length) continue;
    const c = column(j, col);
    for (let t = n - 1; t >= 0; t--) argInit[c[t]!] = t;
  }
  const derived: RowIndex['derived'] = [];
  for (const J of new Set(srcOf)) {
    if (J < 0) continue;
    const cols = [...srcOf.keys()].filter((j) => srcOf[j] === J);
    const lo = colLo[J]!;
    const m = cols.length;
    const map = new Int32Array((colHi[J]! - lo) * m).fill(-1);
    // One row per source slot (every row of it has the same derived slots).
    const rep = new Int32Array(colHi[J]! - lo).fill(-1);
    const c = column(J, col);
    for (let t = 0; t < n; t++) rep[c[t]! - lo] = t;
    rep.forEach((t, s) => {
      if (t >= 0) cols.forEach((j, i) => (map[s * m + i] = slotAt(j, t)));
    });
    derived.push({ lo, hi: colHi[J]!, m, map });
  }
  return {
    nc,
    up,
    cOff,
    flat: new Float64Array(cOff[nc]!),
    hOff,
    homeValue,
    chOff,
    mins: new Float64Array(slots),
    args: new Int32Array(slots),
    argInit,
    g: g2,
    down,
    derived,
    own: us,
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
 * index the least belief and its first row (ix.mins, ix.args): the row loop reads the root
 * columns' slots, the derived columns' minima are then folded from their source column's.
 */
export function spreadDown(ix: RowIndex, a: Float64Array, dm: Float64Array, o: Float64Array): void {
  const { g, down, own, mins, args } = ix;
  mins.fill(Infinity);
  args.set(ix.argInit);
  if (g === 3)
    for (let t = 0, r = 0; t < a.length; t++, r += 3) {
      const v = a[t]! + dm[own[t]!]!;
      o[t] = v;
      const i0 = down[r]!;
      const i1 = down[r + 1]!;
      const i2 = down[r + 2]!;
      if (v < mins[i0]!) {
        mins[i0] = v;
        args[i0] = t;
      }
      if (v < mins[i1]!) {
        mins[i1] = v;
        args[i1] = t;
      }
      if (v < mins[i2]!) {
        mins[i2] = v;
        args[i2] = t;
      }
    }
  else
    for (let t = 0, r = 0; t < a.length; t++) {
      const v = a[t]! + dm[own[t]!]!;
      o[t] = v;
      for (let j = 0; j < g; j++, r++) {
        const i = down[r]!;
        if (v < mins[i]!) {
          mins[i] = v;
          args[i] = t;
        }
      }
    }
  // The other columns from their source column's minima (ties: the first row, as in the row
  // loop; a slot without a finite row keeps its first row, as there).
  for (const { lo, hi, m, map } of ix.derived)
    for (let s = lo, r = 0; s < hi; s++, r += m) {
      const v = mins[s]!;
      if (v === Infinity) continue;
      const t = args[s]!;
      for (let q = r; q < r + m; q++) {
        const i = map[q]!;
        if (i < 0) continue;
        const mi = mins[i]!;
        if (v < mi || (v === mi && t < args[i]!)) {
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
