// npx tsx tests/bench/engineCoreDiagrams.ts [--long-range 0.2] [--seed 7] [--budget 3000000] [--checks 200] [--order tree|index]
// Tree-of-BDDs feasibility on the synthetic long-range product (same product as
// engineCoreDiagnosis.ts): every cluster of ruleDecomposition kept as a reduced MDD (hash-consed,
// one global variable order: clusters depth-first from the root, each variable where it is first
// seen, so a cluster's separator with its parent lies above its other variables). Bottom-up, a
// cluster's upward boolean message is its own rules (each rule table given to the first cluster
// holding its scope) conjoined with its children's messages, projected onto the separator with
// its parent. Prints, per cluster over compileCluster's MAX_TUPLES (the core), the MDD size of
// the conjunction of all rule tables inside it, of the conjunction before projection, and of the
// message, with the message's number of separator classes. Stops at `budget` live nodes.
import { compileCluster, MAX_TUPLES } from '../../catalog/rules/compileCluster.js';
import { ruleTables, type RuleTable } from '../../catalog/rules/ruleTables.js';
import { domains } from '../../catalog/rules/satisfiable.js';
import { buildSpace } from '../../catalog/rules/space.js';
import { ruleDecomposition } from '../../catalog/rules/treeDecomposition.js';
import { rng } from './engineStats.js';
import { argValue, extendable, longRangeProduct } from './longRangeCore.js';

const value = argValue;
const longRange = Number(value('long-range', '0.2'));
const seed = Number(value('seed', '7'));
const budget = Number(value('budget', '3000000'));
const checks = Number(value('checks', '200'));
const searchBudget = 2000;

const product = longRangeProduct(seed, longRange);
const space = buildSpace(product);
const tables = ruleTables(product, space);
const sizes = space.keys.map((k) => k.length);
const td = ruleDecomposition(sizes, tables);
const kids: number[][] = td.clusters.map(() => []);
td.parent.forEach((p, c) => p >= 0 && kids[p]!.push(c));

// Global order: depth-first over clusters from the root, variables where first seen; with
// `--order index`, attribute index order instead (for comparison).
const level = new Int32Array(sizes.length).fill(-1);
const varAt: number[] = [];
const visit = (c: number) => {
  for (const x of td.clusters[c]!) if (level[x]! < 0) level[x] = varAt.push(x) - 1;
  kids[c]!.forEach(visit);
};
if (value('order', 'tree') === 'tree') visit(0);
for (let x = 0; x < sizes.length; x++) if (level[x]! < 0) level[x] = varAt.push(x) - 1;

