import { moduleWorker } from '../workers/moduleWorker.js';
import type { CheckpointData, CheckpointReply } from './checkpointThread.js';

export interface Checkpointer {
  close(): Promise<void>;
}

/**
 * WAL checkpoints on a thread of their own. With SQLite's default, the connection that commits
 * past 1,000 WAL pages copies them into the database file (and syncs it) inside that commit: on
 * better-sqlite3, which runs SQL on the event loop's thread, every request waits for it (this is
 * most of the order endpoint's p99). Here the server's connection has `wal_autocheckpoint = 0`
 * and this worker, with a connection of its own, runs PASSIVE checkpoints (never blocking the
 * writer or readers) every `intervalMs`, and a last one when closed. Orders are written by a
 * thread of their own (orders/sqliteOrderWriter.ts) whose connection checkpoints too: under
 * writes without a pause, checkpoints from here never catch up with that writer.
 */
export function startCheckpointer(file: string, { intervalMs = 200, onError = (_message: string) => {} } = {}): Checkpointer {
  const workerData: CheckpointData = { file, intervalMs };
  const worker = moduleWorker(import.meta.url, './checkpointThread.ts', './db/checkpointThread.mjs', { workerData });
  worker.unref(); // never what keeps the process alive
  worker.on('message', (m: CheckpointReply) => onError(m.error));
  worker.on('error', (e) => onError(e.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async close() {
      // Referenced until it has exited (its last checkpoint): otherwise the process may end first.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
