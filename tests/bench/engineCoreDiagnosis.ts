// npx tsx tests/bench/engineCoreDiagnosis.ts [--long-range 0.2] [--seed 7] [--samples 200]
// Why a synthetic product of the engine benchmark (200 attributes × 10 options, 300 rules, the
// given share of long-range rules; see engineSynthetic.ts) does not compile in the tree form, in
// figures: the clusters of the decomposition the tree form compiles (ruleDecomposition) whose
// table of shared-attribute combinations would pass compileCluster's MAX_TUPLES, with
// - the rows their own rules allow (what compileCluster would enumerate), and
// - an estimate of the rows that extend to a full valid configuration (what is left after the
//   semi-join passes, i.e. the smallest table any exact tuple-table tree on this decomposition
//   can hold): the share of uniformly random combinations of the shared attributes that the
//   independent CSP solver (satisfiable.ts's propagation, complete search here with a node
//   budget: a check that runs out of it is counted as unknown) extends, times their product.
// Then compileProduct's own verdict. Prints text; no timing is asserted.
import { compileCluster, MAX_TUPLES } from '../../catalog/rules/compileCluster.js';
import { compileProduct } from '../../catalog/rules/compileProduct.js';
import { ruleTables } from '../../catalog/rules/ruleTables.js';
import { domains } from '../../catalog/rules/satisfiable.js';
import { buildSpace } from '../../catalog/rules/space.js';
import { ruleDecomposition } from '../../catalog/rules/treeDecomposition.js';
import { rng } from './engineStats.js';
import { argValue, extendable, longRangeProduct } from './longRangeCore.js';

const value = argValue;
const longRange = Number(value('long-range', '0.2'));
const seed = Number(value('seed', '7'));
const samples = Number(value('samples', '200'));
const budget = Number(value('budget', '2000'));

const product = longRangeProduct(seed, longRange);
const space = buildSpace(product);
const tables = ruleTables(product, space);
const sizes = space.keys.map((k) => k.length);
const tablesAt: number[][] = sizes.map(() => []);
tables.forEach((t, ti) => new Set(t.scope).forEach((x) => tablesAt[x]!.push(ti)));
const group = (x: number) => Math.floor(x / 8);
const longTables = tables.filter((t) => new Set(t.scope.map(group)).size > 1).length;
const td = ruleDecomposition(sizes, tables);
const holders = new Int32Array(sizes.length);
for (const c of td.clusters) for (const x of c) holders[x] = holders[x]! + 1;
console.log(
  `long-range ${longRange * 100} %, seed ${seed}: ${sizes.length} attributes, ${tables.length} rule tables (${longTables} across groups); ` +
    `decomposition: ${td.clusters.length} clusters, width ${td.width}; ${samples} samples per cluster`,
);
console.log(
  '| cluster | attrs | shared | product of shared domains | rows its rules allow | extend (sampled; unknown = over the node budget) | est. rows after semi-join | ms per check |',
);
console.log('|---|---|---|---|---|---|---|---|');
const random = rng(seed);
let total = 0;
for (let k = 0; k < td.clusters.length; k++) {
  const vars = td.clusters[k]!;
  const shared = vars.filter((x) => holders[x]! > 1);
  const cl = compileCluster(sizes, tables, tablesAt, vars, (x) => holders[x]! > 1, 0);
  const local = 'tooMany' in cl ? cl.tooMany : cl.node.length;
  if (local <= MAX_TUPLES) continue;
  const product = shared.reduce((p, x) => p * sizes[x]!, 1);
  let ok = 0;
  let unknown = 0;
  const t0 = performance.now();
  for (let i = 0; i < samples; i++) {
    const fixed = new Int32Array(sizes.length).fill(-1);
    for (const x of shared) fixed[x] = Math.floor(random() * sizes[x]!);
    const r = extendable(tables, domains(sizes, tables, fixed), budget);
    if (r === null) unknown++;
    else if (r) ok++;
  }
  const known = samples - unknown;
  const est = known ? (product * ok) / known : NaN;
  total += est;
  const ms = (performance.now() - t0) / samples;
  console.log(
    `| ${k} | ${vars.length} | ${shared.length} | ${product.toExponential(2)} | ${local.toExponential(2)} | ${ok}/${known}${unknown ? ` (${unknown} unknown)` : ''} | ${est.toExponential(1)} | ${ms.toFixed(1)} |`,
  );
}
console.log(
  `estimated rows after semi-join, summed over those clusters: ${total.toExponential(1)} (cap ${MAX_TUPLES} per cluster)`,
);
const t0 = performance.now();
try {
  const ct = compileProduct(product);
  console.log(`compileProduct: ${ct.form} in ${(performance.now() - t0).toFixed(0)} ms: ${ct.formReason}`);
} catch (err) {
  console.log(`compileProduct failed after ${(performance.now() - t0).toFixed(0)} ms: ${(err as Error).message}`);
}