// --- a minimal reduced multi-terminal MDD (ADD) package. Terminals are costs: node 0 is
// infinity (false), node 1 is 0 (true), others made on demand. "and" is +, "or" is min, so on
// 0/1 diagrams they are the boolean operations.
const nodeLvl: number[] = [-1, -1];
const nodeKids: Int32Array[] = [new Int32Array(0), new Int32Array(0)];
const termVal = new Map<number, number>([
  [0, Infinity],
  [1, 0],
]);
const termOf = new Map<number, number>([
  [Infinity, 0],
  [0, 1],
]);
const unique = new Map<string, number>();
const TERMINAL = sizes.length;
const isTerm = (a: number) => termVal.has(a);
const lvlOf = (a: number) => (isTerm(a) ? TERMINAL : nodeLvl[a]!);
function terminal(v: number): number {
  let id = termOf.get(v);
  if (id === undefined) {
    id = nodeLvl.push(TERMINAL) - 1;
    nodeKids.push(new Int32Array(0));
    termOf.set(v, id);
    termVal.set(id, v);
  }
  return id;
}
function mk(lvl: number, ch: Int32Array): number {
  if (ch.every((c) => c === ch[0])) return ch[0]!;
  const key = `${lvl}:${ch.join(',')}`;
  let id = unique.get(key);
  if (id === undefined) {
    if (nodeLvl.length >= budget) throw new Error(`over the budget of ${budget} nodes`);
    id = nodeLvl.push(lvl) - 1;
    nodeKids.push(ch);
    unique.set(key, id);
  }
  return id;
}
const child = (a: number, lvl: number, v: number) => (lvlOf(a) === lvl ? nodeKids[a]![v]! : a);
let andMemo = new Map<number, number>();
let orMemo = new Map<number, number>();
function apply(op: 'and' | 'or', a: number, b: number): number {
  if (op === 'and') {
    if (a === 0 || b === 0) return 0;
    if (a === 1) return b;
    if (b === 1) return a;
  } else {
    if (a === 0) return b;
    if (b === 0 || a === b) return a;
  }
  if (isTerm(a) && isTerm(b)) {
    const x = termVal.get(a)!;
    const y = termVal.get(b)!;
    return terminal(op === 'and' ? x + y : Math.min(x, y));
  }
  if (a > b) [a, b] = [b, a];
  const memo = op === 'and' ? andMemo : orMemo;
  const key = a * 2 ** 26 + b;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const lvl = Math.min(lvlOf(a), lvlOf(b));
  const dom = sizes[varAt[lvl]!]!;
  const ch = new Int32Array(dom);
  for (let v = 0; v < dom; v++) ch[v] = apply(op, child(a, lvl, v), child(b, lvl, v));
  const r = mk(lvl, ch);
  memo.set(key, r);
  return r;
}
/** Min (or, on 0/1 diagrams, exists) over every level not in `keep`. */
function exists(a: number, keep: Set<number>, memo = new Map<number, number>()): number {
  if (isTerm(a)) return a;
  const hit = memo.get(a);
  if (hit !== undefined) return hit;
  const lvl = nodeLvl[a]!;
  const ks = nodeKids[a]!;
  let r: number;
  if (keep.has(lvl))
    r = mk(
      lvl,
      ks.map((c) => exists(c, keep, memo)),
    );
  else {
    r = 0;
    for (const c of ks) r = apply('or', r, exists(c, keep, memo));
  }
  memo.set(a, r);
  return r;
}
/** Inner nodes and distinct finite terminal values reachable from a. */
function size(a: number): { nodes: number; values: number } {
  const seen = new Set<number>();
  const vals = new Set<number>();
  const walk = (n: number) => {
    if (seen.has(n)) return;
    seen.add(n);
    if (isTerm(n)) {
      if (n !== 0) vals.add(termVal.get(n)!);
      return;
    }
    nodeKids[n]!.forEach(walk);
  };
  walk(a);
  return { nodes: [...seen].filter((n) => !isTerm(n)).length, values: vals.size };
}
/** Assignments over the levels in `over` (ascending) with a finite value, assuming the diagram tests only those. */
function count(a: number, over: number[]): number {
  const memo = new Map<number, number>();
  const pos = new Map(over.map((l, i) => [l, i]));
  const skipped = (from: number, to: number) => {
    let p = 1;
    for (let i = from; i < to; i++) p *= sizes[varAt[over[i]!]!]!;
    return p;
  };
  const at = (n: number) => (isTerm(n) ? over.length : pos.get(nodeLvl[n]!)!);
  const rec = (n: number): number => {
    if (n === 0) return 0;
    if (isTerm(n)) return 1;
    const hit = memo.get(n);
    if (hit !== undefined) return hit;
    let s = 0;
    for (const c of nodeKids[n]!) s += rec(c) * skipped(at(n) + 1, at(c));
    memo.set(n, s);
    return s;
  };
  return a === 0 ? 0 : rec(a) * skipped(0, at(a));
}
function fromTable(t: RuleTable): number {
  const w = t.scope.length;
  let r = 0;
  for (let row = 0; row < t.nRows; row++) {
    const cell = new Map<number, number>();
    let empty = false;
    for (let k = 0; k < w; k++) {
      const x = t.scope[k]!;
      const c = t.rows[row * w + k]!;
      if (c < 0) continue;
      if (cell.has(x) && cell.get(x) !== c) empty = true;
      cell.set(x, c);
    }
    if (empty) continue;
    let n = 1;
    for (const [x, c] of [...cell].sort((p, q) => level[q[0]]! - level[p[0]]!)) {
      const ch = new Int32Array(sizes[x]!);
      ch[c] = n;
      n = mk(level[x]!, ch);
    }
    r = apply('or', r, n);
  }
  return r;
}

