import { compileMdd, type Mdd } from './compileMdd.js';
import type { RuleTable } from './ruleTables.js';
import { variableOrder } from './variableOrder.js';

/** Largest table of interface tuples a single cluster may hold. */
export const MAX_TUPLES = 3_000_000;

/**
 * One cluster compiled: an MDD of its variables' combinations allowed by the rules inside it
 * (and the projections of those reaching into it), ordered interface variables first (those
 * shared with other clusters), then private ones. The interface part is enumerated into a
 * table (one row per interface combination, ending in a node of layer `split`); the private
 * part stays a decision diagram below those nodes, so a cluster whose rules leave millions
 * of combinations among variables nobody else sees stays small.
 */
export interface Cluster {
  /** Cluster variables in MDD layer order: the `split` interface variables, then the private ones. */
  vars: Int32Array;
  split: number;
  mdd: Mdd;
  /** Interface rows (nTuples × split). */
  rows: Int32Array;
  /** Per row, the MDD node of layer `split` it leads to (the private part's root for that row). */
  node: Int32Array;
}

/**
 * Compile one cluster. With `maxRows`, a cluster whose interface would have more rows is not
 * enumerated: the number of rows is returned instead (the caller merges it with a neighbour).
 */
export function compileCluster(
  sizes: number[],
  tables: RuleTable[],
  tablesAt: number[][],
  vars: number[],
  shared: (x: number) => boolean,
): Cluster;
export function compileCluster(
  sizes: number[],
  tables: RuleTable[],
  tablesAt: number[][],
  vars: number[],
  shared: (x: number) => boolean,
  maxRows: number,
  maxNodes?: number,
): Cluster | { tooMany: number };
export function compileCluster(
  sizes: number[],
  tables: RuleTable[],
  tablesAt: number[][],
  vars: number[],
  shared: (x: number) => boolean,
  maxRows?: number,
  maxNodes?: number,
): Cluster | { tooMany: number } {
  const iface = vars.filter(shared);
  const priv = vars.filter((x) => !shared(x));
  const all = [...iface, ...priv];
  const local = new Map<number, number>();
  all.forEach((x, i) => local.set(x, i));
  const seen = new Set<number>();
  const projected: RuleTable[] = [];
  for (const x of all)
    for (const ti of tablesAt[x]!) {
      if (seen.has(ti)) continue;
      seen.add(ti);
      projected.push(project(tables[ti]!, local));
    }
  // Private variables in the order the MDD heuristics prefer (among themselves).
  const privOrder = variableOrder(all.length, projected).filter((i) => i >= iface.length);
  const order = [...iface.map((_, i) => i), ...privOrder];
  const ordered = order.map((i) => all[i]!);
  // Renumber so that local index = layer.
  const relabel = new Map<number, number>();
  order.forEach((i, layer) => relabel.set(i, layer));
  const tablesLocal = projected.map((t) => ({ ...t, scope: t.scope.map((i) => relabel.get(i)!) }));
  const localSizes = ordered.map((x) => sizes[x]!);
  const mdd = compileMdd(
    localSizes,
    tablesLocal,
    ordered.map((_, i) => i),
    maxNodes,
  );
  const count = topPaths(mdd, iface.length);
  if (maxRows !== undefined && (count > maxRows || count > MAX_TUPLES)) return { tooMany: count };
  if (count > MAX_TUPLES) {
    throw new Error(
      `a cluster of ${iface.length} shared attributes has ${count.toExponential(1)} valid combinations (more than ${MAX_TUPLES})`,
    );
  }
  const { rows, node } = enumerateTop(mdd, iface.length, count);
  return { vars: Int32Array.from(ordered), split: iface.length, mdd, rows, node };
}

/** A table restricted to the variables of a cluster (columns outside dropped, repeated columns merged, rows deduplicated). */
function project(t: RuleTable, local: Map<number, number>): RuleTable {
  const width = t.scope.length;
  const scope: number[] = [];
  const colOf = t.scope.map((x) => {
    const l = local.get(x);
    if (l === undefined) return -1;
    let c = scope.indexOf(l);
    if (c < 0) c = scope.push(l) - 1;
    return c;
  });
  const out: number[] = [];
  const keys = new Set<string>();
  const row = new Int32Array(scope.length);
  outer: for (let r = 0; r < t.nRows; r++) {
    row.fill(-1);
    for (let k = 0; k < width; k++) {
      const c = colOf[k]!;
      const v = t.rows[r * width + k]!;
      if (c < 0 || v === -1) continue;
      if (row[c] !== -1 && row[c] !== v) continue outer;
      row[c] = v;
    }
    const key = row.join(',');
    if (keys.has(key)) continue;
    keys.add(key);
    for (const v of row) out.push(v);
  }
  return { rule: t.rule, scope, rows: Int32Array.from(out), nRows: keys.size };
}

/** How many paths cross the first `split` layers of an MDD (the rows its interface table would have). */
function topPaths(m: Mdd, split: number): number {
  if (m.empty) return 0;
  const paths = new Float64Array(m.layerStart[split + 1]!);
  paths[0] = 1;
  for (let u = 0; u < m.layerStart[split]!; u++)
    for (let e = m.edgeStart[u]!; e < m.edgeStart[u + 1]!; e++) paths[m.edgeTo[e]!] = paths[m.edgeTo[e]!]! + paths[u]!;
  let count = 0;
  for (let u = m.layerStart[split]!; u < m.layerStart[split + 1]!; u++) count += paths[u]!;
  return count;
}

/** Every path through the first `split` layers of an MDD over local variables (layer i = variable i), with the node it reaches. */
function enumerateTop(m: Mdd, split: number, count: number): { rows: Int32Array; node: Int32Array } {
  if (m.empty) return { rows: new Int32Array(0), node: new Int32Array(0) };
  const rows = new Int32Array(count * split);
  const node = new Int32Array(count);
  const row = new Int32Array(split);
  let w = 0;
  const walk = (u: number, i: number) => {
    if (i === split) {
      rows.set(row, w * split);
      node[w++] = u;
      return;
    }
    for (let e = m.edgeStart[u]!; e < m.edgeStart[u + 1]!; e++) {
      row[i] = m.edgeVal[e]!;
      walk(m.edgeTo[e]!, i + 1);
    }
  };
  walk(0, 0);
  return { rows, node };
}
