import type { CompiledQuery, QueryResult } from 'kysely';
import { moduleWorker } from '../workers/moduleWorker.js';
import type { OffloadData, OffloadReply, OffloadRequest } from './offloadThread.js';

export interface Offload {
  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
  close(): Promise<void>;
}

/**
 * Queries that move many bytes, run on a thread with a connection of its own. better-sqlite3 runs
 * SQL on the calling thread, so on the server's connection writing a 25 MB blob holds the event
 * loop for most of a second (docs/benchmarks.md, "SQLite blobs"); here the event loop only posts the
 * bytes and is told when they are committed. One query at a time, in order. The thread starts at
 * the first query (none when nothing large is written), and is unref'd while idle.
 */
export function startOffload(file: string, walAutocheckpoint: number): Offload {
  let worker: ReturnType<typeof moduleWorker> | undefined;
  let exited: Promise<void> | undefined;
  let next = 1;
  const waiting = new Map<number, { resolve: (r: OffloadReply) => void; reject: (e: Error) => void }>();

  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    worker = undefined;
  };
  const start = () => {
    const w = moduleWorker(import.meta.url, './offloadThread.ts', './db/offloadThread.mjs', {
      workerData: { file, walAutocheckpoint } satisfies OffloadData,
    });
    w.unref();
    w.on('message', (m: OffloadReply) => {
      const entry = waiting.get(m.id);
      waiting.delete(m.id);
      if (!waiting.size) w.unref();
      entry?.resolve(m);
    });
    w.on('error', (e) => failAll(e));
    exited = new Promise((resolve) =>
      w.once('exit', () => {
        failAll(new Error('the SQLite offload thread stopped'));
        resolve();
      }),
    );
    return w;
  };

  return {
    async execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      worker ??= start();
      const id = next++;
      const reply = await new Promise<OffloadReply>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker!.ref(); // a query in flight keeps the process alive until answered
        const request: OffloadRequest = {
          id,
          sql: query.sql,
          parameters: [...query.parameters],
        };
        worker!.postMessage(request);
      });
      if (!reply.ok) throw Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {});
      return {
        rows: reply.rows.map((row) => fromThread(row)) as R[],
        ...(reply.changes ? { numAffectedRows: BigInt(reply.changes) } : {}),
      };
    },
    async close() {
      if (!worker) return;
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}

/** A Buffer crosses postMessage as a Uint8Array; the rows read here are the rows Kysely would give. */
const fromThread = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v]),
  );
