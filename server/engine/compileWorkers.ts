import { Worker } from 'node:worker_threads';
import type { LintFinding } from '../../catalog/index.js';
import type { CompiledForm, CompileJob, WorkerMessage } from './compileWorker.js';
import type { EngineComplexity } from './ruleClusters.js';

/** Why a job ended without its result: the time budget, the memory cap, or the engine's refusal. */
export type CompileLimit = 'time' | 'memory' | 'engine';

export type CompileResult =
  | { ok: true; compiled: CompiledForm; bytes: number; fromPrice: number | null }
  | { ok: false; limit: CompileLimit; message: string; complexity: EngineComplexity | null };
export type CheckResult =
  | { ok: true; lint: LintFinding[]; variants: string | null }
  | { ok: false; limit: CompileLimit; message: string; complexity: EngineComplexity | null };

export interface CompileWorkersOptions {
  /** Threads compiling at once (default 2); more jobs wait their turn. */
  threads?: number;
  /** Heap cap of each thread (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** An idle thread ends after this long (default 30 s); the next job starts a new one. */
  idleMs?: number;
}

export interface RunOptions {
  budgetMs: number;
  /** The compiled form as soon as it exists (before a check's lint). */
  onCompiled?: (r: CompileResult) => void;
}

interface Pending {
  job: Omit<CompileJob, 'id'>;
  opts: RunOptions;
  resolve: (r: { compile: CompileResult; check: CheckResult | null }) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: (Pending & { id: number; timer?: NodeJS.Timeout; complexity: EngineComplexity | null; compile?: CompileResult }) | null;
  idle?: NodeJS.Timeout;
}

/**
 * Where the worker's code is: next to this file when it runs from the TypeScript sources (tsx,
 * vitest), and dist/server/engine/compileWorker.mjs when it is bundled into dist/server/index.mjs
 * (`npm run build:server` builds both entry points).
 */
function workerEntry(): { url: URL; typescript: boolean } {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? { url: new URL('./compileWorker.ts', here), typescript: true }
    : { url: new URL('./engine/compileWorker.mjs', here), typescript: false };
}

/**
 * A few worker threads that compile products, one job at a time each. A job has a time budget
 * per phase (compile, then lint): past it the thread is terminated and a new one takes the
 * next job. A thread that passes its heap cap dies with ERR_WORKER_OUT_OF_MEMORY; the job
 * fails with limit 'memory' and the server carries on.
 */
export class CompileWorkers {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  readonly threads: number;
  readonly memoryMb: number;
  private readonly idleMs: number;
  /** Jobs started (each compiles once), for tests and logs. */
  jobs = 0;

  constructor(opts: CompileWorkersOptions) {
    this.threads = Math.max(1, opts.threads ?? 2);
    this.memoryMb = opts.memoryMb;
    this.idleMs = opts.idleMs ?? 30_000;
  }

  /** Compile a product (and lint and count it when `check`) in a worker thread. */
  run(job: Omit<CompileJob, 'id'>, opts: RunOptions): Promise<{ compile: CompileResult; check: CheckResult | null }> {
    if (this.closed) return Promise.reject(new Error('the compile workers are closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, opts, resolve, reject });
      this.pump();
    });
  }

  /** Start a thread now, so that it has loaded the engine when the first job comes. */
  warm(): void {
    if (!this.closed && this.slots.length === 0) this.spawn();
  }

