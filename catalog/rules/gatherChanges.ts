import { privatePass } from './clusterLocal.js';
import type { ClusterTree } from './compileTree.js';
import { gatherDeltas } from './rowPasses.js';
import type { TreeStatic, UpMemo } from './treeStatic.js';

/**
 * Cluster k's weights and upward message (into buf) as known figures plus what changed since:
 * per home column whose value costs moved, the change on that column of rows; when its
 * private pass differs (a private attribute chosen now or then), the change of each row's
 * cheapest completion below; per child whose message moved, the change on that child's
 * classes. The known figures are those it last computed (its memo) or the defaults-only
 * ones, whichever differs in fewer columns: the first click after a reset is one choice from
 * the defaults but many from the memo. Usually one or two columns of rows are read instead
 * of every slot. 'same' when nothing moved since the memo (it holds for the new choices
 * too); false (nothing usable written) when a change is not finite (∞ on one side only) from
 * both, where the full gather must be made.
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
  const hc = tree.homeCols[k]!;
  // The private pass: own when a private attribute of k is chosen, else the defaults-only one.
  let priv = false;
  if (wanted) for (let i = tree.split[k]!; i < tree.cvars[k]!.length && !priv; i++) priv = isChosen(vc, st, tree.cvars[k]![i]!);
  const u8 = priv ? buf.up : st.up[k]!;
  if (priv) privatePass(tree, k, vc, st.offset, buf.up, buf.next);
  buf.own = priv;
  // From the memo, or from the defaults-only figures when fewer columns differ from those
  // (the first click after a reset is one choice away from them, not from the memo).
  const kinds = hc.length + 1 + ch.length; // scratch arrays per source (see changesFrom)
  const fromStatic: Source = {
    local: st.acc[k]!,
    up: st.up[k]!,
    childMsg: Array.from(ch, (c) => st.msg[c]!),
    homeCost: (st.homeCost[k] ??= Float64Array.from(st.rix[k]!.homeValue, (i) => st.vc[i]!)),
  };
  const a = memo ? changesFrom(tree, st, k, vc, msgUp, u8, { ...memo, up: memo.own ? memo.up : st.up[k]! }, 0) : null;
  const b = !a || a.idx.length > 1 ? changesFrom(tree, st, k, vc, msgUp, u8, fromStatic, kinds) : null;
  const use = a && (!b || a.idx.length <= b.idx.length) ? a : b;
  if (!use) return false;
  // Nothing moved: the memo's figures hold as they are — unless a private pass is involved
  // (now or in the memo): equal cheapest costs below may come through other edges (argmins).
  if (use === a && !a.idx.length && !priv && !memo!.own) return 'same';
  gatherDeltas(tree, k, use.from.local, use.idx, use.deltas, buf.local, buf.msg);
  return 'made';
}

/** What a cluster's weights were computed from (see UpMemo). */
interface Source {
  local: Float64Array;
  up: Float64Array;
  childMsg: Float64Array[];
  homeCost: Float64Array;
}

/**
 * The changes from `from` to the click's figures, one per column that moved (a home
 * column's value costs, the private pass per row node, a child's upward message per class);
 * null when one is not finite. Scratch arrays per cluster from `slot0` on (reused by every click).
 */
function changesFrom(
  tree: ClusterTree,
  st: TreeStatic,
  k: number,
  vc: Float64Array,
  msgUp: Float64Array[],
  u8: Float64Array,
  from: Source,
  slot0: number,
): { from: Source; idx: Int32Array[]; deltas: Float64Array[] } | null {
  const ch = tree.children[k]!;
  const idx: Int32Array[] = [];
  const deltas: Float64Array[] = [];
  const pool = (st.deltas[k] ??= []);
  /** Keeps the change from b to a (b[bo..] to a[ao..], `size` entries) on the rows' column ix unless it is all 0; false when it is not finite. */
  const add = (ix: Int32Array, slot: number, a: Float64Array, b: Float64Array, size: number, ao = 0, bo = 0): boolean => {
    let i = 0;
    while (i < size && a[ao + i] === b[bo + i]) i++;
    if (i === size) return true;
    let d = pool[slot0 + slot];
    if (!d || d.length !== size) d = pool[slot0 + slot] = new Float64Array(size);
    d.fill(0, 0, i);
    for (; i < size; i++) {
      const x = a[ao + i]!;
      const y = b[bo + i]!;
      if (x === y) d[i] = 0;
      else {
        const v = x - y;
        // ∞ on one side only (∞ on both is equal above).
        if (v === Infinity || v === -Infinity || v !== v) return false;
        d[i] = v;
      }
    }
    idx.push(ix);
    deltas.push(d);
    return true;
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
    if (!same && !add(homeColumn(tree, st, k, hc[j]!), j, vc, from.homeCost, size, st.offset[x]!, h)) return null;
    h += size;
  }
  if (u8 !== from.up && !add(tree.node[k]!, hc.length, u8, from.up, u8.length)) return null;
  for (let j = 0; j < ch.length; j++) {
    const m = msgUp[ch[j]!]!;
    const f = from.childMsg[j]!;
    if (m !== f && !add(tree.downSep[ch[j]!]!, hc.length + 1 + j, m, f, m.length)) return null;
  }
  return { from, idx, deltas };
}

/** Whether x's value costs differ from the defaults-only ones (x is explicitly chosen). */
function isChosen(vc: Float64Array, st: TreeStatic, x: number): boolean {
  for (let i = st.offset[x]!; i < st.offset[x + 1]!; i++) if (vc[i] !== st.vc[i]) return true;
  return false;
}

/**
 * The values of home column col of cluster k's rows. Made on first use and kept, every home
 * column of k in one pass over its rows (wide 300's largest cluster: 6 columns, 314,880
 * rows; one at a time, a first choice there cost a click up to 5 ms more).
 */
function homeColumn(tree: ClusterTree, st: TreeStatic, k: number, col: number): Int32Array {
  let cols = st.cols[k];
  if (!cols) {
    const rows = tree.rows[k]!;
    const w = tree.vars[k]!.length;
    const hc = tree.homeCols[k]!;
    const n = tree.nTuples[k]!;
    const made = Array.from(hc, () => new Int32Array(n));
    for (let t = 0, r = 0; t < n; t++, r += w) for (let j = 0; j < hc.length; j++) made[j]![t] = rows[r + hc[j]!]!;
    cols = st.cols[k] = [];
    hc.forEach((c, j) => (cols![c] = made[j]!));
  }
  return cols[col]!;
}
