import type { Choices, Product } from '../schema/product.js';
import { compileProduct } from './compileProduct.js';
import type { ClusterTree } from './compileTree.js';
import { parseChoices } from './parseChoices.js';
import { COUNTING, propagate } from './semiring.js';
import { diagramCount } from './diagramTree.js';
import { DiagramLimitError } from './diagramStore.js';

/**
 * The exact number of valid complete configurations that keep the given choices (all of
 * them without choices), counting a text attribute's "some text" as one value. Choices that
 * name unknown attributes or values give 0n. Path counting over the MDD with BigInt, or
 * sum-product messages over the cluster tree or the tree of diagrams (edge-valued messages,
 * which throw DiagramLimitError when the count passes its budget: `variantCount` answers null
 * then).
 */
export function count(product: Product, choices: Choices = {}): bigint {
  const ct = compileProduct(product);
  const parsed = parseChoices(ct, choices);
  if (!parsed.ok) return 0n;
  if (ct.empty) return 0n;
  if (ct.tree) return treeCount(ct.tree, parsed.chosen);
  if (ct.diagrams) return diagramCount(ct.diagrams, parsed.chosen);
  const { mdd } = ct;
  const n = mdd.order.length;
  const nNodes = mdd.layerStart[n + 1]!;
  const paths: bigint[] = new Array<bigint>(nNodes).fill(0n);
  paths[nNodes - 1] = 1n;
  for (let i = n - 1; i >= 0; i--) {
    const c = parsed.chosen[mdd.order[i]!]!;
    for (let u = mdd.layerStart[i]!; u < mdd.layerStart[i + 1]!; u++) {
      let s = 0n;
      for (let e = mdd.edgeStart[u]!; e < mdd.edgeStart[u + 1]!; e++) {
        if (c < 0 || mdd.edgeVal[e] === c) s += paths[mdd.edgeTo[e]!]!;
      }
      paths[u] = s;
    }
  }
  return paths[0]!;
}

/**
 * The number of valid configurations as a decimal string, or null when counting them passes
 * its budget (the tree of diagrams' count has a budget of steps and nodes: see diagramCount).
 */
export function variantCount(product: Product): string | null {
  try {
    return count(product).toString();
  } catch (e) {
    if (e instanceof DiagramLimitError) return null;
    throw e;
  }
}

/**
 * Counting semiring over the tree: a row weighs the number of private completions below it
 * that keep the choices (paths in the cluster's MDD), times 0 when it breaks a choice of its
 * interface variables.
 */
function treeCount(tree: ClusterTree, chosen: Int32Array): bigint {
  const local = tree.vars.map((vars, k) => {
    const m = tree.sub[k]!;
    const cv = tree.cvars[k]!;
    const paths: bigint[] = new Array<bigint>(m.layerStart[cv.length + 1]!).fill(0n);
    paths[paths.length - 1] = 1n;
    for (let i = cv.length - 1; i >= tree.split[k]!; i--) {
      const c = chosen[cv[i]!]!;
      for (let u = m.layerStart[i]!; u < m.layerStart[i + 1]!; u++) {
        let sum = 0n;
        for (let e = m.edgeStart[u]!; e < m.edgeStart[u + 1]!; e++) if (c < 0 || m.edgeVal[e] === c) sum += paths[m.edgeTo[e]!]!;
        paths[u] = sum;
      }
    }
    const w = vars.length;
    const rows = tree.rows[k]!;
    const weight = COUNTING.alloc(tree.nTuples[k]!, 1n);
    for (let t = 0; t < weight.length; t++) weight[t] = paths[tree.node[k]![t]!]!;
    for (const c of tree.homeCols[k]!) {
      const cx = chosen[vars[c]!]!;
      if (cx >= 0) for (let t = 0; t < weight.length; t++) if (rows[t * w + c] !== cx) weight[t] = 0n;
    }
    return weight;
  });
  return propagate(tree, COUNTING, local, false).total;
}