// Core: clusters whose interface table would pass MAX_TUPLES (as in engineCoreDiagnosis.ts).
const holders = new Int32Array(sizes.length);
for (const c of td.clusters) for (const x of c) holders[x] = holders[x]! + 1;
const tablesAt: number[][] = sizes.map(() => []);
tables.forEach((t, ti) => new Set(t.scope).forEach((x) => tablesAt[x]!.push(ti)));
const core: number[] = [];
td.clusters.forEach((vars, k) => {
  const cl = compileCluster(sizes, tables, tablesAt, vars, (x) => holders[x]! > 1, 0);
  if (('tooMany' in cl ? cl.tooMany : cl.node.length) > MAX_TUPLES) core.push(k);
});
const K = td.clusters.length;
const inside = (t: RuleTable, vars: Set<number>) => t.scope.every((x) => vars.has(x));
const home = tables.map((t) => td.clusters.findIndex((c) => inside(t, new Set(c))));
const tableMdd = tables.map(fromTable);
const sepOf = (k: number) => (td.parent[k]! < 0 ? [] : td.clusters[k]!.filter((x) => td.clusters[td.parent[k]!]!.includes(x)));
const sepLevels = (k: number) => new Set(sepOf(k).map((x) => level[x]!));
// A variable's top cluster: the one nearest the root holding it (where the upward pass eliminates it).
const top = new Int32Array(sizes.length).fill(-1);
for (let k = 0; k < K; k++) for (const x of td.clusters[k]!) if (top[x]! < 0) top[x] = k;
const defaults = space.defaults;
/** Per variable, 1 away from its default (the defaults-only costs of a click with no choices). */
const unit = (x: number) =>
  mk(
    level[x]!,
    Int32Array.from({ length: sizes[x]! }, (_, d) => (d === defaults[x] ? 1 : terminal(1))),
  );

interface Pass {
  local: number[];
  up: number[];
  down: number[];
  belief: number[];
  ms: number;
}
/** Upward then downward messages; with `costs`, min-sum over the defaults-only costs. */
function pass(costs: boolean): Pass {
  const t0 = performance.now();
  const local = new Array<number>(K).fill(1);
  const up = new Array<number>(K).fill(1);
  const down = new Array<number>(K).fill(1);
  const belief = new Array<number>(K).fill(1);
  for (let k = K - 1; k >= 0; k--) {
    andMemo = new Map();
    orMemo = new Map();
    let f = 1;
    tables.forEach((_, ti) => home[ti] === k && (f = apply('and', f, tableMdd[ti]!)));
    if (costs) for (const x of td.clusters[k]!) if (top[x] === k) f = apply('and', f, unit(x));
    local[k] = f;
    for (const c of kids[k]!) f = apply('and', f, up[c]!);
    up[k] = exists(f, sepLevels(k));
  }
  for (let k = 0; k < K; k++) {
    andMemo = new Map();
    orMemo = new Map();
    let f = apply('and', local[k]!, down[k]!);
    for (const c of kids[k]!) f = apply('and', f, up[c]!);
    belief[k] = f;
    for (const c of kids[k]!) {
      let g = apply('and', local[k]!, down[k]!);
      for (const s of kids[k]!) if (s !== c) g = apply('and', g, up[s]!);
      down[c] = exists(g, sepLevels(c));
    }
  }
  return { local, up, down, belief, ms: performance.now() - t0 };
}

