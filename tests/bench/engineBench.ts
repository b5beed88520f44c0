// npm run bench:engine -- <folder> <instance> [--traces N] [--rounds N] [--peer-clicks N] [--seed N] [--form mdd|tree|diagram]
// npm run bench:engine -- --synthetic [...]  (see engineSynthetic.ts)
// Imports <folder>/<instance>_domainsorted.xml, compiles and counts it, replays N sales lines of
// <folder>/config_<instance>_filtered.txt as click sequences (evaluate after every click), runs
// the logic-solver peer on a sample of the same clicks in a worker, checks both agree, and ends
// with one summary line. The click replay is warmed up first, then repeated --rounds times
// (default 3); the summary gives the median over rounds of each round's p50 and p99, and the
// lines above it each round's figures, CPU-time percentiles and the machine's load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { variantCount, evaluate, lint, parseProduct, type Choices, type Product } from '../../catalog/index.js';
import { importXcsp, kebab, optionId } from '../../catalog/import/index.js';
import { compileProduct, mddBytes, treeBytes } from '../../catalog/rules/compileProduct.js';
import { ClickTimer, fmtMs, load1, median, percentile, rng, shuffle } from './engineStats.js';

const args = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
if (args.includes('--synthetic')) {
  await import('./engineSynthetic.js');
  process.exit(0);
}
const [folder, instance] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!folder || !instance) {
  console.error(
    'usage: npm run bench:engine -- <folder> <instance> [--traces N] [--rounds N] [--peer-clicks N] [--seed N] [--form mdd|tree|diagram]',
  );
  process.exit(2);
}
const traces = flag('traces', 200);
const rounds = Math.max(1, flag('rounds', 3));
const peerClicks = flag('peer-clicks', 30);
const random = rng(flag('seed', 42));

