// npx tsx tests/bench/recommendSolveBench.ts <folder> <instance> [train=2000] [cases=400]
//
// The min-sum pass a recommendation makes four times (catalog/recommend/bestCompletion.ts), timed in
// one run on the same cases: `cheapestCompletion` (on an MDD-form product: the recommender's own
// shortest path over flat costs with buffers kept per product) against the engine's
// `cheapestValues` (catalog/rules/bestCompletion.ts: per-variable cost arrays, allocations per
// call), and whether they answer the same. Cases: a model learned (20 steps) from the first
// `train` sales, then for the next `cases` sales a random number of their values as choices and
// the learned weights conditioned on them. Medians and p99 in ms over 3 rounds of the cases.
import { cheapestCompletion, minMarginals, perVariableCosts } from '../../catalog/recommend/bestCompletion.js';
import { countedAttributes, learnPreferences } from '../../catalog/recommend/model.js';
import { bindModel, conditionedCosts, recommend } from '../../catalog/recommend/recommend.js';
import { cheapestValues } from '../../catalog/rules/bestCompletion.js';
import { load1, percentile, rng, shuffle } from './engineStats.js';
import { loadRenault } from './renaultSales.js';

const [folder, instance, trainArg, casesArg] = process.argv.slice(2);
if (!folder || !instance) throw new Error('usage: recommendSolveBench.ts <folder> <instance> [train] [cases]');
const nTrain = Number(trainArg ?? 2000);
const nCases = Number(casesArg ?? 400);
const { product, ct, vars, sales: all, configOf } = loadRenault(folder, instance);
const sales = all.slice(0, nTrain + nCases);
const model = bindModel(
  ct,
  learnPreferences(sales.slice(0, nTrain).map(configOf), countedAttributes(product), {
    l2: 0.0001,
    iterations: 20,
    learningRate: 0.15,
  }),
);
const random = rng(1);
const cases = sales.slice(nTrain).map((sale) => {
  const chosen = new Int32Array(ct.sizes.length).fill(-1);
  const order = shuffle([...vars.keys()], random);
  for (const k of order.slice(0, Math.floor(random() * vars.length))) chosen[vars[k]!] = sale[k]!;
  return { chosen, costs: conditionedCosts(model, chosen, chosen) };
});
function time(name: string, f: (c: (typeof cases)[number]) => unknown): number {
  for (const c of cases.slice(0, 50)) f(c);
  const ts: number[] = [];
  for (let r = 0; r < 3; r++)
    for (const c of cases) {
      const s = performance.now();
      f(c);
      ts.push(performance.now() - s);
    }
  const median = percentile(ts, 50);
  console.log(`${name}: median_ms=${median.toFixed(4)} p99_ms=${percentile(ts, 99).toFixed(4)}`);
  return median;
}

console.log(`${instance}: form ${ct.form} (${ct.formReason}), ${cases.length} cases, load ${load1()}`);
let differ = 0;
for (const c of cases) {
  const a = cheapestCompletion(ct, c.chosen, c.costs);
  const b = cheapestValues(ct, perVariableCosts(ct, c.chosen, c.costs));
  if (!a || !b || a.some((v, x) => v !== b[x])) differ++;
}
const own = time('cheapestCompletion', (c) => cheapestCompletion(ct, c.chosen, c.costs));
const engine = time('engine cheapestValues', (c) => cheapestValues(ct, perVariableCosts(ct, c.chosen, c.costs)));
time('minMarginals', (c) => minMarginals(ct, c.chosen, c.costs));
time('recommend', (c) => recommend(model, c.chosen));
console.log(`solve ${instance}: differ=${differ} engine_over_own=${(engine / own).toFixed(2)} load ${load1()}`);
