// npm run bench:engine -- --synthetic [--clicks N] [--seed N] [--sizes 10,20,50] [--long-range 0.05,0.1]
//   [--no-big] [--no-wide] [--only <label substring>] [--form mdd|tree|diagram] [--timeout S]
// Scaling of the engine on seeded synthetic products (see syntheticProduct.ts): for each
// configuration, in its own worker thread (so a blow-up is reported, not fatal): generate,
// compile, count, then time `evaluate` over random click sequences of a simulated consumer
// (a random attribute not yet chosen, a random option that is available or in conflict,
// applying the proposed changes for a conflict). Prints one table row per configuration.
import { Worker } from 'node:worker_threads';
import { fmtMs, load1 } from './engineStats.js';
import type { SyntheticOptions } from './syntheticProduct.js';
import type { SyntheticResult } from './engineSyntheticWorker.js';

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const list = (name: string, def: number[]) => value(name)?.split(',').map(Number) ?? def;
const clicks = Number(value('clicks') ?? 2000);
const seed = Number(value('seed') ?? 7);
const timeoutMs = Number(value('timeout') ?? 240) * 1000;
const form = value('form') as 'mdd' | 'tree' | 'diagram' | undefined;
const only = value('only');

interface Job {
  label: string;
  product: SyntheticOptions;
}
const jobs: Job[] = [];
for (const n of list('sizes', [10, 20, 50, 100, 200, 500]))
  jobs.push({ label: 'scaling', product: { attributes: n, options: 10, rules: Math.round(1.5 * n), seed } });
for (const lr of list('long-range', [0.02, 0.05, 0.1, 0.2]))
  jobs.push({ label: `long-range ${lr * 100}%`, product: { attributes: 200, options: 10, rules: 300, seed, longRange: lr } });
if (!args.includes('--no-big')) {
  // Ten times Renault medium (148 variables of 2–20 values, 426 in all; 174 tables).
  jobs.push({ label: '10× Renault', product: { attributes: 1480, options: [2, 4], rules: 1740, seed } });
  jobs.push({
    label: '10× Renault, 5% long-range',
    product: { attributes: 1480, options: [2, 4], rules: 1740, seed, longRange: 0.05 },
  });
}
if (!args.includes('--no-wide'))
  // Shaped like a large real car catalog: 300 attributes of 2–6 options, 3 % with 300, rules
  // crossing groups often enough for a tree width of about 12 (11 with seed 7).
  jobs.push({
    label: 'wide 300 (300 attrs, 3 % of 300 values), width ≈ 12',
    product: { attributes: 300, options: [2, 6], wide: { share: 0.03, options: 300 }, rules: 450, seed, longRange: 0.15 },
  });

console.log(
  `synthetic: seed ${seed}, ${clicks} timed clicks per product (sequences of up to 40 clicks), groups of 8 attributes; ` +
    `load ${load1()}, per-product timeout ${timeoutMs / 1000} s`,
);
const header = [
  'product',
  'attrs×opts',
  'rules',
  'form',
  'compile_ms',
  'nodes_or_rows',
  'count',
  'p50_ms',
  'p99_ms',
  'cpu_p50_ms',
  'cpu_p99_ms',
  'rss_mb',
  'load',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const job of jobs) {
  if (only && !job.label.includes(only)) continue;
  const loadBefore = load1();
  const r = await runJob(job.product);
  const p = job.product;
  const shape = `${p.attributes}×${typeof p.options === 'number' ? p.options : p.options.join('–')}${p.wide ? `,${p.wide.options}` : ''}`;
  const cells =
    'error' in r
      ? [job.label, shape, String(p.rules), '', `FAILED: ${r.error}`, '', '', '', '', '', '', '', loadBefore]
      : [
          job.label,
          shape,
          String(r.rules),
          r.form,
          r.compileMs.toFixed(0),
          String(r.nodes),
          !/^\d+$/.test(r.count) ? r.count : r.count.length > 12 ? `~1e${r.count.length - 1}` : r.count,
          fmtMs(r.p50),
          fmtMs(r.p99),
          fmtMs(r.cpuP50),
          fmtMs(r.cpuP99),
          r.rssMb.toFixed(0),
          `${loadBefore}→${load1()}`,
        ];
  console.log(`| ${cells.join(' | ')} |`);
}

function runJob(product: SyntheticOptions): Promise<SyntheticResult | { error: string }> {
  return new Promise((resolve) => {
    // Workers do not inherit tsx's loader: register it, then load the TypeScript worker.
    const entry = new URL('./engineSyntheticWorker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(boot, {
      eval: true,
      workerData: { product, clicks, seed, form },
      resourceLimits: { maxOldGenerationSizeMb: 1536 },
    });
    const timer = setTimeout(() => {
      resolve({ error: `no result within ${timeoutMs / 1000} s` });
      void worker.terminate();
    }, timeoutMs);
    worker.once('message', (m: SyntheticResult | { error: string }) => {
      clearTimeout(timer);
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      resolve({ error: err.message.slice(0, 120) });
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) resolve({ error: `worker exited with ${code}` });
    });
  });
}
