import type { Worker } from 'node:worker_threads';
import type { Product } from '../../catalog/index.js';
import type { CompiledForm } from '../engine/compileWorker.js';
import { AppError } from '../http/AppError.js';
import { moduleWorker } from '../workers/moduleWorker.js';
import type { RecommendJob, RecommendReply, RecommendResult } from './recommendThread.js';

export interface RecommendWorkerOptions {
  /** Time one recommendation may take in the thread; past it the thread is stopped and the answer is a 503. */
  budgetMs: number;
  /** The thread's heap cap (it keeps the compiled forms and models it was sent). */
  memoryMb: number;
  /** Recommendations waiting for the thread at most; one more is a 503. */
  maxQueue?: number;
}

/** What the thread lacks, loaded on the event loop's side when it says so (cheap: cached or one row). */
export interface RecommendLoader {
  product(): Promise<{ product: Product; compiled: CompiledForm }>;
  /** The product's stored model now (it may be newer than the one asked for), or null when there is none. */
  model(): Promise<{ learnedAt: string; text: string } | null>;
}

export type RecommendOutcome =
  | { type: 'done'; learnedAt: string; result: RecommendResult }
  /** The model is gone or does not parse. */
  | { type: 'no-model' };

type Ask = Omit<RecommendJob, 'id' | 'product' | 'model'>;

interface Pending {
  ask: Ask;
  load: RecommendLoader;
  resolve: (o: RecommendOutcome) => void;
  reject: (e: Error) => void;
  id?: number;
  /** Loads done for this job (a model rebuilt again and again while it waits ends it). */
  loads?: number;
  timer?: NodeJS.Timeout;
}

const MAX_LOADS = 4;

/**
 * One thread that answers recommendations, one at a time, each within a time budget. The thread
 * keeps what it was sent — the compiled forms of product versions and the learned models, the
 * latter by their learnedAt — so a request carries only the product id, version, learnedAt and
 * the choices. When the thread lacks one of them (first use, a new version, a rebuilt model, a
 * new thread), it says so and gets it once. Past the budget the thread is terminated (the next
 * recommendation starts a new one) and the answer is a 503, never a partial result.
 */
export class RecommendWorker {
  private worker: Worker | null = null;
  private ready = false;
  private current: Pending | null = null;
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly maxQueue: number;
  /** Threads started (a new one after each overrun or crash), for tests and logs. */
  started = 0;
  /** Compiled products and models sent to a thread (once each per thread, not per request). */
  readonly sent = { products: 0, models: 0 };

  constructor(private readonly opts: RecommendWorkerOptions) {
    this.maxQueue = opts.maxQueue ?? 64;
  }

  /** A recommendation is being computed or loaded for now. */
  get busy(): boolean {
    return this.current !== null;
  }

  run(ask: Ask, load: RecommendLoader): Promise<RecommendOutcome> {
    if (this.closed) return Promise.reject(new AppError(503, 'recommend_closed', 'the server is shutting down'));
    if (this.queue.length >= this.maxQueue)
      return Promise.reject(new AppError(503, 'recommend_busy', 'too many recommendations are waiting; try again shortly'));
    return new Promise((resolve, reject) => {
      this.queue.push({ ask: { ...ask }, load, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closing = new AppError(503, 'recommend_closed', 'the server is shutting down');
    for (const p of this.queue.splice(0)) p.reject(closing);
    await this.stop(closing);
  }

  private pump(): void {
    if (this.current || !this.queue.length) return;
    if (!this.worker) return this.spawn();
    if (!this.ready) return;
    this.current = this.queue.shift()!;
    this.send({});
  }

  private spawn(): void {
    this.started++;
    const worker = moduleWorker(import.meta.url, './recommendThread.ts', './recommend/recommendThread.mjs', {
      resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb },
    });
    this.worker = worker;
    this.ready = false;
    worker.unref();
    worker.on('message', (m: RecommendReply) => this.onMessage(m));
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      void this.stop(
        new AppError(
          503,
          'recommend_failed',
          oom ? `the recommendation ran out of memory (${this.opts.memoryMb} MB)` : 'the recommendation failed',
        ),
        !this.ready,
      );
    });
    worker.on('exit', () => void this.stop(new AppError(503, 'recommend_failed', 'the recommendation thread stopped')));
  }

  /** Post the current job (again), with what the thread lacked, under a fresh budget. */
  private send(extra: Pick<RecommendJob, 'product' | 'model'>): void {
    const job = this.current!;
    job.id = this.nextId++;
    if (extra.product) this.sent.products++;
    if (extra.model !== undefined) this.sent.models++;
    this.worker!.ref(); // a recommendation in flight keeps the process alive, as pending I/O would
    job.timer = setTimeout(() => {
      void this.stop(
        new AppError(503, 'recommend_timeout', `the recommendation took longer than ${this.opts.budgetMs} ms; try again later`),
      );
    }, this.opts.budgetMs);
    this.worker!.postMessage({ ...job.ask, ...extra, id: job.id } satisfies RecommendJob);
  }

  private onMessage(m: RecommendReply): void {
    if (m.type === 'ready') {
      this.ready = true;
      return this.pump();
    }
    const job = this.current;
    if (!job || job.id !== m.id) return;
    clearTimeout(job.timer);
    this.worker?.unref();
    if (m.type === 'need') return void this.supply(job, m.product, m.model);
    this.current = null;
    if (m.type === 'done') job.resolve({ type: 'done', learnedAt: job.ask.learnedAt, result: m.result });
    else if (m.type === 'bad-model') job.resolve({ type: 'no-model' });
    else job.reject(new Error(`the recommendation failed: ${m.message}`));
    this.pump();
  }

  /** Load what the thread lacks (on this side: the engine's cache, one row) and send the job again. */
  private async supply(job: Pending, product: boolean, model: boolean): Promise<void> {
    try {
      job.loads = (job.loads ?? 0) + 1;
      if (job.loads > MAX_LOADS) throw new AppError(503, 'recommend_busy', 'the model keeps changing; try again shortly');
      const extra: Pick<RecommendJob, 'product' | 'model'> = {};
      if (product) extra.product = await job.load.product();
      if (model) {
        const stored = await job.load.model();
        if (!stored) throw new NoModel();
        // A rebuild may have stored a newer model meanwhile: the answer is the newer model's.
        job.ask.learnedAt = stored.learnedAt;
        extra.model = stored.text;
      }
      if (this.current !== job || !this.worker) throw new AppError(503, 'recommend_failed', 'the recommendation thread stopped');
      this.send(extra);
    } catch (e) {
      if (this.current === job) {
        this.current = null;
        this.pump();
      }
      if (e instanceof NoModel) job.resolve({ type: 'no-model' });
      else job.reject(e as Error);
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

class NoModel extends Error {}
