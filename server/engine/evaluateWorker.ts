import type { Worker } from 'node:worker_threads';
import type { Choices, Product } from '../../catalog/index.js';
import { AppError } from '../http/AppError.js';
import { moduleWorker } from '../workers/moduleWorker.js';
import type { CompiledForm } from './compileWorker.js';
import type { EvaluateJob, EvaluateMode, EvaluateReply, EvaluateResult } from './evaluateThread.js';

export interface EvaluateWorkerOptions {
  /** Time one evaluation may take in the thread; past it the thread is stopped and the answer is a 503. */
  budgetMs: number;
  /** The thread's heap cap (it keeps the compiled forms it was sent). */
  memoryMb: number;
  /** Evaluations waiting for the thread at most; one more is a 503. */
  maxQueue?: number;
}

/** The product and its compiled form, loaded on the event loop's side when the thread lacks them (the engine's cache). */
export type EvaluateLoader = () => Promise<{ product: Product; compiled: CompiledForm }>;

type Ask = Omit<EvaluateJob, 'id' | 'product'>;

interface Pending {
  ask: Ask;
  load: EvaluateLoader;
  resolve: (r: EvaluateResult) => void;
  reject: (e: Error) => void;
  id?: number;
  /** The product was sent with this job already (a second `need` for it is a failure, not a loop). */
  loaded?: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * One thread that answers evaluations, one at a time, each within a time budget (the pattern of
 * recommend/recommendWorker.ts). The thread keeps the compiled forms it was sent, by the
 * product's content key, so a request carries only the key, the mode and the choices; when the
 * thread lacks the product (first use, a new version, a new thread), it says so and gets it once.
 * Past the budget the thread is terminated (the next evaluation starts a new one) and the answer
 * is a 503 `evaluate_timeout`, never a partial result.
 */
export class EvaluateWorker {
  private worker: Worker | null = null;
  private ready = false;
  private current: Pending | null = null;
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly maxQueue: number;
  /** Threads started (a new one after each overrun or crash), for tests and logs. */
  started = 0;
  /** Compiled products sent to a thread (once each per thread, not per request). */
  sent = 0;
  /** Evaluations answered by the thread. */
  answered = 0;
  /**
   * Reason searches the thread ran while answering (the reasons of conflicts; those of dead
   * values come with the compiled form from the compile worker), for tests and logs.
   */
  reasonSearches = 0;

  constructor(readonly opts: EvaluateWorkerOptions) {
    this.maxQueue = opts.maxQueue ?? 64;
  }

  /** An evaluation is being computed (or its product loaded) now. */
  get busy(): boolean {
    return this.current !== null;
  }

  run(key: string, mode: EvaluateMode, choices: Choices, load: EvaluateLoader): Promise<EvaluateResult> {
    if (this.closed) return Promise.reject(new AppError(503, 'evaluate_closed', 'the server is shutting down'));
    if (this.queue.length >= this.maxQueue)
      return Promise.reject(new AppError(503, 'evaluate_busy', 'too many evaluations are waiting; try again shortly'));
    return new Promise((resolve, reject) => {
      this.queue.push({ ask: { key, mode, choices }, load, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closing = new AppError(503, 'evaluate_closed', 'the server is shutting down');
    for (const p of this.queue.splice(0)) p.reject(closing);
    await this.stop(closing);
  }

  private pump(): void {
    if (this.current || !this.queue.length) return;
    if (!this.worker) return this.spawn();
    if (!this.ready) return;
    this.current = this.queue.shift()!;
    this.send(undefined);
  }

  private spawn(): void {
    this.started++;
    const worker = moduleWorker(import.meta.url, './evaluateThread.ts', './engine/evaluateThread.mjs', {
      resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb },
    });
    this.worker = worker;
    this.ready = false;
    worker.unref();
    worker.on('message', (m: EvaluateReply) => this.onMessage(m));
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      void this.stop(
        new AppError(
          503,
          'evaluate_failed',
          oom ? `the evaluation ran out of memory (${this.opts.memoryMb} MB)` : 'the evaluation failed',
        ),
        !this.ready,
      );
    });
    worker.on('exit', () => void this.stop(new AppError(503, 'evaluate_failed', 'the evaluation thread stopped')));
  }

  /** Post the current job (again, with the product the thread lacked), under a fresh budget. */
  private send(product: EvaluateJob['product']): void {
    const job = this.current!;
    job.id = this.nextId++;
    if (product) this.sent++;
    this.worker!.ref(); // an evaluation in flight keeps the process alive, as pending I/O would
    job.timer = setTimeout(() => {
      void this.stop(
        new AppError(503, 'evaluate_timeout', `the evaluation took longer than ${this.opts.budgetMs} ms; try again later`),
      );
    }, this.opts.budgetMs);
    this.worker!.postMessage({ ...job.ask, ...(product ? { product } : {}), id: job.id } satisfies EvaluateJob);
  }

  private onMessage(m: EvaluateReply): void {
    if (m.type === 'ready') {
      this.ready = true;
      return this.pump();
    }
    const job = this.current;
    if (!job || job.id !== m.id) return;
    clearTimeout(job.timer);
    this.worker?.unref();
    if (m.type === 'need') return void this.supply(job);
    this.current = null;
    if (m.type === 'done') {
      this.answered++;
      this.reasonSearches += m.searches;
      job.resolve(m.result);
    } else job.reject(new Error(`the evaluation failed: ${m.message}`));
    this.pump();
  }

  /** Load the product and its compiled form (on this side: the engine's cache) and send the job again. */
  private async supply(job: Pending): Promise<void> {
    try {
      if (job.loaded) throw new Error('the evaluation thread did not keep the product it was sent');
      job.loaded = true;
      const product = await job.load();
      if (this.current !== job || !this.worker) throw new AppError(503, 'evaluate_failed', 'the evaluation thread stopped');
      this.send(product);
    } catch (e) {
      if (this.current === job) {
        this.current = null;
        this.pump();
      }
      job.reject(e as Error);
    }
  }

  /**
   * End the thread (overrun, crash, close): the job in it fails with `why`; so do the waiting
   * ones when the thread could not even start. The next job starts a new thread.
   */
  private async stop(why: Error, failQueue = false): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    this.ready = false;
    const job = this.current;
    this.current = null;
    if (job) {
      clearTimeout(job.timer);
      job.reject(why);
    }
    if (failQueue) for (const p of this.queue.splice(0)) p.reject(why);
    worker.removeAllListeners();
    worker.on('error', () => {});
    if (!this.closed) this.pump();
    await worker.terminate();
  }
}
