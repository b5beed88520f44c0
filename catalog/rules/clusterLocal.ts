import type { ClusterTree } from './compileTree.js';

/** Per variable, where its values start in the flattened per-value arrays (offset[x] + d). */
export function valueOffsets(sizes: number[]): Int32Array {
  const offset = new Int32Array(sizes.length + 1);
  sizes.forEach((s, x) => (offset[x + 1] = offset[x]! + s));
  return offset;
}

/** Per-variable costs of one click, flattened per value: 1 away from the default, + big away from an explicit choice. */
export function valueCosts(
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
export function privatePass(
  tree: ClusterTree,
  k: number,
  vc: Float64Array,
  offset: Int32Array,
  u8: Float64Array,
  nx: Int32Array,
): void {
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
export function clusterLocal(
  tree: ClusterTree,
  k: number,
  vc: Float64Array,
  offset: Int32Array,
  into?: { up: Float64Array; next: Int32Array; local: Float64Array },
): { up: Float64Array; next: Int32Array; local: Float64Array } {
  const nNodes = tree.sub[k]!.layerStart[tree.cvars[k]!.length + 1]!;
  const u8 = into ? into.up : new Float64Array(nNodes);
  const nx = into ? into.next : new Int32Array(nNodes);
  privatePass(tree, k, vc, offset, u8, nx);
  const node = tree.node[k]!;
  const l = into ? into.local : new Float64Array(node.length);
  // One pass over the rows, all home columns at once.
  const hc = tree.homeCols[k]!;
  const vars = tree.vars[k]!;
  const w = vars.length;
  const rows = tree.rows[k]!;
  const hb = Int32Array.from(hc, (c) => offset[vars[c]!]!);
  for (let t = 0, r = 0; t < l.length; t++, r += w) {
    let s = u8[node[t]!]!;
    for (let j = 0; j < hc.length; j++) s += vc[hb[j]! + rows[r + hc[j]!]!]!;
    l[t] = s;
  }
  return { up: u8, next: nx, local: l };
}
