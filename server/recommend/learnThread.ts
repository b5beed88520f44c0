import { parentPort, workerData } from 'node:worker_threads';
import { modelFromWeights, newTabulation, tabulate, tabulationData } from '../../catalog/recommend/model.js';
import { trainPseudoLikelihood, type TrainOptions } from '../../catalog/recommend/pseudoLikelihood.js';

/**
 * The learning thread (learnInWorker starts it): the catalog's own tabulating, training and
 * exporting functions. Messages in: { batch: string[] } (the configurations as stored JSON), then
 * { done: true }; out: { model } or { error }.
 */
export type LearnMessage = { batch: string[] } | { done: true };

const { attrs, options } = workerData as { attrs: string[]; options: TrainOptions };
const port = parentPort!;
const tab = newTabulation(attrs);
port.on('message', (m: LearnMessage) => {
  try {
    if ('batch' in m) for (const s of m.batch) tabulate(tab, JSON.parse(s) as Parameters<typeof tabulate>[1]);
    else port.postMessage({ model: modelFromWeights(tab, trainPseudoLikelihood(tabulationData(tab), options)) });
  } catch (e) {
    port.postMessage({ error: String((e as Error | undefined)?.message ?? e) });
  }
});
