import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './sqliteConnection.js';

/* The SQLite offload thread (startOffload in sqliteOffload.ts starts it; what it is for is told there). */

export interface OffloadData {
  file: string;
  /** The server connection's setting: 0 when a checkpointer thread checkpoints instead. */
  walAutocheckpoint: number;
}

/** One query: its SQL and parameters as Kysely compiled them. */
export interface OffloadRequest {
  id: number;
  sql: string;
  parameters: unknown[];
}

export type OffloadReply =
  | { id: number; ok: true; rows: Record<string, unknown>[]; changes: number; lastInsertRowid: number }
  | { id: number; ok: false; message: string; code?: string };

const data = workerData as OffloadData;
const port = parentPort!;
const db = new Database(data.file, { fileMustExist: true });
configureConnection(db, data.walAutocheckpoint); // as the server's own connection
const statements = new Map<string, Database.Statement>();
/** A Buffer parameter crosses postMessage as a Uint8Array, which better-sqlite3 does not bind. */
const toBuffer = (v: unknown) =>
  v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;

port.on('message', (m: OffloadRequest | 'close') => {
  if (m === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    let stmt = statements.get(m.sql);
    if (!stmt) statements.set(m.sql, (stmt = db.prepare(m.sql)));
    if (stmt.reader) {
      const rows = stmt.all(...m.parameters.map(toBuffer)) as Record<string, unknown>[];
      // Blobs arrive as Buffers over a pooled or private ArrayBuffer; hand over private ones, copy the rest.
      const transfer = rows.flatMap((row) =>
        Object.values(row).flatMap((v) =>
          Buffer.isBuffer(v) && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? [v.buffer as ArrayBuffer] : [],
        ),
      );
      port.postMessage({ id: m.id, ok: true, rows, changes: 0, lastInsertRowid: 0 } satisfies OffloadReply, transfer);
    } else {
      const r = stmt.run(...m.parameters.map(toBuffer));
      port.postMessage({
        id: m.id,
        ok: true,
        rows: [],
        changes: r.changes,
        lastInsertRowid: Number(r.lastInsertRowid),
      } satisfies OffloadReply);
    }
  } catch (e) {
    const err = e as { message?: string; code?: unknown };
    port.postMessage({
      id: m.id,
      ok: false,
      message: String(err.message ?? e),
      ...(typeof err.code === 'string' ? { code: err.code } : {}),
    } satisfies OffloadReply);
  }
});
