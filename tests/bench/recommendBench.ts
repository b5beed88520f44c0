// npm run bench:recommend -- <folder> <instance> [--folds all|F|F,G,…] [--seed N] [--refine R] [--evidence-weight W] [--l2 L] [--iterations I]
//
// The protocol of Brouard, de Givry & Schiex (CP 2020, toulbar2/CFN-learn renault.py) on
// <folder>/<instance>_domainsorted.xml, <folder>/config_<instance>_filtered.txt and the fold of
// each sale in <folder>/index_csv_<instance>.txt. For each test fold: learn the preference
// counts from the other folds' sales; for each test sale draw a random order of its variables;
// for k = 0 … n-1 give the first k values as hints (explicit choices) and predict the value of
// variable k+1. Precision at k = share of correct predictions. Every prediction of the model is
// checked by the engine (evaluate with the hints and the predicted value must succeed; `invalid`
// counts those that do not). The same run scores the references: marginal (most frequent value
// in the training sales), naive Bayes (that frequency × Π P(hint | value), no constraints) and the
// oracle (most frequent value among the TEST sales agreeing with the hints; an upper bound).
// The evidence weight (EVIDENCE_WEIGHT, how much the chosen values' pair weights count) is chosen per
// test fold on its training data only: an inner split holds out the next fold ((f+1) mod 10, one of
// the training folds), learns from the other eight, scores the candidate weights with the same
// protocol on up to --select-sales of the held-out sales (their own draws), and the final model is
// then learned from all nine training folds with the weight that scored best. --evidence-weight W
// fixes it instead. k = 0 is also scored over every variable of every test sale (the expectation
// over the random draw of the first variable), printed after the summary line.
// --folds: "all" (default), one fold number, or a comma list. Ends with one summary line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, NONE_KEY } from '../../catalog/index.js';
import { countPreferences, learnPreferences } from '../../catalog/recommend/model.js';
import { DEFAULT_TRAIN } from '../../catalog/recommend/pseudoLikelihood.js';
import { bindModel, bindNaiveBayes, conditionedCosts, DEFAULT_REFINE, recommend } from '../../catalog/recommend/recommend.js';
import { load1, percentile, rng, shuffle } from './engineStats.js';
import { loadRenault } from './renaultSales.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const [folder, instance] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!folder || !instance) {
  console.error('usage: npm run bench:recommend -- <folder> <instance> [--folds all|F|F,G,…] [--seed N]');
  process.exit(2);
}
const seed = Number(opt('seed') ?? 1);
const params = {
  ...DEFAULT_TRAIN,
  ...(opt('l2') ? { l2: Number(opt('l2')) } : {}),
  ...(opt('iterations') ? { iterations: Number(opt('iterations')) } : {}),
  ...(opt('learning-rate') ? { learningRate: Number(opt('learning-rate')) } : {}),
};
const refine = Number(opt('refine') ?? DEFAULT_REFINE);
const fixedWeight = opt('evidence-weight') === undefined ? undefined : Number(opt('evidence-weight'));
const candidates = (opt('candidates') ?? '0.4,0.6,0.8,1').split(',').map(Number);
const selectSales = Number(opt('select-sales') ?? 150);

const { product, ct, header, vars, sales, configOf } = loadRenault(folder, instance);
const { space, sizes } = ct;
const nv = vars.length;
const foldOf = readFileSync(join(folder, `index_csv_${instance}.txt`), 'utf8')
  .trim()
  .split(/\r?\n/)
  .map(Number);
if (foldOf.length !== sales.length) throw new Error(`${foldOf.length} fold indices for ${sales.length} sales`);
const allFolds = [...new Set(foldOf)].sort((a, b) => a - b);
const foldsArg = opt('folds') ?? 'all';
const folds = foldsArg === 'all' ? allFolds : foldsArg.split(',').map(Number);
if (folds.some((f) => !allFolds.includes(f))) throw new Error(`--folds ${foldsArg}: folds are ${allFolds.join(',')}`);

const random = rng(seed);
const methods = ['model', 'marginal', 'naiveBayes', 'oracle'] as const;
type Method = (typeof methods)[number];
const correct: Record<Method, Float64Array> = Object.fromEntries(methods.map((m) => [m, new Float64Array(nv)])) as Record<
  Method,
  Float64Array
