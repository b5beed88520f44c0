import { availableParallelism } from 'node:os';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { moduleWorker } from './moduleWorker.js';
import type { TaskInput, TaskName, TaskOutput } from './tasks.js';

/** Why a task did not give a result: it threw, ran past its budget, ran out of memory, or found no room in the queue. */
export class TaskError extends Error {
  constructor(
    readonly code: 'task_failed' | 'task_timeout' | 'task_out_of_memory' | 'tasks_busy' | 'tasks_closed',
    message: string,
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

export interface TaskPoolOptions {
  /** Threads at most (started when first needed): one less than the cores, 1 to 2. */
  size?: number;
  /** Tasks waiting for a thread at most; one more is refused with `tasks_busy`. */
  maxQueue?: number;
  /** A task's time budget from the moment a thread starts it, unless the call gives its own. */
  timeoutMs?: number;
  /** V8 heap limits of each thread. Buffers live outside the heap: tasks bound them themselves. */
  resourceLimits?: ResourceLimits;
}

const DEFAULTS = {
  timeoutMs: 15_000,
  maxQueue: 64,
  resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
};

interface Job {
  name: string;
  input: unknown;
  timeoutMs: number;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

type Reply = { ok: true; value: unknown } | { ok: false; message: string };

/** The worker's entry: taskWorker.ts from the sources, dist/server/workers/taskWorker.mjs from the bundle. */
function startWorker(resourceLimits: ResourceLimits): Worker {
  return moduleWorker(import.meta.url, './taskWorker.ts', './workers/taskWorker.mjs', { resourceLimits });
}

/**
 * Work that may take long on input from outside (decoding images, making PDFs, reading models)
 * runs here, off the event loop: a few threads, each task under a time budget and the threads under
 * V8 heap limits. A task past its budget, or a thread that dies (out of memory, a throw from a
 * library's async callback), ends that thread: its task fails with a TaskError and a new thread is
 * started for the next. Idle threads are unreferenced, so they never keep a process alive.
 *
 * Tasks are named functions in tasks.ts: `pool.run('productionSheet', input)`.
 */
export class TaskPool {
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly timeoutMs: number;
  private readonly resourceLimits: ResourceLimits;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(opts: TaskPoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? Math.min(2, availableParallelism() - 1));
    this.maxQueue = opts.maxQueue ?? DEFAULTS.maxQueue;
    this.timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
    this.resourceLimits = { ...DEFAULTS.resourceLimits, ...opts.resourceLimits };
  }

  /** Run a task in a thread; rejects with a TaskError when it throws, overruns or the thread dies. */
  run<N extends TaskName>(name: N, input: TaskInput<N>, opts: { timeoutMs?: number } = {}): Promise<TaskOutput<N>> {
    if (this.closed) return Promise.reject(new TaskError('tasks_closed', 'the task pool is closed'));
    return new Promise((resolve, reject) => {
      const job: Job = {
        name,
        input,
        timeoutMs: opts.timeoutMs ?? this.timeoutMs,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      const idle = this.slots.find((s) => !s.job) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (idle) return this.start(idle, job);
      if (this.queue.length >= this.maxQueue)
        return reject(new TaskError('tasks_busy', `${this.queue.length} tasks are already waiting; try again shortly`));
      this.queue.push(job);
    });
  }

  /** Threads now running (for tests and diagnostics). */
  get threads(): number {
    return this.slots.length;
  }

  /** Fail what waits, end every thread. */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new TaskError('tasks_closed', 'the task pool is closed'));
    await Promise.all(this.slots.map((s) => this.end(s, new TaskError('tasks_closed', 'the task pool is closed'))));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(this.resourceLimits), job: null, timer: null };
    slot.worker.unref();
    slot.worker.on('message', (m: Reply) => {
      const job = this.finish(slot);
      if (!job) return;
      if (m.ok) job.resolve(m.value);
      else job.reject(new TaskError('task_failed', m.message));
      this.next(slot);
    });
    slot.worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      void this.end(
        slot,
        new TaskError(oom ? 'task_out_of_memory' : 'task_failed', oom ? 'the task ran out of memory' : e.message),
      );
    });
    slot.worker.on('exit', (code) => void this.end(slot, new TaskError('task_failed', `the task's thread exited (${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job) {
    slot.job = job;
    slot.worker.ref(); // a task in flight keeps the process alive, as any pending I/O would
    slot.timer = setTimeout(
      () => void this.end(slot, new TaskError('task_timeout', `the task took longer than ${job.timeoutMs} ms`)),
      job.timeoutMs,
    );
    slot.worker.postMessage({ name: job.name, input: job.input });
  }

  private finish(slot: Slot): Job | null {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    slot.worker.unref();
    return job;
  }

  private next(slot: Slot | null) {
    const job = this.queue.shift();
    if (!job) return;
    const s = slot && this.slots.includes(slot) ? slot : this.spawn();
    this.start(s, job);
  }

  /** End a thread (overrun, crash, close): its task fails with `why`; a queued task gets a new thread. */
  private async end(slot: Slot, why: TaskError) {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    this.finish(slot)?.reject(why);
    slot.worker.removeAllListeners('message');
    if (!this.closed) this.next(null);
    await slot.worker.terminate();
  }
}