const parsed = parseProduct(importXcsp(readFileSync(join(folder, `${instance}_domainsorted.xml`), 'utf8')));
if (!parsed.ok) throw new Error(`import failed: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
const product = parsed.product;
const heapBefore = process.memoryUsage().heapUsed;
// --form mdd|tree|diagram forces a form (default: the one compileProduct chooses).
const forced = args.includes('--form') ? (args[args.indexOf('--form') + 1] as 'mdd' | 'tree' | 'diagram') : undefined;
const ct = compileProduct(product, forced ? { form: forced } : {});
const heapAfter = process.memoryUsage().heapUsed;
const total = variantCount(product) ?? 'over-budget';
const shape = ct.diagrams
  ? `tree of ${ct.diagrams.vars.length} decision diagrams, ${ct.diagrams.nodes.count} nodes`
  : ct.tree
    ? `tree of ${ct.tree.vars.length} clusters (width ${ct.tree.width}), ${ct.tree.nTuples.reduce((a, b) => a + b, 0)} rows, ${(treeBytes(ct.tree) / 1024).toFixed(0)} KiB typed arrays`
    : `MDD ${ct.mdd.layerStart.at(-1)!} nodes, ${ct.mdd.edgeVal.length} edges, ${(mddBytes(ct.mdd) / 1024).toFixed(0)} KiB typed arrays`;
console.log(
  `compiled: ${product.attributes.length} attributes, ${ct.tables.length} rules, ${shape}, heap +${((heapAfter - heapBefore) / 1048576).toFixed(1)} MiB`,
);
console.log(`form: ${ct.form} — ${ct.formReason}`);

// Sales lines → click sequences.
const lines = readFileSync(join(folder, `config_${instance}_filtered.txt`), 'utf8')
  .trim()
  .split(/\r?\n/);
const header = lines[0]!.trim().split(/\s+/).map(kebab);
const sales = shuffle(lines.slice(1), random).slice(0, traces);
const optional = new Map(product.attributes.map((a) => [a.id, a.optional]));
/** Each sales line as the sequence of explicit choices after each of its clicks. */
const sequences: Choices[][] = sales.map((line) => {
  const values = line.trim().split(/\s+/).map(Number);
  const choices: Record<string, string | null> = {};
  return shuffle([...header.keys()], random).map((k) => {
    const v = values[k]!;
    choices[header[k]!] = v === -1 && optional.get(header[k]!) ? null : optionId(v);
    return { ...choices };
  });
});
const clicks = sequences.flat();
const replay = (list: Choices[], timer?: ClickTimer) => {
  for (const choices of list) {
    timer?.start();
    const e = evaluate(product, choices);
    timer?.stop();
    if (!e.ok) throw new Error(`a sold configuration was refused: ${JSON.stringify(e.violations)}`);
  }
};
// Warm-up: let the JIT settle on a share of the clicks before anything is timed.
replay(clicks.slice(0, Math.min(clicks.length, 2000)));
const perRound: { p50: number; p99: number }[] = [];
for (let r = 0; r < rounds; r++) {
  const timer = new ClickTimer();
  const loadBefore = load1();
  replay(clicks, timer);
  const s = timer.summary();
  perRound.push(s);
  console.log(
    `round ${r + 1}/${rounds}: ${s.n} clicks (${sales.length} sales lines); evaluate p50 ${fmtMs(s.p50)} ms, p99 ${fmtMs(s.p99)} ms, ` +
      `max ${fmtMs(s.max)} ms; CPU time p50 ${fmtMs(s.cpuP50)} ms, p99 ${fmtMs(s.cpuP99)} ms; load ${loadBefore} → ${load1()}`,
  );
}
const p50 = median(perRound.map((r) => r.p50));
const p99 = median(perRound.map((r) => r.p99));
console.log(`median of ${rounds} rounds: p50 ${fmtMs(p50)} ms, p99 ${fmtMs(p99)} ms`);

// Reasons are lazy: measure what reading them costs on a few clicks.
const reasonTimes: number[] = [];
for (const choices of shuffle([...clicks], random).slice(0, 3)) {
  const e = evaluate(product, choices);
  if (!e.ok) continue;
  const t0 = performance.now();
  let n = 0;
  for (const a of Object.values(e.attributes))
    for (const s of Object.values(a.options)) if (s.state !== 'available' && n < 20) n += s.reasons.length >= 0 ? 1 : 0;
  reasonTimes.push((performance.now() - t0) / Math.max(1, n));
}
console.log(`reasons (minimal, lazy): ${percentile(reasonTimes, 50).toFixed(1)} ms per refused option (median over clicks)`);

// Lint (every check, the never-restricts search included) with no time budget.
{
  let unchecked = 0;
  const t0 = performance.now();
  const findings = lint(product, { budgetMs: Infinity, onUnchecked: (n) => (unchecked = n) });
  const codes = new Map<string, number>();
  for (const f of findings) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
  console.log(
    `lint: ${(performance.now() - t0).toFixed(0)} ms, ${[...codes].map(([c, n]) => `${n} ${c}`).join(', ')}; ${unchecked} rules left unchecked`,
  );
}

// The peer, on a sample of the same clicks, in a worker with a memory cap.
const sample = shuffle([...clicks], random).slice(0, peerClicks);
const peer = await runPeer(product, sample);
let peerP50: number | null = null;
if (peer) {
  peer.forEach((r, i) => {
    const e = evaluate(product, sample[i]!);
    if (!e.ok || !r.valid) throw new Error('MISMATCH: engine or peer found a sampled click inconsistent');
    for (const [attr, valid] of Object.entries(r.valid)) {
      const chosen = Object.prototype.hasOwnProperty.call(sample[i], attr);
      const engine = Object.entries(e.attributes[attr]!.options)
        .filter(([k, s]) => (chosen ? k === keyOfValue(e.configuration[attr]) : s.state === 'available'))
        .map(([k]) => k);
      if (engine.sort().join() !== [...valid].sort().join())
        throw new Error(`MISMATCH on ${attr} after ${JSON.stringify(sample[i])}: engine ${engine}, peer ${valid}`);
    }
  });
  peerP50 = percentile(
    peer.map((r) => r.ms),
    50,
  );
  console.log(`peer (logic-solver): ${peer.length} clicks agree; p50 ${peerP50.toFixed(1)} ms`);
}
console.log(
  `engine ${instance}: count=${total} compile_ms=${ct.compileMs.toFixed(0)} p50_ms=${fmtMs(p50)} p99_ms=${fmtMs(p99)} ` +
    `peer_p50_ms=${peerP50 === null ? 'failed' : fmtMs(peerP50)} speedup_p50=${peerP50 === null ? 'na' : (peerP50 / p50).toFixed(0)}`,
);

function keyOfValue(v: string | null | undefined): string {
  return v === null || v === undefined ? '__none__' : v;
}

function runPeer(p: Product, clicks: Choices[]): Promise<{ ms: number; valid: Record<string, string[]> | null }[] | null> {
  return new Promise((resolve) => {
    // Workers do not inherit tsx's loader: register it, then load the TypeScript worker.
    const entry = new URL('./engineLogicWorker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(boot, {
      eval: true,
      workerData: { product: p, clicks },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    worker.once('message', (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', (err) => {
      console.log(`peer failed: ${err.message}`);
      resolve(null);
    });
    worker.once('exit', (code) => {
      if (code !== 0) resolve(null);
    });
  });
}
