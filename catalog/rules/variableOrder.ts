import type { RuleTable } from './ruleTables.js';

/**
 * A static variable order that keeps the MDD narrow: greedily place next the variable that
 * closes the most open tables and opens the fewest new ones (the frontier of partly placed
 * tables is what a top-down compilation has to remember), preferring variables tied to the
 * placed ones. Variables in no rule go last.
 */
export function variableOrder(nVars: number, tables: RuleTable[]): number[] {
  const tablesOf: number[][] = Array.from({ length: nVars }, () => []);
  tables.forEach((t, ti) => new Set(t.scope).forEach((x) => tablesOf[x]!.push(ti)));
  const size = tables.map((t) => new Set(t.scope).size);
  const remaining = [...size];
  const placed = new Uint8Array(nVars);
  const links = new Float64Array(nVars);
  const order: number[] = [];
  const free = [...Array(nVars).keys()].filter((x) => tablesOf[x]!.length === 0);
  let left = nVars - free.length;
  if (left > 0) {
    // Start from the most constrained variable.
    let start = -1;
    for (let x = 0; x < nVars; x++)
      if (tablesOf[x]!.length && (start < 0 || tablesOf[x]!.length > tablesOf[start]!.length)) start = x;
    place(start);
  }
  while (left > 0) {
    let best = -1;
    let bestScore = Infinity;
    for (let x = 0; x < nVars; x++) {
      if (placed[x] || !tablesOf[x]!.length) continue;
      let score = 0;
      for (const ti of tablesOf[x]!) {
        const open = remaining[ti]! < size[ti]!;
        if (remaining[ti] === 1) score -= 1;
        else if (!open) score += 1;
      }
      score = score * 1000 - links[x]!;
      if (score < bestScore) {
        bestScore = score;
        best = x;
      }
    }
    place(best);
  }
  return [...order, ...free];

  function place(x: number) {
    placed[x] = 1;
    order.push(x);
    left--;
    for (const ti of tablesOf[x]!) {
      remaining[ti] = remaining[ti]! - 1;
      for (const y of tables[ti]!.scope) if (!placed[y]) links[y] = links[y]! + 1 / size[ti]!;
    }
  }
}