>;
const total = new Float64Array(nv);
const times: number[] = [];
const learnMs: number[] = [];
let invalid = 0;
const nVars = sizes.length;

console.log(
  `${instance}: ${nVars} variables, ${nv} in the sales, ${sales.length} sales, folds ${folds.join(',')}, seed ${seed}, ` +
    `params ${JSON.stringify(params)} refine ${refine}, evidence weight ${fixedWeight ?? `selected from ${candidates.join('/')} on ${selectSales} inner-validation sales`}, load ${load1()}`,
);
/**
 * The evidence weight for one test fold, from its training folds only: learn from all but the
 * inner validation fold, then count correct predictions of each candidate weight over the same
 * draws of up to selectSales validation sales (every k).
 */
function selectWeight(fold: number): { weight: number; scores: number[] } {
  const inner = allFolds[(allFolds.indexOf(fold) + 1) % allFolds.length]!;
  const learned = learnPreferences(
    sales.filter((_, i) => foldOf[i] !== fold && foldOf[i] !== inner).map(configOf),
    header,
    params,
  );
  const models = candidates.map((w) => bindModel(ct, learned, w));
  const held = sales.filter((_, i) => foldOf[i] === inner);
  const pick = rng(seed * 7919 + fold);
  const sample = shuffle([...held.keys()], pick).slice(0, selectSales);
  const scores = candidates.map(() => 0);
  const chosen = new Int32Array(nVars);
  for (const s of sample) {
    const sale = held[s]!;
    const order = shuffle([...Array(nv).keys()], pick);
    chosen.fill(-1);
    for (let k = 0; k < nv; k++) {
      const x = vars[order[k]!]!;
      models.forEach((m, c) => {
        if (recommend(m, chosen, { refine })?.perVariable[x]!.value === sale[order[k]!]) scores[c]!++;
      });
      chosen[x] = sale[order[k]!]!;
    }
  }
  // Ties go to the larger weight (the model as learned).
  let best = 0;
  scores.forEach((sc, c) => (sc >= scores[best]! ? (best = c) : 0));
  return { weight: candidates[best]!, scores };
}

