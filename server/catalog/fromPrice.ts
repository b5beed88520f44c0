import { compileProduct, NONE_KEY, TEXT_KEY, type Condition, type Product } from '../../catalog/index.js';

/** Search steps allowed before giving up (then no "from" price is shown rather than a wrong one). */
const MAX_STEPS = 200_000;

/** What a condition compares for a text attribute with some text: equal to no option id and not null. */
const SOME_TEXT = '\u0000text';

/**
 * The price of the cheapest valid configuration, exactly, or null when the product has none
 * or the search ran out of steps.
 *
 * A configuration's price is the base price, plus one amount per attribute value (option
 * prices, a text's price when it has text), plus the price rules whose condition holds. The
 * first two are additive along a path of the engine's MDD (every root-to-terminal path is a
 * valid configuration and every valid configuration is a path), so the cheapest completion
 * from every node is one bottom-up pass. Price rules couple attributes (and may be negative),
 * so they are handled by branch and bound over the MDD, depth first, cheapest edge first:
 * the bound of a partial path is what it has cost so far + the cheapest additive completion
 * + per price rule its amount when the assigned values already decide it, else min(0, amount).
 * That bound never exceeds the price of any completion, so pruning by it keeps the result
 * exact. Without price rules the first path found is the answer.
 */
export function cheapestPrice(product: Product): number | null {
  const { space, mdd } = compileProduct(product);
  if (mdd.empty) return null;
  const n = mdd.order.length;
  const { order, layerStart, edgeStart, edgeVal, edgeTo } = mdd;
  const nNodes = layerStart[n + 1]!;

  // Per variable and value: its additive price and the value a condition sees.
  const cost = space.keys.map((keys, x) => {
    const a = space.attrs[x]!;
    return keys.map((k) => {
      if (k === NONE_KEY) return 0;
      if (a.kind === 'text') return k === TEXT_KEY ? a.price : 0;
      return a.options.find((o) => o.id === k)!.price;
    });
  });
  const seen = space.keys.map((keys) => keys.map((k): string | null => (k === NONE_KEY ? null : k === TEXT_KEY ? SOME_TEXT : k)));

  // Cheapest additive completion from every node (the terminal is the last node).
  const up = new Float64Array(nNodes).fill(Infinity);
  up[nNodes - 1] = 0;
  for (let i = n - 1; i >= 0; i--) {
    const c = cost[order[i]!]!;
    for (let u = layerStart[i]!; u < layerStart[i + 1]!; u++) {
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) up[u] = Math.min(up[u]!, c[edgeVal[e]!]! + up[edgeTo[e]!]!);
    }
  }

  const rules = product.rules.flatMap((r) => (r.kind === 'price' ? [{ if: r.if, amount: r.amount }] : []));
  const values = new Int32Array(n).fill(-1);
  /** true / false once the assigned values decide it, undefined while open. */
  const holds = (c: Condition): boolean | undefined => {
    if ('all' in c) {
      let open = false;
      for (const x of c.all) {
        const h = holds(x);
        if (h === false) return false;
        if (h === undefined) open = true;
      }
      return open ? undefined : true;
    }
    if ('any' in c) {
      let open = false;
      for (const x of c.any) {
        const h = holds(x);
        if (h === true) return true;
        if (h === undefined) open = true;
      }
      return open ? undefined : false;
    }
    if ('not' in c) {
      const h = holds(c.not);
      return h === undefined ? undefined : !h;
    }
    const x = space.index.get(c.attr)!;
    const d = values[x]!;
    if (d < 0) return undefined;
    const v = seen[x]![d]!;
    if ('is' in c) return v === c.is;
    if ('in' in c) return c.in.includes(v);
    return !c.notIn.includes(v);
  };
  /** The rules' part of the bound: exact for decided rules, the best case for open ones. */
  const rulesBound = () => {
    let s = 0;
    for (const r of rules) {
      const h = holds(r.if);
      s += h === undefined ? Math.min(0, r.amount) : h ? r.amount : 0;
    }
    return s;
  };

  let best = Infinity;
  let steps = 0;
  const search = (u: number, layer: number, spent: number): boolean => {
    if (layer === n) {
      best = Math.min(best, spent + rulesBound());
      return true;
    }
    const x = order[layer]!;
    const c = cost[x]!;
    const edges: number[] = [];
    for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) edges.push(e);
    edges.sort((a, b) => c[edgeVal[a]!]! + up[edgeTo[a]!]! - (c[edgeVal[b]!]! + up[edgeTo[b]!]!));
    for (const e of edges) {
      if (++steps > MAX_STEPS) return false;
      const to = edgeTo[e]!;
      const s = spent + c[edgeVal[e]!]!;
      values[x] = edgeVal[e]!;
      const bound = s + up[to]! + (rules.length ? rulesBound() : 0);
      if (bound < best && !search(to, layer + 1, s)) return false;
      values[x] = -1;
      // Without price rules the bound is exact: the first (cheapest-first) path is optimal.
      if (!rules.length && best < Infinity) break;
    }
    return true;
  };
  if (!search(0, 0, 0)) return null;
  return best === Infinity ? null : product.basePrice + best;
}
