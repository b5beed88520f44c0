// Runs the logic-solver peer in a worker thread, so that a crash or an out-of-memory in the
// peer is reported as "failed" instead of taking the benchmark down.
import { parentPort, workerData } from 'node:worker_threads';
import type { Choices, Product } from '../../catalog/index.js';
import { LogicPeer } from './engineLogicPeer.js';

const { product, clicks } = workerData as { product: Product; clicks: Choices[] };
const peer = new LogicPeer(product);
const results = clicks.map((choices) => {
  const t0 = performance.now();
  const valid = peer.validValues(choices);
  const ms = performance.now() - t0;
  return { ms, valid: valid && Object.fromEntries([...valid].map(([k, v]) => [k, [...v]])) };
});
parentPort!.postMessage(results);
