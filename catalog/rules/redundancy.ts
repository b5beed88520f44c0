import { tableHolds, type RuleTable } from './ruleTables.js';
import { domains, propagate, search, type Domains } from './satisfiable.js';

/**
 * Whether a rule table restricts nothing: no configuration satisfies all the other tables
 * and breaks this one. Instead of compiling the product again without the rule (one MDD per
 * rule), search for such a configuration directly: enumerate the values of the rule's own
 * variables with generalised arc consistency on the other tables, skipping every branch in
 * which all remaining combinations are rows of the rule, and at each combination the rule
 * forbids, ask the small solver whether the other tables still have a solution. A rule that
 * restricts is usually refuted by the first such combination; a redundant one needs the
 * whole (pruned) enumeration, so the search stops after `budget` propagations and answers
 * null (unknown).
 */
export function neverRestricts(sizes: number[], tables: RuleTable[], t: RuleTable, budget = 2000): boolean | null {
  const others = tables.filter((o) => o !== t);
  const fixed = new Int32Array(sizes.length).fill(-1);
  const dom = domains(sizes, [...others, t], fixed);
  const scope = [...new Set(t.scope)];
  const tuple = new Int32Array(sizes.length).fill(-1);
  let steps = 0;
  const noWild = !t.rows.includes(-1);

  /** True when some configuration of the others breaks t below this branch; null when out of budget. */
  const explore = (k: number, d: Domains): boolean | null => {
    if (++steps > budget) return null;
    if (!propagate(others, d)) return false;
    if (noWild && covered(t, d)) return false;
    if (k === scope.length) {
      if (tableHolds(t, tuple)) return false;
      return search(others, copy(d));
    }
    const x = scope[k]!;
    const vals = d.get(x)!;
    for (let v = 0; v < vals.length; v++) {
      if (!vals[v]) continue;
      const next = copy(d);
      next.get(x)!.fill(0)[v] = 1;
      tuple[x] = v;
      const r = explore(k + 1, next);
      if (r !== false) return r;
    }
    tuple[x] = -1;
    return false;
  };
  const broken = explore(0, dom);
  return broken === null ? null : !broken;
}

/**
 * Whether every combination of t's variables still in the domains is a row of t (t without
 * "*" cells, so rows are distinct combinations): then no branch below can break t.
 */
function covered(t: RuleTable, d: Domains): boolean {
  const n = t.scope.length;
  if (new Set(t.scope).size !== n) return false;
  let combos = 1;
  for (const x of t.scope) {
    let live = 0;
    for (const b of d.get(x)!) live += b;
    combos *= live;
  }
  if (combos > t.nRows) return false;
  let rows = 0;
  const seen = new Set<string>();
  outer: for (let r = 0; r < t.nRows; r++) {
    for (let k = 0; k < n; k++) if (!d.get(t.scope[k]!)![t.rows[r * n + k]!]) continue outer;
    const key = t.rows.subarray(r * n, r * n + n).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    rows++;
  }
  return rows === combos;
}

function copy(d: Domains): Domains {
  const out: Domains = new Map();
  for (const [x, a] of d) out.set(x, a.slice());
  return out;
}
