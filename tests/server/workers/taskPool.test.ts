import { afterAll, describe, expect, it } from 'vitest';
import { TaskError, TaskPool } from '../../../server/workers/taskPool.js';

const pools: TaskPool[] = [];
const pool = (opts: ConstructorParameters<typeof TaskPool>[0] = {}) => {
  const p = new TaskPool(opts);
  pools.push(p);
  return p;
};
afterAll(async () => {
  for (const p of pools) await p.close();
});

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as TaskError;
  }
  throw new Error('the task did not fail');
};

describe('TaskPool', () => {
  it('runs a named task in a thread and returns its value', async () => {
    const p = pool({ size: 1 });
    expect(await p.run('selfTest', { mode: 'echo', value: 'hello' })).toEqual({ value: 'hello' });
    expect(p.threads).toBe(1);
  });

  it('a task that throws fails with task_failed; the thread serves the next', async () => {
    const p = pool({ size: 1 });
    const e = await failure(p.run('selfTest', { mode: 'throw', value: 'x' }));
    expect(e).toBeInstanceOf(TaskError);
    expect(e).toMatchObject({ code: 'task_failed', message: 'self-test throws: x' });
    expect(await p.run('selfTest', { mode: 'echo', value: 'after' })).toEqual({ value: 'after' });
  });

  it('a task past its time budget ends its thread; a new one serves the next', async () => {
    const p = pool({ size: 1 });
    const e = await failure(p.run('selfTest', { mode: 'spin' }, { timeoutMs: 1500 }));
    expect(e).toMatchObject({ code: 'task_timeout' });
    expect(await p.run('selfTest', { mode: 'echo', value: 'alive' })).toEqual({ value: 'alive' });
  });

  it('a task past the heap limit fails with task_out_of_memory, not the process', async () => {
    const p = pool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
    const e = await failure(p.run('selfTest', { mode: 'allocate' }, { timeoutMs: 60_000 }));
    expect(e).toMatchObject({ code: 'task_out_of_memory' });
    expect(await p.run('selfTest', { mode: 'echo', value: 'still' })).toEqual({ value: 'still' });
  });

  it("a throw from a library's async callback (pdfkit's PNG decoder did this) fails the task, not the process", async () => {
    const p = pool({ size: 1 });
    const e = await failure(p.run('selfTest', { mode: 'reject-later' }));
    expect(e).toMatchObject({ code: 'task_failed', message: 'thrown from a callback' });
    expect(await p.run('selfTest', { mode: 'echo', value: 'ok' })).toEqual({ value: 'ok' });
  });

  it('queues up to maxQueue tasks and refuses more with tasks_busy', async () => {
    const p = pool({ size: 1, maxQueue: 1 });
    const spinning = failure(p.run('selfTest', { mode: 'spin' }, { timeoutMs: 3000 }));
    const queued = p.run('selfTest', { mode: 'echo', value: 'queued' });
    expect(await failure(p.run('selfTest', { mode: 'echo' }))).toMatchObject({ code: 'tasks_busy' });
    expect(await spinning).toMatchObject({ code: 'task_timeout' });
    expect(await queued).toEqual({ value: 'queued' });
  });

  it('close fails what waits and ends the threads', async () => {
    const p = new TaskPool({ size: 1 });
    const running = failure(p.run('selfTest', { mode: 'spin' }, { timeoutMs: 60_000 }));
    const waiting = failure(p.run('selfTest', { mode: 'echo' }));
    await p.close();
    expect(await running).toMatchObject({ code: 'tasks_closed' });
    expect(await waiting).toMatchObject({ code: 'tasks_closed' });
    expect(p.threads).toBe(0);
    expect(await failure(p.run('selfTest', { mode: 'echo' }))).toMatchObject({ code: 'tasks_closed' });
  });
});
