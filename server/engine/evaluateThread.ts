// The evaluation thread (started by evaluateWorker.ts): keeps the compiled forms of the products
// it was sent and answers evaluations of products in the diagram form (a click costs it tens to
// hundreds of milliseconds, too slow for the server's event loop). Its time is bounded by the
// thread that started it (it terminates this one), its memory by resourceLimits.
import { parentPort } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import { evaluate, type Choices, type Product, type Violation } from '../../catalog/index.js';
import { adoptCompiled, compileProduct, type CompiledProduct } from '../../catalog/rules/compileProduct.js';
import { evaluateChoices } from '../../catalog/rules/evaluateChoices.js';
import { settleConflictReasons } from '../../catalog/rules/optionStates.js';
import type { CompiledForm } from './compileWorker.js';

/** Products this thread keeps at most; the least recently asked go first. */
const KEEP = 16;

/**
 * What the thread answers: `json`, the evaluation as `res.json(evaluate(product, choices))`
 * would write it (JSON text: the lazy `reasons` are computed here, while serialising, not on
 * the server's thread); `complete`, only the completed configuration or the violations (an
 * order's check, which prices and validates on its own).
 */
export type EvaluateMode = 'json' | 'complete';

export interface EvaluateJob {
  id: number;
  /** The product's content key (EngineService): one compiled form per key. */
  key: string;
  mode: EvaluateMode;
  choices: Choices;
  /** Sent after a `need`: the product and its compiled form (from the engine's cache). */
  product?: { product: Product; compiled: CompiledForm };
}

export type Completion = { ok: true; configuration: Record<string, string | null> } | { ok: false; violations: Violation[] };

export type EvaluateResult = { mode: 'json'; json: string } | { mode: 'complete'; completion: Completion };

export type EvaluateReply =
  | { type: 'ready' }
  | { id: number; type: 'need' }
  /** `searches`: reason searches this evaluation ran (not found in the compiled form's reasonCache). */
  | { id: number; type: 'done'; result: EvaluateResult; searches: number }
  | { id: number; type: 'failed'; message: string };

/**
 * Time the reasons of an evaluation's conflicts may take in all (those of dead values come with
 * the compiled form): past it the remaining conflicts give none. On long-range 20 % a click puts
 * 30–110 options in conflict, whose reasons take 1–2 s in all, a tenth of them running to the
 * end of their own budget without an answer.
 */
export const CONFLICT_REASONS_MS = 250;

/** The pure computation the thread runs (exported for tests). */
export function evaluateAnswer(
  product: Product,
  mode: EvaluateMode,
  choices: Choices,
  reasonsMs = CONFLICT_REASONS_MS,
): EvaluateResult {
  if (mode === 'json') {
    const e = evaluate(product, choices);
    if (e.ok) settleConflictReasons(e.attributes, reasonsMs);
    return { mode, json: JSON.stringify(e) };
  }
  // The order's check needs only the completion: evaluate() adds the price, the order prices it itself.
  const e = evaluateChoices(product, choices);
  return {
    mode,
    completion: e.ok ? { ok: true, configuration: { ...e.configuration } } : { ok: false, violations: e.violations },
  };
}

const products = new LRUCache<string, Product>({ max: KEEP });

function run(job: EvaluateJob): EvaluateReply {
  const { id, key } = job;
  if (job.product) {
    const { product, compiled } = job.product;
    adoptCompiled(product, { ...compiled, product } as CompiledProduct);
    products.set(key, product);
  }
  const product = products.get(key);
  if (!product) return { id, type: 'need' };
  const compiled = compileProduct(product); // the adopted form
  const before = compiled.reasonSearches;
  const result = evaluateAnswer(product, job.mode, job.choices);
  return { id, type: 'done', result, searches: compiled.reasonSearches - before };
}

const port = parentPort;
if (port) {
  port.on('message', (job: EvaluateJob) => {
    let reply: EvaluateReply;
    try {
      reply = run(job);
    } catch (e) {
      reply = { id: job.id, type: 'failed', message: String((e as Error | undefined)?.message ?? e).slice(0, 300) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies EvaluateReply);
}
