import type { Product } from '../schema/product.js';
import { ruleTables, type RuleTable } from './ruleTables.js';
import { buildSpace } from './space.js';
import { ruleDecomposition, treeDecomposition } from './treeDecomposition.js';
import { variableOrder } from './variableOrder.js';

/**
 * log10 of the most states a single MDD may need at some layer, above which the tree form
 * is chosen: measured on Renault medium (12.4, MDD of 3,673 nodes) against synthetic
 * products whose MDD never finished (10 % long-range rules: 28; ten times Renault with
 * 5 % long-range rules: 15).
 */
const MDD_LOG10_LIMIT = 13;

export interface FormChoice {
  form: 'mdd' | 'tree';
  reason: string;
  /** The MDD's variable order, when the MDD form is chosen. */
  order: number[] | null;
}

/**
 * The form by estimated size, without compiling: along the MDD's variable order, each layer
 * has to remember at most, per rule still open, the rows its decided variables leave, and
 * at most every combination of the decided variables still linked to undecided ones; the
 * largest of those bounds (over all layers) decides.
 */
export function chooseForm(sizes: number[], tables: RuleTable[]): FormChoice {
  const n = sizes.length;
  const order = variableOrder(n, tables);
  const layer = new Int32Array(n);
  order.forEach((x, i) => (layer[x] = i));
  const first = tables.map((t) => Math.min(...t.scope.map((x) => layer[x]!)));
  const last = tables.map((t) => Math.max(...t.scope.map((x) => layer[x]!)));
  // Per layer, the sum of log10 over what an open rule or a linked decided variable adds.
  const rowsLog = new Float64Array(n + 1);
  const linkLog = new Float64Array(n + 1);
  const lastLink = new Int32Array(n).fill(-1);
  tables.forEach((t, ti) => {
    for (const x of t.scope) lastLink[x] = Math.max(lastLink[x]!, last[ti]!);
    if (last[ti]! > first[ti]!) {
      const l = Math.log10(Math.max(1, t.nRows));
      rowsLog[first[ti]! + 1] = rowsLog[first[ti]! + 1]! + l;
      rowsLog[last[ti]! + 1] = rowsLog[last[ti]! + 1]! - l;
    }
  });
  for (let x = 0; x < n; x++)
    if (lastLink[x]! > layer[x]!) {
      const l = Math.log10(sizes[x]!);
      linkLog[layer[x]! + 1] = linkLog[layer[x]! + 1]! + l;
      linkLog[lastLink[x]! + 1] = linkLog[lastLink[x]! + 1]! - l;
    }
  let rows = 0;
  let links = 0;
  let worst = 0;
  for (let i = 1; i <= n; i++) {
    rows += rowsLog[i]!;
    links += linkLog[i]!;
    worst = Math.max(worst, Math.min(rows, links));
  }
  const estimate = `single MDD estimated at up to 1e${worst.toFixed(1)} states per layer`;
  return worst <= MDD_LOG10_LIMIT
    ? { form: 'mdd', reason: `mdd: ${estimate} (limit 1e${MDD_LOG10_LIMIT})`, order }
    : { form: 'tree', reason: `tree: ${estimate}, over 1e${MDD_LOG10_LIMIT}`, order: null };
}

export interface EngineComplexity {
  /**
   * Width (largest cluster size − 1) of the decomposition the tree form compiles
   * (`ruleDecomposition`, the same call as compileProduct's), before any merge of clusters.
   */
  width: number;
  clusters: number;
  /** The attribute ids of the largest cluster (the rules that join them are what to split). */
  largestCluster: string[];
  /** The form compileProduct would choose (before any fallback). */
  estimatedForm: 'mdd' | 'tree';
}

/**
 * How hard a product's rules are to compile, without compiling them (tree decomposition and
 * estimates only). `quick`: plain min-fill (milliseconds) instead of the decomposition the tree
 * form compiles, whose search can take most of a second on a large product — for a report that
 * must exist before a tight compile budget runs out (the compile worker sends it first).
 */
export function engineComplexity(product: Product, options: { quick?: boolean } = {}): EngineComplexity {
  const space = buildSpace(product);
  const tables = ruleTables(product, space);
  const sizes = space.keys.map((k) => k.length);
  const td = options.quick
    ? treeDecomposition(
        sizes.length,
        tables.map((t) => [...new Set(t.scope)]),
      )
    : ruleDecomposition(sizes, tables);
  let largest: number[] = [];
  for (const c of td.clusters) if (c.length > largest.length) largest = c;
  return {
    width: td.width,
    clusters: td.clusters.length,
    largestCluster: largest.map((x) => space.attrs[x]!.id),
    estimatedForm: chooseForm(sizes, tables).form,
  };
}
