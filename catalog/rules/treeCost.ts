import { clusterLocal, valueCosts } from './clusterLocal.js';
import type { ClusterTree } from './compileTree.js';
import { downward } from './downward.js';
import { gatherChanges } from './gatherChanges.js';
import { gatherUp } from './rowPasses.js';
import { wantedBelow, type Messages } from './semiring.js';
import { walkOut, type TreeClick } from './treeChanges.js';
import { baseline, subtreeKeys, treeStatic } from './treeStatic.js';

export { valueOffsets } from './clusterLocal.js';
export { treeChanges, type TreeClick } from './treeChanges.js';

export function treeClick(tree: ClusterTree, sizes: number[], chosen: Int32Array, defaults: Int32Array): TreeClick {
  const n = sizes.length;
  const big = n + 1;
  const K = tree.vars.length;
  const st = treeStatic(tree, sizes, defaults);
  const offset = st.offset;
  const vc = valueCosts(sizes, offset, chosen, defaults, big);
  const wanted = new Uint8Array(K);
  const chosenVars: number[] = [];
  const privateHomes: number[] = [];
  for (let x = 0; x < n; x++)
    if (chosen[x]! >= 0) {
      wanted[tree.home[x]!] = 1;
      chosenVars.push(x);
      if (tree.homePos[x]! < 0 && !privateHomes.includes(tree.home[x]!)) privateHomes.push(tree.home[x]!);
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
      if (wanted[k]) clusterLocal(tree, k, vc, offset, buf);
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
    privateHomes,
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
