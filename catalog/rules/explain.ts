import type { CompiledProduct } from './compileProduct.js';
import { satisfiableWithin } from './satisfiable.js';
import type { RuleRef } from './types.js';

/** Rows the searches of one question may scan (a few milliseconds; small products never reach it). */
const REASON_ROWS = 2_000_000;
/** Rules kept when the budget ran out before the set was minimal, at most, else none are given. */
const MAX_UNPROVEN = 3;

/**
 * A minimal set of rules that, with the assignments in `fixed` (value index per variable, -1
 * free), admits no valid configuration: deletion-based, over the rules reachable from the
 * fixed variables through free ones (a conflict never needs rules beyond those). Cached per
 * question on the compiled product. Returns [] when `fixed` is in fact consistent, or when the
 * searches pass their budget (REASON_ROWS) with more than MAX_UNPROVEN rules still in the set
 * (then a set of at most that many is sufficient but may not be minimal).
 */
export function minimalReasons(ct: CompiledProduct, fixed: Int32Array, from: number[]): RuleRef[] {
  const key = `${from.join(',')}|${fixed.join(',')}`;
  const hit = ct.reasonCache.get(key);
  if (hit) return hit;
  const sizes = ct.space.keys.map((k) => k.length);
  const candidates = reachableTables(ct, fixed, from);
  const tablesOf = (ids: number[]) => ids.map((ti) => ct.tables[ti]!);
  // Bounded: on a product whose rules tangle across parts, one search can take seconds, and a
  // click may ask for the reasons of hundreds of options. A rule is left out only when the
  // rest is proven to rule the value out; when the budget runs out, the rules not yet left out
  // stay, and a set of more than MAX_UNPROVEN rules is not worth showing: no reasons then.
  const budget = { rows: REASON_ROWS };
  let core = candidates;
  if (satisfiableWithin(sizes, tablesOf(core), fixed, budget) === true) core = [];
  else {
    for (const ti of candidates) {
      const without = core.filter((x) => x !== ti);
      if (satisfiableWithin(sizes, tablesOf(without), fixed, budget) === false) core = without;
    }
    if (budget.rows <= 0 && core.length > MAX_UNPROVEN) core = [];
  }
  const rules = ct.product.rules;
  const refs = core.map((ti) => {
    const r = rules[ct.tables[ti]!.rule]!;
    return { id: r.id, message: r.message };
  });
  ct.reasonCache.set(key, refs);
  return refs;
}

/** Tables connected to the start variables through variables that are not fixed. */
function reachableTables(ct: CompiledProduct, fixed: Int32Array, from: number[]): number[] {
  const seenVar = new Uint8Array(fixed.length);
  const seenTable = new Uint8Array(ct.tables.length);
  const queue = [...from];
  from.forEach((x) => (seenVar[x] = 1));
  const out: number[] = [];
  while (queue.length) {
    const x = queue.pop()!;
    for (const ti of ct.tablesOf[x]!) {
      if (seenTable[ti]) continue;
      seenTable[ti] = 1;
      out.push(ti);
      for (const y of ct.tables[ti]!.scope) {
        if (seenVar[y] || fixed[y]! >= 0) continue;
        seenVar[y] = 1;
        queue.push(y);
      }
    }
  }
  return out.sort((a, b) => a - b);
}
