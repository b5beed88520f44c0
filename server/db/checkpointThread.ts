import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/* The WAL checkpointer's thread (startCheckpointer in sqliteCheckpointer.ts starts it; what it does is told there). */

export interface CheckpointData {
  file: string;
  intervalMs: number;
}

/** What the thread tells its starter: a checkpoint that failed. */
export interface CheckpointReply {
  error: string;
}

const data = workerData as CheckpointData;
const port = parentPort!;
const db = new Database(data.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');

const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies CheckpointReply);
  }
};

const timer = setInterval(checkpoint, data.intervalMs);
port.on('message', (m: unknown) => {
  if (m !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  port.close();
});