console.log(
  `long-range ${longRange * 100} %, seed ${seed}: ${K} clusters, ${core.length} over ${MAX_TUPLES} rows (the core: ${core.join(', ')}); ` +
    `order: ${value('order', 'tree') === 'tree' ? 'clusters depth-first' : 'attribute index'}; budget ${budget} nodes`,
);
const fmt = (a: number, k: number, withValues: boolean) => {
  const lv = [...sepLevels(k)].sort((p, q) => p - q);
  const { nodes, values } = size(a);
  return `${nodes}${withValues ? ` (${values} values)` : ''} / ${count(a, lv).toExponential(1)}`;
};
let booleanPass: Pass | null = null;
try {
  const b = (booleanPass = pass(false));
  console.log(`\nboolean messages (${b.ms.toFixed(0)} ms, ${nodeLvl.length} nodes made so far)`);
  console.log(
    '| cluster | parent | attrs / separator | own rules (all tables inside), nodes | up: nodes / classes | down: nodes / classes | separator product | belief nodes |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const k of core) {
    let own = 1;
    const vars = new Set(td.clusters[k]!);
    tables.forEach((t, ti) => inside(t, vars) && (own = apply('and', own, tableMdd[ti]!)));
    const prod = sepOf(k).reduce((q, x) => q * sizes[x]!, 1);
    console.log(
      `| ${k} | ${td.parent[k]} | ${vars.size} / ${sepOf(k).length} | ${size(own).nodes} | ${fmt(b.up[k]!, k, false)} | ${fmt(b.down[k]!, k, false)} | ${prod.toExponential(1)} | ${size(b.belief[k]!).nodes} |`,
    );
  }
  const m = pass(true);
  console.log(`\nmin-sum messages, defaults-only costs (no choice; ${m.ms.toFixed(0)} ms, ${nodeLvl.length} nodes made so far)`);
  console.log(
    '| cluster | up: nodes (distinct costs) / finite classes | down: nodes (distinct costs) / finite classes | belief nodes (distinct costs) |',
  );
  console.log('|---|---|---|---|');
  for (const k of core) {
    const bel = size(m.belief[k]!);
    console.log(`| ${k} | ${fmt(m.up[k]!, k, true)} | ${fmt(m.down[k]!, k, true)} | ${bel.nodes} (${bel.values}) |`);
  }
  // The defaults break no rule (syntheticProduct), so every cluster's belief has minimum 0.
  const minima = m.belief.map((f) => termVal.get(exists(f, new Set()))!);
  console.log(`belief minima: ${minima.filter((v) => v === 0).length} of ${K} clusters at 0 (the defaults are valid)`);
} catch (err) {
  console.log(`stopped: ${(err as Error).message} (${nodeLvl.length} nodes made)`);
}

// Check against the independent CSP search: a value is allowed by its top cluster's boolean belief
// iff the whole product has a valid configuration with it (search with a node budget; unknown skipped).
if (booleanPass) {
  const random = rng(seed);
  let agree = 0;
  let disagree = 0;
  let unknown = 0;
  let allowed = 0;
  for (let i = 0; i < checks; i++) {
    const x = Math.floor(random() * sizes.length);
    const v = Math.floor(random() * sizes[x]!);
    const byDiagram =
      exists(
        apply(
          'and',
          booleanPass.belief[top[x]!]!,
          mk(
            level[x]!,
            Int32Array.from({ length: sizes[x]! }, (_, d) => (d === v ? 1 : 0)),
          ),
        ),
        new Set(),
      ) !== 0;
    const fixed = new Int32Array(sizes.length).fill(-1);
    fixed[x] = v;
    const r = extendable(tables, domains(sizes, tables, fixed), searchBudget);
    if (r === null) unknown++;
    else if (r === byDiagram) agree++;
    else disagree++;
    if (byDiagram) allowed++;
  }
  console.log(
    `\ncheck: ${checks} random (attribute, value): ${agree} agree with the CSP search, ${disagree} disagree, ${unknown} over its budget; ${allowed} allowed`,
  );
}
