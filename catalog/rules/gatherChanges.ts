import { privatePass } from './clusterLocal.js';
import type { ClusterTree } from './compileTree.js';
import { gatherDeltas } from './rowPasses.js';
import type { TreeStatic, UpMemo } from './treeStatic.js';

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
export function gatherChanges(
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
