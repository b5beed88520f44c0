import { PreferenceModelSchema, type PreferenceModel } from '../../catalog/recommend/model.js';
import { DEFAULT_TRAIN, type TrainOptions } from '../../catalog/recommend/pseudoLikelihood.js';
import { moduleWorker } from '../workers/moduleWorker.js';
import type { LearnMessage } from './learnThread.js';

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
  // The thread is learnThread.ts (bundled as dist/server/recommend/learnThread.mjs).
  const worker = moduleWorker(import.meta.url, './learnThread.ts', './recommend/learnThread.mjs', {
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
    for await (const batch of batches) worker.postMessage({ batch } satisfies LearnMessage);
    worker.postMessage({ done: true } satisfies LearnMessage);
    return await result;
  } finally {
    clearTimeout(timer);
    void worker.terminate();
  }
}
