import { Worker } from 'node:worker_threads';
import {
  modelFromWeights,
  newTabulation,
  tabulate,
  tabulationData,
  PreferenceModelSchema,
  type PreferenceModel,
} from '../../catalog/recommend/model.js';
import { DEFAULT_TRAIN, trainPseudoLikelihood, type TrainOptions } from '../../catalog/recommend/pseudoLikelihood.js';

/**
 * The learning thread, evaluated from a string (like the SQLite writer) so that it runs the same
 * under tsx and from the esbuild bundle: the catalog's own tabulating, training and exporting
 * functions, whose source refers to nothing outside them. Messages in: { batch: string[] } (the
 * configurations as stored JSON), then { done: true }; out: { model } or { error }.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// esbuild (tsx) may wrap inner functions in __name(fn, name) calls when keeping names.
const __name = (f) => f;
const ${newTabulation.name} = ${newTabulation.toString()};
const ${tabulate.name} = ${tabulate.toString()};
const ${tabulationData.name} = ${tabulationData.toString()};
const ${trainPseudoLikelihood.name} = ${trainPseudoLikelihood.toString()};
const ${modelFromWeights.name} = ${modelFromWeights.toString()};
const tab = ${newTabulation.name}(workerData.attrs);
parentPort.on('message', (m) => {
  try {
    if (m.batch) for (const s of m.batch) ${tabulate.name}(tab, JSON.parse(s));
    else {
      const w = ${trainPseudoLikelihood.name}(${tabulationData.name}(tab), workerData.options);
      parentPort.postMessage({ model: ${modelFromWeights.name}(tab, w) });
    }
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
});
`;

export interface LearnBudget {
  /** The worker is stopped (and learning fails) after this long. */
  timeoutMs: number;
  /** Its old-generation heap limit. */
  maxHeapMb: number;
}

export const DEFAULT_BUDGET: LearnBudget = { timeoutMs: 120_000, maxHeapMb: 512 };

/**
 * Learn a preference model off the event loop: the configurations (stored JSON strings) arrive in
 * batches from `batches` and are tabulated in the worker as they come, then the worker trains.
 */
export async function learnInWorker(
  attrs: string[],
  batches: AsyncIterable<string[]>,
  options: TrainOptions = DEFAULT_TRAIN,
  budget: LearnBudget = DEFAULT_BUDGET,
): Promise<PreferenceModel> {
  const worker = new Worker(SOURCE, {
    eval: true,
    workerData: { attrs, options },
    resourceLimits: { maxOldGenerationSizeMb: budget.maxHeapMb },
  });
  let timer: NodeJS.Timeout | undefined;
  const result = new Promise<PreferenceModel>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`learning took longer than ${budget.timeoutMs} ms`)), budget.timeoutMs);
    worker.on('message', (m: { model?: unknown; error?: string }) => {
      if (m.error) return reject(new Error(m.error));
      const parsed = PreferenceModelSchema.safeParse(m.model);
      if (parsed.success) resolve(parsed.data);
      else reject(new Error('the learning worker returned a malformed model'));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the learning worker exited (${code})`)));
  });
  result.catch(() => undefined);
  try {
    for await (const batch of batches) worker.postMessage({ batch });
    worker.postMessage({ done: true });
    return await result;
  } finally {
    clearTimeout(timer);
    void worker.terminate();
  }
}
