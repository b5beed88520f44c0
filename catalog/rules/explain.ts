import type { CompiledProduct } from './compileProduct.js';
import { satisfiable } from './satisfiable.js';
import type { RuleRef } from './types.js';

/**
 * A minimal set of rules that, with the assignments in `fixed` (value index per variable, -1
 * free), admits no valid configuration: deletion-based, over the rules reachable from the
 * fixed variables through free ones (a conflict never needs rules beyond those). Cached per
 * question on the compiled product. Returns [] when `fixed` is in fact consistent.
 */
export function minimalReasons(ct: CompiledProduct, fixed: Int32Array, from: number[]): RuleRef[] {
  const key = `${from.join(',')}|${fixed.join(',')}`;
  const hit = ct.reasonCache.get(key);
  if (hit) return hit;
  const sizes = ct.space.keys.map((k) => k.length);
  const candidates = reachableTables(ct, fixed, from);
  const tablesOf = (ids: number[]) => ids.map((ti) => ct.tables[ti]!);
  let core = candidates;
  if (satisfiable(sizes, tablesOf(core), fixed)) core = [];
  else {
    for (const ti of candidates) {
      const without = core.filter((x) => x !== ti);
      if (!satisfiable(sizes, tablesOf(without), fixed)) core = without;
    }
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
