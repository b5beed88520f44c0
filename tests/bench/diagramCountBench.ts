// npx tsx tests/bench/diagramCountBench.ts [--long-range 0.2] [--renault] [--seed 7] [--compare [--mdd]]
// The exact count of one synthetic product (one per run, so RSS is its own): compiled as the
// engine chooses, then variantCount as the compile worker calls it, with its CPU time
// (process.cpuUsage) and the RSS after. With --compare, the count of the diagram form forced
// and of the tree form where it compiles (and the MDD with --mdd: forced without its cap, a
// long-range product's can run out of memory), which must all agree.
import { compileProduct, type EngineForm } from '../../catalog/rules/compileProduct.js';
import { count, parseProduct, variantCount } from '../../catalog/index.js';
import { load1 } from './engineStats.js';
import { syntheticProduct, type SyntheticOptions } from './syntheticProduct.js';

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const seed = Number(value('seed') ?? 7);
const longRange = Number(value('long-range') ?? 0.2);
const options: SyntheticOptions = args.includes('--renault')
  ? { attributes: 1480, options: [2, 4], rules: 1740, seed, longRange }
  : { attributes: 200, options: 10, rules: 300, seed, longRange };
const make = () => {
  const r = parseProduct(syntheticProduct(options));
  if (!r.ok) throw new Error('generated product refused');
  return r.product;
};
const label = `${args.includes('--renault') ? '10× Renault' : '200×10'}, long-range ${longRange * 100} %, seed ${seed}`;
console.log(`${label}; load ${load1()}`);
const product = make();
const ct = compileProduct(product);
console.log(`form ${ct.form}, compiled in ${ct.compileMs.toFixed(0)} ms: ${ct.formReason}`);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const n = variantCount(product);
const cpu = process.cpuUsage(cpu0);
console.log(
  `variantCount: ${n ?? 'null (over budget)'}${n ? ` (${n.length} digits)` : ''}; cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, ` +
    `wall ${(performance.now() - t0).toFixed(0)} ms, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`,
);
if (args.includes('--compare')) {
  for (const form of ['diagram', 'tree', ...(args.includes('--mdd') ? ['mdd'] : [])] as EngineForm[]) {
    if (form === ct.form) continue;
    const p = make();
    try {
      compileProduct(p, { form });
    } catch (e) {
      console.log(`${form}: does not compile (${(e as Error).message.slice(0, 80)})`);
      continue;
    }
    const c0 = process.cpuUsage();
    let m: string;
    try {
      m = count(p).toString();
    } catch (e) {
      m = `no count (${(e as Error).message.slice(0, 80)})`;
    }
    const c = process.cpuUsage(c0);
    console.log(`${form}: ${m === n ? 'same count' : `DIFFERENT: ${m}`}; cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`);
  }
}
