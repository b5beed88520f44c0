// What engineCoreDiagnosis.ts and engineCoreDiagrams.ts share: their command-line reader, the
// long-range synthetic product they study, and the independent CSP search they check against.
import { parseProduct, type Product } from '../../catalog/index.js';
import type { RuleTable } from '../../catalog/rules/ruleTables.js';
import { propagate } from '../../catalog/rules/satisfiable.js';
import { syntheticProduct } from './syntheticProduct.js';

const args = process.argv.slice(2);
/** The value after `--name` on the command line, or `def`. */
export const argValue = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : def;
};

/** The engine benchmark's synthetic product: 200 attributes × 10 options, 300 rules, `longRange` of them long-range. */
export function longRangeProduct(seed: number, longRange: number): Product {
  const parsed = parseProduct(syntheticProduct({ attributes: 200, options: 10, rules: 300, seed, longRange }));
  if (!parsed.ok) throw new Error('generated product refused');
  return parsed.product;
}

/**
 * Whether the domains admit a solution of every table, by GAC (satisfiable.ts's propagation) and
 * backtracking on the smallest domain; null past `budget` search nodes.
 */
export function extendable(
  tables: RuleTable[],
  dom: Map<number, Uint8Array>,
  budget: number,
  left = { nodes: budget },
): boolean | null {
  if (left.nodes-- <= 0) return null;
  if (!propagate(tables, dom)) return false;
  let best = -1;
  let bestSize = Infinity;
  for (const [x, d] of dom) {
    let size = 0;
    for (const v of d) size += v;
    if (size > 1 && size < bestSize) [best, bestSize] = [x, size];
  }
  if (best < 0) return true;
  for (let v = 0; v < dom.get(best)!.length; v++) {
    if (!dom.get(best)![v]) continue;
    const copy = new Map<number, Uint8Array>();
    for (const [x, a] of dom) copy.set(x, x === best ? new Uint8Array(a.length) : a.slice());
    copy.get(best)![v] = 1;
    const r = extendable(tables, copy, budget, left);
    if (r !== false) return r;
  }
  return false;
}
