import type { RuleTable } from './ruleTables.js';

/**
 * A static variable order that keeps the MDD narrow. Independent parts of the product
 * (connected components of the rule graph) are placed one after the other, so their widths
 * never multiply. Inside a component, greedily place next the variable that closes the most
 * open tables and opens the fewest new ones (the frontier of partly placed tables is what a
 * top-down compilation has to remember), preferring variables tied to the placed ones.
 * Tables of one variable never open a frontier and are left out of the scores (counting
 * them as "closing" once pulled unrelated variables forward). Variables in no rule go last.
 */
export function variableOrder(nVars: number, tables: RuleTable[]): number[] {
  const tablesOf: number[][] = Array.from({ length: nVars }, () => []);
  const size = tables.map((t) => new Set(t.scope).size);
  tables.forEach((t, ti) => {
    if (size[ti]! > 1) new Set(t.scope).forEach((x) => tablesOf[x]!.push(ti));
  });
  const remaining = [...size];
  const placed = new Uint8Array(nVars);
  const links = new Float64Array(nVars);
  const order: number[] = [];
  for (const component of components(nVars, tables, tablesOf)) {
    let left = component.length;
    // Start from the most constrained variable.
    let start = component[0]!;
    for (const x of component) if (tablesOf[x]!.length > tablesOf[start]!.length) start = x;
    place(start);
    left--;
    while (left > 0) {
      let best = -1;
      let bestScore = Infinity;
      for (const x of component) {
        if (placed[x]) continue;
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
      left--;
    }
  }
  for (let x = 0; x < nVars; x++) if (!placed[x]) order.push(x);
  return order;

  function place(x: number) {
    placed[x] = 1;
    order.push(x);
    for (const ti of tablesOf[x]!) {
      remaining[ti] = remaining[ti]! - 1;
      for (const y of tables[ti]!.scope) if (!placed[y]) links[y] = links[y]! + 1 / size[ti]!;
    }
  }
}

/** Connected components of the variables linked by tables of two or more variables, in first-variable order. */
function components(nVars: number, tables: RuleTable[], tablesOf: number[][]): number[][] {
  const seen = new Uint8Array(nVars);
  const out: number[][] = [];
  for (let s = 0; s < nVars; s++) {
    if (seen[s] || !tablesOf[s]!.length) continue;
    const comp = [s];
    seen[s] = 1;
    for (let k = 0; k < comp.length; k++)
      for (const ti of tablesOf[comp[k]!]!)
        for (const y of tables[ti]!.scope)
          if (!seen[y]) {
            seen[y] = 1;
            comp.push(y);
          }
    out.push(comp.sort((a, b) => a - b));
  }
  return out;
}