  /** Jobs running now. */
  get running(): number {
    return this.slots.filter((s) => s.job).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the compile workers are closed'));
    await Promise.all(this.slots.splice(0).map((s) => this.stop(s, new Error('the compile workers are closed'))));
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && !s.job);
      if (!slot) {
        if (this.slots.length >= this.threads) return;
        this.spawn();
        return; // the new thread takes the job once it is ready
      }
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const { url, typescript } = workerEntry();
    // Worker threads do not inherit tsx's loader: from the sources, register it first.
    const worker = typescript
      ? new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(url.href)}); })`, {
          eval: true,
          resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
        })
      : new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: this.memoryMb } });
    const slot: Slot = { worker, ready: false, job: null };
    this.slots.push(slot);
    worker.unref();
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      const job = slot.job;
      this.drop(slot);
      if (job) {
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
          this.fail(job, 'memory', `the compile thread ran out of memory (${this.memoryMb} MB)`);
        else job.reject(e);
      } else if (!slot.ready) {
        // Could not even start: with a heap cap too small to load the engine, every product is
        // over it; anything else is a broken installation, not an answer about the products.
        for (const p of this.queue.splice(0)) {
          if (e.code !== 'ERR_WORKER_OUT_OF_MEMORY') {
            p.reject(new Error(`the compile thread could not start: ${e.message}`));
            continue;
          }
          const r = { ok: false as const, limit: 'memory' as const, message: e.message, complexity: null };
          p.opts.onCompiled?.(r);
          p.resolve({ compile: r, check: p.job.check ? r : null });
        }
      }
      this.pump();
    });
    worker.on('exit', () => {
      const job = slot.job;
      this.drop(slot);
      if (job) job.reject(new Error('the compile thread stopped'));
      this.pump();
    });
    return slot;
  }

  private dispatch(slot: Slot, p: Pending): void {
    if (slot.idle) clearTimeout(slot.idle);
    const id = this.nextId++;
    slot.job = { ...p, id, complexity: null };
    slot.worker.ref();
    this.jobs++;
    this.arm(slot);
    slot.worker.postMessage({ ...p.job, id } satisfies CompileJob);
  }

  /** (Re)start the budget of the job's current phase. */
  private arm(slot: Slot): void {
    const job = slot.job!;
    if (job.timer) clearTimeout(job.timer);
    job.timer = setTimeout(() => {
      const phase = job.compile ? 'checking' : 'compiling';
      this.fail(job, 'time', `${phase} the rules took longer than ${job.opts.budgetMs} ms`);
      void this.stop(slot);
      this.pump();
    }, job.opts.budgetMs);
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.idle(slot);
      return this.pump();
    }
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    if (m.type === 'shape') job.complexity = m.complexity;
    else if (m.type === 'failed') {
      this.fail(job, 'engine', m.message);
      this.release(slot);
    } else if (m.type === 'compiled') {
      job.compile = { ok: true, compiled: m.compiled, bytes: m.bytes, fromPrice: m.fromPrice };
      job.opts.onCompiled?.(job.compile);
      if (!job.job.check) {
        job.resolve({ compile: job.compile, check: null });
        this.release(slot);
      } else this.arm(slot);
    } else {
      job.resolve({ compile: job.compile!, check: { ok: true, lint: m.lint, variants: m.variants } });
      this.release(slot);
    }
  }

  /** The job ends at a limit: the compile result if it got that far, the check fails. */
  private fail(job: NonNullable<Slot['job']>, limit: CompileLimit, message: string): void {
    if (job.timer) clearTimeout(job.timer);
    const failed = { ok: false as const, limit, message, complexity: job.complexity };
    if (!job.compile) job.opts.onCompiled?.(failed);
    job.resolve({ compile: job.compile ?? failed, check: job.job.check ? failed : null });
  }

  private release(slot: Slot): void {
    if (slot.job?.timer) clearTimeout(slot.job.timer);
    slot.job = null;
    this.idle(slot);
    this.pump();
  }

  private idle(slot: Slot): void {
    slot.worker.unref();
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = setTimeout(() => void this.stop(slot), this.idleMs);
    slot.idle.unref();
  }

  /** Forget a thread (it is gone or going). */
  private drop(slot: Slot): void {
    if (slot.job?.timer) clearTimeout(slot.job.timer);
    if (slot.idle) clearTimeout(slot.idle);
    slot.job = null;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private async stop(slot: Slot, reason?: Error): Promise<void> {
    const job = slot.job;
    this.drop(slot);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => {});
    if (job && reason) job.reject(reason);
    await slot.worker.terminate();
  }
}
