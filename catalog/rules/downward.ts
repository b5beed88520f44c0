import type { ClusterTree } from './compileTree.js';
import type { Baseline, LastPass, Pass, PassBuffers } from './passBuffers.js';
import { spreadDown, type RowIndex } from './rowPasses.js';

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
export function downward(
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
