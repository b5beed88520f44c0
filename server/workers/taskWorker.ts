import { parentPort } from 'node:worker_threads';
import { TASKS, type TaskName } from './tasks.js';

/** A TaskPool thread: runs one named task at a time and posts `{ ok, value }` or `{ ok: false, message }`. */
parentPort!.on('message', async (m: { name: TaskName; input: unknown }) => {
  try {
    const load = TASKS[m.name] as (() => Promise<(input: unknown) => unknown>) | undefined;
    if (!load) throw new Error(`no task "${String(m.name)}"`);
    const value = await (await load())(m.input);
    parentPort!.postMessage({ ok: true, value });
  } catch (e) {
    parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