const learnCpu: number[] = [];
const k0All = { model: 0, marginal: 0, oracle: 0, n: 0 };
for (const fold of folds) {
  const train = sales.filter((_, i) => foldOf[i] !== fold);
  const test = sales.filter((_, i) => foldOf[i] === fold);
  const configs = train.map(configOf);
  const s0 = performance.now();
  const selected = fixedWeight === undefined ? selectWeight(fold) : { weight: fixedWeight, scores: [] };
  const selectMs = performance.now() - s0;
  const evidenceWeight = selected.weight;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const model = bindModel(ct, learnPreferences(configs, header, params), evidenceWeight);
  learnMs.push(performance.now() - t0);
  const learnCpuMs = process.cpuUsage(c0).user / 1000;
  learnCpu.push(learnCpuMs);
  const nb = bindNaiveBayes(ct, countPreferences(configs, header));
  const chosen = new Int32Array(nVars);
  const costs = new Float64Array(model.unary.length);
  const agree = new Int32Array(test.length);
  const tally = new Int32Array(20);
  // k = 0 over every variable: with no hints the prediction is the same for every sale.
  chosen.fill(-1);
  const rec0 = recommend(model, chosen, { refine });
  for (let col = 0; col < nv; col++) {
    const x = vars[col]!;
    const o = model.offset[x]!;
    let bm = 0;
    for (let d = 1; d < sizes[x]!; d++) if (nb.unary[o + d]! < nb.unary[o + bm]!) bm = d;
    tally.fill(0);
    for (const sale of test) tally[sale[col]!]!++;
    let bo = 0;
    for (let d = 1; d < sizes[x]!; d++) if (tally[d]! > tally[bo]!) bo = d;
    for (const sale of test) {
      k0All.n++;
      if (rec0?.perVariable[x]!.value === sale[col]) k0All.model++;
      if (bm === sale[col]) k0All.marginal++;
      if (bo === sale[col]) k0All.oracle++;
    }
  }
  let foldCorrect = 0;
  for (const sale of test) {
    const order = shuffle([...Array(nv).keys()], random);
    chosen.fill(-1);
    let nAgree = test.length;
    for (let i = 0; i < test.length; i++) agree[i] = i;
    const choices: Record<string, string | null> = {};
    for (let k = 0; k < nv; k++) {
      const col = order[k]!;
      const x = vars[col]!;
      const truth = sale[col]!;
      total[k]!++;
      // The model: most probable valid value given the hints.
      const s = performance.now();
      const rec = recommend(model, chosen, { refine });
      times.push(performance.now() - s);
      const pred = rec ? rec.perVariable[x]!.value : -1;
      if (pred === truth) {
        correct.model[k]!++;
        foldCorrect++;
      }
      const check = evaluate(product, {
        ...choices,
        [space.attrs[x]!.id]: space.keys[x]![pred] === NONE_KEY ? null : space.keys[x]![pred]!,
      });
      if (pred < 0 || !check.ok) invalid++;
      // Marginal and naive Bayes: the same counts, no constraints.
      const o = model.offset[x]!;
      let bm = 0;
      for (let d = 1; d < sizes[x]!; d++) if (nb.unary[o + d]! < nb.unary[o + bm]!) bm = d;
      if (bm === truth) correct.marginal[k]!++;
      conditionedCosts(nb, chosen, chosen, costs);
      let bn = 0;
      for (let d = 1; d < sizes[x]!; d++) if (costs[o + d]! < costs[o + bn]!) bn = d;
      if (bn === truth) correct.naiveBayes[k]!++;
      // Oracle: the most frequent value among test sales agreeing with the hints.
      tally.fill(0);
      for (let i = 0; i < nAgree; i++) tally[test[agree[i]!]![col]!]!++;
      let bo = 0;
      for (let d = 1; d < sizes[x]!; d++) if (tally[d]! > tally[bo]!) bo = d;
      if (bo === truth) correct.oracle[k]!++;
      // Give the hint.
      chosen[x] = truth;
      choices[space.attrs[x]!.id] = space.keys[x]![truth] === NONE_KEY ? null : space.keys[x]![truth]!;
      let w = 0;
      for (let i = 0; i < nAgree; i++) if (test[agree[i]!]![col] === truth) agree[w++] = agree[i]!;
      nAgree = w;
    }
  }
  console.log(
    `fold ${fold}: ${train.length} training sales, ${test.length} test sales, evidence weight ${evidenceWeight}${selected.scores.length ? ` (inner-validation hits ${selected.scores.join('/')}, ${(selectMs / 1000).toFixed(1)} s)` : ''}, ` +
      `learn ${learnMs.at(-1)!.toFixed(0)} ms (CPU ${learnCpuMs.toFixed(0)} ms), ` +
      `precision ${((100 * foldCorrect) / (test.length * nv)).toFixed(1)} %, load ${load1()}`,
  );
}

const pct = (m: Method, k: number) => (100 * correct[m][k]!) / total[k]!;
const mean = (m: Method) => (100 * correct[m].reduce((s, c) => s + c, 0)) / total.reduce((s, c) => s + c, 0);
console.log('\n| k (hints) | model % | marginal % | naive Bayes % | oracle % |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (let k = 0; k < nv; k++)
  console.log(
    `| ${k} | ${pct('model', k).toFixed(1)} | ${pct('marginal', k).toFixed(1)} | ${pct('naiveBayes', k).toFixed(1)} | ${pct('oracle', k).toFixed(1)} |`,
  );
const p99 = percentile(times, 99);
console.log(
  `\nrecommend ${instance}: folds=${folds.length} precision_mean=${mean('model').toFixed(1)} precision_k0=${pct('model', 0).toFixed(1)} ` +
    `precision_klast=${pct('model', nv - 1).toFixed(1)} marginal_mean=${mean('marginal').toFixed(1)} ` +
    `naive_bayes_mean=${mean('naiveBayes').toFixed(1)} oracle_mean=${mean('oracle').toFixed(1)} invalid=${invalid} ` +
    `learn_ms=${Math.round(Math.max(...learnMs))} p99_ms=${p99 < 10 ? p99.toFixed(2) : Math.round(p99)}`,
);
const pctAll = (c: number) => ((100 * c) / k0All.n).toFixed(1);
console.log(
  `learning CPU ms per fold: ${learnCpu.map((c) => c.toFixed(0)).join(' ')} (max ${Math.max(...learnCpu).toFixed(0)}); ` +
    `k=0 over every variable of every test sale: model ${pctAll(k0All.model)} marginal ${pctAll(k0All.marginal)} oracle ${pctAll(k0All.oracle)}; load ${load1()}`,
);
