import type { RuleTable } from './ruleTables.js';

/**
 * A small independent CSP solver for explanations: generalised arc consistency on tables
 * (simple tabular reduction: scan the rows still compatible, keep the supported values) and
 * backtracking on the smallest domain. `fixed[x]` is a value index or -1; only variables in
 * the scopes of `tables` are searched, the others are free.
 */
export function satisfiable(domainSizes: number[], tables: RuleTable[], fixed: Int32Array): boolean {
  return search(tables, domains(domainSizes, tables, fixed));
}

/** Work left to a bounded search: rows scanned by propagation (each table pass scans all its rows). */
export interface SearchBudget {
  rows: number;
}

/**
 * satisfiable within a budget of rows scanned, shared by the calls given the same budget:
 * null when it runs out before an answer (a hard product's explanations must not hold a click).
 */
export function satisfiableWithin(
  domainSizes: number[],
  tables: RuleTable[],
  fixed: Int32Array,
  budget: SearchBudget,
): boolean | null {
  return boundedSearch(tables, domains(domainSizes, tables, fixed), budget);
}

function boundedSearch(tables: RuleTable[], dom: Map<number, Uint8Array>, budget: SearchBudget): boolean | null {
  if (budget.rows <= 0) return null;
  const ok = propagate(tables, dom, budget);
  if (ok === null || budget.rows <= 0) return ok === false ? false : null;
  if (!ok) return false;
  let best = -1;
  let bestSize = Infinity;
  for (const [x, d] of dom) {
    let s = 0;
    for (const v of d) s += v;
    if (s > 1 && s < bestSize) {
      bestSize = s;
      best = x;
    }
  }
  if (best < 0) return true;
  const d = dom.get(best)!;
  let unknown = false;
  for (let v = 0; v < d.length; v++) {
    if (!d[v]) continue;
    const copy = new Map<number, Uint8Array>();
    for (const [x, a] of dom) copy.set(x, x === best ? new Uint8Array(a.length) : a.slice());
    copy.get(best)![v] = 1;
    const r = boundedSearch(tables, copy, budget);
    if (r === true) return true;
    if (r === null) unknown = true;
  }
  return unknown ? null : false;
}

/** Variable → its live values (1 = still possible), for the variables in the tables' scopes. */
export type Domains = Map<number, Uint8Array>;

export function domains(domainSizes: number[], tables: RuleTable[], fixed: Int32Array): Domains {
  const dom: Domains = new Map();
  for (const t of tables)
    for (const x of t.scope) {
      if (dom.has(x)) continue;
      const a = new Uint8Array(domainSizes[x]!);
      if (fixed[x]! >= 0) a[fixed[x]!] = 1;
      else a.fill(1);
      dom.set(x, a);
    }
  return dom;
}

/**
 * Generalised arc consistency, in place: false when some table has no row left. With a
 * budget, each table pass takes its rows from it, and null means it ran out first.
 */
export function propagate(tables: RuleTable[], dom: Map<number, Uint8Array>): boolean;
export function propagate(tables: RuleTable[], dom: Map<number, Uint8Array>, budget: SearchBudget): boolean | null;
export function propagate(tables: RuleTable[], dom: Map<number, Uint8Array>, budget?: SearchBudget): boolean | null {
  let changed = true;
  while (changed) {
    changed = false;
    for (const t of tables) {
      if (budget && (budget.rows -= t.nRows) < 0) return null;
      const n = t.scope.length;
      const seen = t.scope.map((x) => new Uint8Array(dom.get(x)!.length));
      const wild = new Uint8Array(n);
      let rowsLeft = 0;
      for (let r = 0; r < t.nRows; r++) {
        let ok = true;
        for (let k = 0; k < n && ok; k++) {
          const c = t.rows[r * n + k]!;
          if (c !== -1 && !dom.get(t.scope[k]!)![c]) ok = false;
        }
        if (!ok) continue;
        rowsLeft++;
        for (let k = 0; k < n; k++) {
          const c = t.rows[r * n + k]!;
          if (c === -1) wild[k] = 1;
          else seen[k]![c] = 1;
        }
      }
      if (!rowsLeft) return false;
      for (let k = 0; k < n; k++) {
        if (wild[k]) continue;
        const d = dom.get(t.scope[k]!)!;
        let left = 0;
        for (let v = 0; v < d.length; v++) {
          if (d[v] && !seen[k]![v]) {
            d[v] = 0;
            changed = true;
          }
          left += d[v]!;
        }
        if (!left) return false;
      }
    }
  }
  return true;
}

/** Whether the domains (copied, not changed) admit a solution of every table. */
export function search(tables: RuleTable[], dom: Map<number, Uint8Array>): boolean {
  if (!propagate(tables, dom)) return false;
  let best = -1;
  let bestSize = Infinity;
  for (const [x, d] of dom) {
    let s = 0;
    for (const v of d) s += v;
    if (s > 1 && s < bestSize) {
      bestSize = s;
      best = x;
    }
  }
  if (best < 0) return true;
  const d = dom.get(best)!;
  for (let v = 0; v < d.length; v++) {
    if (!d[v]) continue;
    const copy = new Map<number, Uint8Array>();
    for (const [x, a] of dom) copy.set(x, x === best ? new Uint8Array(a.length) : a.slice());
    copy.get(best)![v] = 1;
    if (search(tables, copy)) return true;
  }
  return false;
}
