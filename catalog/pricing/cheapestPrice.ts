import { cheapestValues } from '../rules/bestCompletion.js';
import { compileProduct } from '../rules/compileProduct.js';
import { SOME_TEXT } from '../rules/condition.js';
import { NONE_KEY, TEXT_KEY } from '../rules/types.js';
import type { Product } from '../schema/product.js';
import type { Condition } from '../schema/rule.js';

/** Branch-and-bound nodes allowed (each one min-sum pass over the compiled form) before giving up. */
const MAX_STEPS = 2_000;

/**
 * The price of the cheapest valid configuration, exactly, or null when the product has none
 * or the search ran out of steps or time (`budgetMs`: each step is a min-sum pass over the
 * compiled form, which on a tree of a million rows takes a tenth of a second, so steps alone do
 * not bound it). Pure; works on either compiled form (single MDD or tree of clusters).
 *
 * A configuration's price is the base price, plus one amount per attribute value (option
 * prices, a text's price when it has text), plus the price rules whose condition holds. The
 * first two are per-value costs, so the cheapest configuration under them is one min-sum
 * traversal of the compiled form (`cheapestValues`: shortest path over the MDD or min-sum
 * messages over the cluster tree). Price rules couple attributes (and may be negative), so
 * they are handled by branch and bound over the attributes their conditions read: at each
 * node some of those attributes are fixed (the others' values forbidden by an infinite cost)
 * and the bound is the min-sum of the per-value prices + per price rule its amount when the
 * fixed values already decide it, else min(0, amount). That bound never exceeds the price of
 * any completion, so pruning by it keeps the result exact; every node's min-sum
 * configuration is also a real one, whose full price tightens the best found. Without price
 * rules the first min-sum is the answer.
 */
export function cheapestPrice(product: Product, { budgetMs = Infinity }: { budgetMs?: number } = {}): number | null {
  const deadline = Date.now() + budgetMs;
  const ct = compileProduct(product);
  if (ct.empty) return null;
  const { space, sizes } = ct;
  const n = sizes.length;
  // Per variable and value: its additive price and the value a condition sees.
  const price = space.keys.map((keys, x) => {
    const a = space.attrs[x]!;
    return Float64Array.from(keys, (k) => {
      if (k === NONE_KEY) return 0;
      if (a.kind === 'text') return k === TEXT_KEY ? a.price : 0;
      return a.options.find((o) => o.id === k)!.price;
    });
  });
  const seen = space.keys.map((keys) => keys.map((k): string | null => (k === NONE_KEY ? null : k === TEXT_KEY ? SOME_TEXT : k)));
  const rules = product.rules.flatMap((r) => (r.kind === 'price' ? [{ if: r.if, amount: r.amount }] : []));
  const additive = (values: Int32Array) => {
    let s = 0;
    for (let x = 0; x < n; x++) s += price[x]![values[x]!]!;
    return s;
  };
  if (!rules.length) {
    const values = cheapestValues(ct, price);
    return values ? product.basePrice + additive(values) : null;
  }

  /** true / false once the values decide it, undefined while open (values[x] < 0: open). */
  const holds = (c: Condition, values: Int32Array): boolean | undefined => {
    if ('all' in c) {
      let open = false;
      for (const x of c.all) {
        const h = holds(x, values);
        if (h === false) return false;
        if (h === undefined) open = true;
      }
      return open ? undefined : true;
    }
    if ('any' in c) {
      let open = false;
      for (const x of c.any) {
        const h = holds(x, values);
        if (h === true) return true;
        if (h === undefined) open = true;
      }
      return open ? undefined : false;
    }
    if ('not' in c) {
      const h = holds(c.not, values);
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
  const rulesPart = (values: Int32Array) => {
    let s = 0;
    for (const r of rules) {
      const h = holds(r.if, values);
      s += h === undefined ? Math.min(0, r.amount) : h ? r.amount : 0;
    }
    return s;
  };
  // The attributes price rules read, in variable order.
  const read = new Set<number>();
  const collect = (c: Condition): void => {
    if ('all' in c) c.all.forEach(collect);
    else if ('any' in c) c.any.forEach(collect);
    else if ('not' in c) collect(c.not);
    else read.add(space.index.get(c.attr)!);
  };
  for (const r of rules) collect(r.if);
  const branch = [...read].sort((a, b) => a - b);
  const fixed = new Int32Array(n).fill(-1);
  const cost = price.map((c) => c.slice());
  let best = Infinity;
  let steps = 0;
  const search = (i: number): boolean => {
    if (++steps > MAX_STEPS || Date.now() > deadline) return false;
    const values = cheapestValues(ct, cost);
    if (!values) return true;
    const base = additive(values);
    if (base + rulesPart(fixed) >= best) return true;
    // The min-sum configuration is a valid one: its full price is an upper bound.
    best = Math.min(best, base + rulesPart(values));
    if (i === branch.length) return true;
    const x = branch[i]!;
    const c = cost[x]!;
    // Cheapest values first.
    const ds = [...c.keys()].filter((d) => ct.possible[x]![d]).sort((a, b) => price[x]![a]! - price[x]![b]!);
    for (const d of ds) {
      for (let e = 0; e < c.length; e++) c[e] = e === d ? price[x]![e]! : Infinity;
      fixed[x] = d;
      const ok = search(i + 1);
      fixed[x] = -1;
      c.set(price[x]!);
      if (!ok) return false;
    }
    return true;
  };
  if (!search(0)) return null;
  return best === Infinity ? null : product.basePrice + best;
}
