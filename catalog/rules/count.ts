import type { Choices, Product } from '../schema/product.js';
import { compileProduct } from './compileProduct.js';
import { parseChoices } from './evaluate.js';

/**
 * The exact number of valid complete configurations that keep the given choices (all of
 * them without choices), counting a text attribute's "some text" as one value. Choices that
 * name unknown attributes or values give 0n. Path counting over the MDD with BigInt.
 */
export function count(product: Product, choices: Choices = {}): bigint {
  const ct = compileProduct(product);
  const parsed = parseChoices(ct, choices);
  if (!parsed.ok) return 0n;
  const { mdd } = ct;
  if (mdd.empty) return 0n;
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
