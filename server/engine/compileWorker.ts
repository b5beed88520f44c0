// The compile worker: a thread of its own (started by compileWorkers.ts) that compiles and lints
// products, so that no rule set, however hard, holds the server's event loop. Its time is bounded
// by the thread that started it (it terminates this one) and its memory by resourceLimits.
import { parentPort } from 'node:worker_threads';
import { variantCount, lint, type LintFinding, type Product } from '../../catalog/index.js';
import { cheapestPrice } from '../../catalog/pricing/cheapestPrice.js';
import { compileProduct, type CompiledProduct } from '../../catalog/rules/compileProduct.js';
import { deadValueReasons, type DeadReasonsReport } from '../../catalog/rules/explain.js';
import { engineComplexity, type EngineComplexity } from './ruleClusters.js';

/**
 * Time the "from" price may take after a compile. Past it the product shows no from price (the
 * search is exact or nothing), rather than its compile being judged too complex.
 */
const FROM_PRICE_BUDGET_MS = 2_000;

/** A job: compile (always), then lint and count the product when `check`. */
export interface CompileJob {
  id: number;
  /** A product that parsed (parseProduct) on the server's thread. */
  product: Product;
  check: boolean;
  /**
   * Time the reasons of the statically impossible values may take after a compile to the
   * diagram form (EngineService's DEAD_REASONS_BUDGET_MS); values past it get no reasons.
   */
  reasonsBudgetMs: number;
}

/** The compiled form without its product (the receiver has its own object of it). */
export type CompiledForm = Omit<CompiledProduct, 'product'>;

export type WorkerMessage =
  | { type: 'ready' }
  /** Before compiling: the decomposition of the rule graph, to explain a compile that runs out of budget. */
  | { id: number; type: 'shape'; complexity: EngineComplexity }
  /** With the product's "from" price (its cheapest valid configuration; null when none), found here too. */
  | {
      id: number;
      type: 'compiled';
      compiled: CompiledForm;
      bytes: number;
      fromPrice: number | null;
      /** The diagram form's dead values and their reasons, computed here (null for the other forms). */
      deadReasons: DeadReasonsReport | null;
    }
  | { id: number; type: 'checked'; lint: LintFinding[]; variants: string | null }
  /** The engine refused the product (e.g. its diagram passed the engine's own node limit). */
  | { id: number; type: 'failed'; message: string };

/** Every ArrayBuffer reachable from a value (typed arrays of the compiled form), to transfer them. */
function buffers(value: unknown, out: Set<ArrayBuffer>, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
    return;
  }
  if (value instanceof Map)
    for (const [k, v] of value) {
      buffers(k, out, seen);
      buffers(v, out, seen);
    }
  else if (Array.isArray(value)) for (const v of value as unknown[]) buffers(v, out, seen);
  else for (const v of Object.values(value)) buffers(v, out, seen);
}

function run(job: CompileJob, post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void): void {
  const { product } = job;
  // The rule groups at once (plain min-fill, milliseconds), so a too-complex error can name them
  // even when the budget ends during the decomposition search; then the decomposition compiled.
  post({ id: job.id, type: 'shape', complexity: engineComplexity(product, { quick: true }) });
  post({ id: job.id, type: 'shape', complexity: engineComplexity(product) });
  let compiled: CompiledProduct;
  try {
    compiled = compileProduct(product);
  } catch (e) {
    // A RangeError of V8 (array or string too large) is a limit as much as the engine's own.
    return post({ id: job.id, type: 'failed', message: (e as Error).message.slice(0, 300) });
  }
  // The from price walks the compiled form (min-sum, and branch and bound over price rules):
  // done here, beside the compile and within its budget, never on the server's thread.
  let fromPrice: number | null;
  try {
    fromPrice = cheapestPrice(product, { budgetMs: FROM_PRICE_BUDGET_MS });
  } catch (e) {
    return post({ id: job.id, type: 'failed', message: (e as Error).message.slice(0, 300) });
  }
  // The diagram form's evaluations run in the evaluation thread and serialise the reasons of
  // every option state: those of the values no configuration takes do not depend on the
  // choices, so they are found once here, for every evaluation of this version (they travel in
  // reasonCache). The fast forms evaluate on the server's thread and find them lazily.
  const deadReasons = compiled.form === 'diagram' ? deadValueReasons(compiled, job.reasonsBudgetMs) : null;
  const { product: _product, ...form } = compiled;
  // Transferred, not copied, so the server's thread takes them without a copy; when the job
  // goes on to lint, this thread keeps its own copy to lint with.
  const sent = job.check ? structuredClone(form) : form;
  const owned = new Set<ArrayBuffer>();
  buffers(sent, owned, new Set());
  const bytes = [...owned].reduce((s, b) => s + b.byteLength, 0);
  post({ id: job.id, type: 'compiled', compiled: sent, bytes, fromPrice, deadReasons }, [...owned]);
  if (!job.check) return;
  const findings = lint(product);
  post({ id: job.id, type: 'checked', lint: findings, variants: variantCount(product) });
}

const port = parentPort;
if (port) {
  const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
  port.on('message', (job: CompileJob) => run(job, post));
  post({ type: 'ready' });
}
