import type { Condition, ConstraintRule, Rule } from '../schema/rule.js';
import type { Product } from '../schema/product.js';
import { conditionValueIndex, type Space } from './space.js';

/**
 * Every constraint rule as a table over its scope: rows of domain indices, -1 meaning any
 * value. Conditions are expanded with three-valued partial evaluation, so a row stops at the
 * first prefix that decides the rule ("A=a requires B=b" gives [≠a…, *] rows and [a, b]).
 */
export interface RuleTable {
  /** Index of the rule in product.rules. */
  rule: number;
  scope: number[];
  /** rows.length / scope.length rows, flattened. */
  rows: Int32Array;
  nRows: number;
}

/** Three-valued test on a partial assignment (-1 = unassigned): 1 true, 0 false, -1 unknown. */
type Test = (a: Int32Array) => number;

const MAX_ROWS = 2_000_000;

export function ruleTables(product: Product, space: Space): RuleTable[] {
  const out: RuleTable[] = [];
  product.rules.forEach((r, i) => {
    if (r.kind === 'price') return;
    out.push(r.kind === 'table' ? fromTable(space, r, i) : fromCondition(space, r, i));
  });
  return out;
}

function fromTable(space: Space, r: Extract<Rule, { kind: 'table' }>, rule: number): RuleTable {
  const scope = r.attrs.map((a) => space.index.get(a)!);
  const rows: number[] = [];
  let nRows = 0;
  for (const row of r.rows) {
    const cells = row.map((c, k) => (c === '*' ? -1 : conditionValueIndex(space, scope[k]!, c)));
    // A cell naming a value the attribute cannot take (e.g. null on a required one) matches nothing.
    if (cells.some((c, k) => c === -1 && row[k] !== '*')) continue;
    rows.push(...cells);
    nRows++;
  }
  return { rule, scope, rows: Int32Array.from(rows), nRows };
}

/** The attributes a condition mentions, in first-mention order. */
export function conditionScope(c: Condition, into: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => conditionScope(x, into));
  else if ('any' in c) c.any.forEach((x) => conditionScope(x, into));
  else if ('not' in c) conditionScope(c.not, into);
  else if (!into.includes(c.attr)) into.push(c.attr);
  return into;
}

function compileTest(space: Space, c: Condition): Test {
  if ('all' in c) {
    const parts = c.all.map((x) => compileTest(space, x));
    return (a) => {
      let r = 1;
      for (const p of parts) {
        const v = p(a);
        if (v === 0) return 0;
        if (v < 0) r = -1;
      }
      return r;
    };
  }
  if ('any' in c) {
    const parts = c.any.map((x) => compileTest(space, x));
    return (a) => {
      let r = 0;
      for (const p of parts) {
        const v = p(a);
        if (v === 1) return 1;
        if (v < 0) r = -1;
      }
      return r;
    };
  }
  if ('not' in c) {
    const inner = compileTest(space, c.not);
    return (a) => {
      const v = inner(a);
      return v < 0 ? -1 : 1 - v;
    };
  }
  const i = space.index.get(c.attr)!;
  const listed = 'is' in c ? [c.is] : 'in' in c ? c.in : c.notIn;
  const set = new Set(listed.map((v) => conditionValueIndex(space, i, v)).filter((d) => d >= 0));
  const positive = !('notIn' in c);
  return (a) => {
    const d = a[i]!;
    if (d < 0) return -1;
    return set.has(d) === positive ? 1 : 0;
  };
}

function ruleTest(space: Space, r: Exclude<ConstraintRule, { kind: 'table' }>): { scope: string[]; test: Test } {
  if (r.kind === 'restrict') {
    const ifTest = r.if ? compileTest(space, r.if) : () => 1;
    const then = compileTest(space, { attr: r.attr, in: r.to });
    const scope = r.if ? conditionScope(r.if) : [];
    if (!scope.includes(r.attr)) scope.push(r.attr);
    return { scope, test: implies(ifTest, then) };
  }
  const ifTest = compileTest(space, r.if);
  const thenTest = compileTest(space, r.then);
  const scope = conditionScope(r.then, conditionScope(r.if));
  if (r.kind === 'requires') return { scope, test: implies(ifTest, thenTest) };
  return { scope, test: implies(ifTest, (a) => negate(thenTest(a))) };
}

const negate = (v: number) => (v < 0 ? -1 : 1 - v);
const implies =
  (p: Test, q: Test): Test =>
  (a) => {
    const x = p(a);
    if (x === 0) return 1;
    const y = q(a);
    if (y === 1) return 1;
    if (x === 1 && y === 0) return 0;
    return -1;
  };

function fromCondition(space: Space, r: Exclude<ConstraintRule, { kind: 'table' }>, rule: number): RuleTable {
  const { scope: names, test } = ruleTest(space, r);
  const scope = names.map((n) => space.index.get(n)!);
  const assignment = new Int32Array(space.attrs.length).fill(-1);
  const rows: number[] = [];
  let nRows = 0;
  const walk = (k: number) => {
    const v = test(assignment);
    if (v === 0) return;
    if (v === 1 || k === scope.length) {
      if (v !== 1) return;
      for (const x of scope) rows.push(assignment[x]!);
      if (++nRows > MAX_ROWS) throw new Error(`rule "${r.id}" expands to more than ${MAX_ROWS} rows`);
      return;
    }
    const x = scope[k]!;
    for (let d = 0; d < space.keys[x]!.length; d++) {
      assignment[x] = d;
      walk(k + 1);
    }
    assignment[x] = -1;
  };
  walk(0);
  return { rule, scope, rows: Int32Array.from(rows), nRows };
}

/** Whether a complete assignment (domain indices) satisfies a rule table. */
export function tableHolds(t: RuleTable, a: ArrayLike<number>): boolean {
  const n = t.scope.length;
  outer: for (let r = 0; r < t.nRows; r++) {
    for (let k = 0; k < n; k++) {
      const c = t.rows[r * n + k]!;
      if (c !== -1 && c !== a[t.scope[k]!]) continue outer;
    }
    return true;
  }
  return false;
}
