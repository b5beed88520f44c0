import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a thread of their own. With SQLite's default, the connection that commits
 * past 1,000 WAL pages copies them into the database file (and syncs it) inside that commit: on
 * better-sqlite3, which runs SQL on the event loop's thread, every request waits for it (this is
 * most of the order endpoint's p99). Here the server's connection has `wal_autocheckpoint = 0`
 * and this worker, with a connection of its own, runs PASSIVE checkpoints (never blocking the
 * writer or readers) every `intervalMs`, and a last one when closed. Orders are written by a
 * thread of their own (orders/sqliteOrderWriter.ts) whose connection checkpoints too: under
 * writes without a pause, checkpoints from here never catch up with that writer.
 *
 * The worker is a CommonJS script evaluated from a string, so it works the same from the
 * TypeScript sources (tsx) and from the bundled server; the driver is resolved from here.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  close(): Promise<void>;
}

export function startCheckpointer(file: string, { intervalMs = 200, onError = (_message: string) => {} } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  worker.unref(); // never what keeps the process alive
  worker.on('message', (m: { error?: string }) => m.error && onError(m.error));
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
