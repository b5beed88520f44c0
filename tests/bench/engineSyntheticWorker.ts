// One synthetic product in a worker thread: generate, compile, count, time random click sequences.
import { parentPort, workerData } from 'node:worker_threads';
import { variantCount, evaluate, NONE_KEY, parseProduct, type Choices, type Evaluation } from '../../catalog/index.js';
import { compileProduct } from '../../catalog/rules/compileProduct.js';
import { ClickTimer, rng } from './engineStats.js';
import { syntheticProduct, type SyntheticOptions } from './syntheticProduct.js';

export interface SyntheticResult {
  rules: number;
  form: string;
  rssMb: number;
  compileMs: number;
  nodes: number;
  count: string;
  clicks: number;
  p50: number;
  p99: number;
  cpuP50: number;
  cpuP99: number;
}

const {
  product: options,
  clicks,
  seed,
  form,
} = workerData as {
  product: SyntheticOptions;
  clicks: number;
  seed: number;
  form?: 'mdd' | 'tree' | 'diagram';
};
try {
  parentPort!.postMessage(run());
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message.slice(0, 160) });
}

function run(): SyntheticResult {
  const parsed = parseProduct(syntheticProduct(options));
  if (!parsed.ok) throw new Error(`generated product refused: ${JSON.stringify(parsed.issues.slice(0, 2))}`);
  const product = parsed.product;
  const ct = compileProduct(product, form ? { form } : {});
  const total = variantCount(product) ?? 'over the count budget';
  const random = rng(seed * 7919 + 1);
  const ids = product.attributes.map((a) => a.id);
  const sequenceLength = Math.min(40, ids.length);
  /** One simulated consumer: `sequenceLength` clicks from no choices; each timed unless warming up. */
  const session = (timer: ClickTimer | null, budget: number) => {
    let choices: Record<string, string | null> = {};
    let e: Evaluation = evaluate(product, choices);
    const left = [...ids];
    for (let k = 0; k < sequenceLength && budget > 0 && e.ok; k++, budget--) {
      const attr = left.splice(Math.floor(random() * left.length), 1)[0]!;
      const offered = Object.entries(e.attributes[attr]!.options).filter(([, s]) => s.state !== 'impossible');
      const [key, state] = offered[Math.floor(random() * offered.length)]!;
      if (state.state === 'conflict') for (const c of state.changes) choices[c.attr] = c.to;
      choices = { ...choices, [attr]: key === NONE_KEY ? null : key };
      timer?.start();
      e = evaluate(product, choices as Choices);
      timer?.stop();
      if (!e.ok) throw new Error(`an offered option led to a dead end after ${JSON.stringify(choices)}`);
    }
    return budget;
  };
  for (let warm = 400; warm > 0;) warm = session(null, warm);
  const timer = new ClickTimer();
  for (let budget = clicks; budget > 0;) budget = session(timer, budget);
  const s = timer.summary();
  return {
    rules: product.rules.length,
    form: ct.tree
      ? `tree w${ct.tree.width}`
      : ct.diagrams
        ? `diagram w${Math.max(...ct.diagrams.vars.map((v) => v.length)) - 1}`
        : 'mdd',
    rssMb: process.memoryUsage().rss / 1048576,
    compileMs: ct.compileMs,
    nodes: ct.tree
      ? ct.tree.nTuples.reduce((a, b) => a + b, 0)
      : ct.diagrams
        ? ct.diagrams.nodes.count
        : ct.mdd.layerStart.at(-1)!,
    count: total,
    clicks: s.n,
    p50: s.p50,
    p99: s.p99,
    cpuP50: s.cpuP50,
    cpuP99: s.cpuP99,
  };
}
