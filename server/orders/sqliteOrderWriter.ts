import type { Worker } from 'node:worker_threads';
import { moduleWorker } from '../workers/moduleWorker.js';
import type { ArrearsIndex, WriterBatch, WriterData, WriterReply } from './orderWriterProtocol.js';
import type { NewOrder } from './orderRows.js';
import { CONFIGURED_COLUMNS } from '../db/schema.js';

/** Every column of an order but `number`, in the order the writer binds them (number comes last). */
const COLUMNS = [
  'id',
  'idempotency_key',
  'request_hash',
  ...CONFIGURED_COLUMNS,
  'unit_price',
  'quantity',
  'total',
  'customer_name',
  'customer_email',
  'customer_address',
  'customer_locale',
  'has_snapshot',
  'status',
  'created_at',
  'updated_at',
  'source',
  'external_ref',
  'configuration_id',
] as const satisfies readonly (keyof NewOrder)[];
// Compile-time check that COLUMNS names every column of a new order.
type Missing = Exclude<keyof NewOrder, (typeof COLUMNS)[number]>;
const allColumns: [Missing] extends [never] ? true : Missing = true;
void allColumns;

/**
 * WAL pages (4 KiB) after which a commit of the writer checkpoints: 40 MB. The checkpointer thread
 * has copied most of them by then, so the writer copies only the latest frames; at SQLite's default
 * of 1,000 it checkpointed every few batches and bench:server's p99 rose (docs/benchmarks.md, Server).
 */
const WAL_CHECKPOINT_PAGES = 10_000;

const INSERT_SQL = `insert into orders (${[...COLUMNS, 'number'].map((c) => `"${c}"`).join(', ')}) values (${[...COLUMNS, 'number'].map(() => '?').join(', ')})`;

/*
 * The writing thread (orderWriterThread.ts). One connection of its own, one transaction per batch:
 * BEGIN IMMEDIATE (the write lock from the start, so no other process can number orders in
 * between), the last number, then per order: skip a key already taken (or taken earlier in this
 * batch), else insert it, numbered one past the last, and its snapshot; COMMIT (synced, as the
 * server's connection is). Any error rolls the whole batch back and is reported; the caller decides
 * what to retry.
 *
 * Its connection checkpoints the WAL after a commit past WAL_CHECKPOINT_PAGES, whatever the
 * server's own connection does. Under orders without a pause, the checkpointer
 * thread's PASSIVE checkpoints never catch up with a writer that keeps appending, so the WAL never
 * starts over: it reached 705 MB after 60,000 orders in bench:server, and every transaction grew
 * slower with it. Between two of its own transactions the writer's checkpoint copies every frame
 * (nothing else writes orders), and its next transaction starts the WAL from the beginning.
 *
 * Given an ArrearsIndex (the sales desk's search table, migration 0009), it also keeps that index,
 * in arrears: once SEARCH_RUN orders wait past the watermark, a batch's transaction indexes them
 * too (at most SEARCH_MAX); when no batch came for SEARCH_IDLE_MS, the rest is indexed on its own,
 * SEARCH_RUN orders a transaction (a burst of orders after a quiet second waited behind 4,096 at
 * once, against a run of 512). Searches read the orders past the watermark directly, so nothing is
 * ever missing.
 */

/**
 * Orders written to SQLite from a thread of their own. better-sqlite3 runs SQL on the calling
 * thread; on the event loop's thread an order batch's insert (16 indexes and the search table)
 * and its synced commit were a third of the server's time per order, during which no request was
 * parsed or answered. Here the event loop only posts the batch and goes on; the next batch
 * gathers while this one commits. Durability is unchanged: a request is answered after the
 * commit that holds its order.
 */
export class SqliteOrderWriter {
  private worker: Worker | undefined;
  private pending = new Map<number, { resolve: (n: (number | null)[]) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closed = false;

  private readonly walCheckpointPages: number;
  private readonly onWarning: (message: string) => void;
  private readonly arrears: ArrearsIndex | undefined;

  /** `arrears`: an index the writer keeps up in its own transactions (the sales search table). */
  constructor(
    private readonly file: string,
    {
      walCheckpointPages = WAL_CHECKPOINT_PAGES,
      onWarning = (message: string) => console.error(message),
      arrears,
    }: { walCheckpointPages?: number; onWarning?: (message: string) => void; arrears?: ArrearsIndex | undefined } = {},
  ) {
    this.walCheckpointPages = walCheckpointPages;
    this.onWarning = onWarning;
    this.arrears = arrears;
  }

  /** Insert a batch in one transaction: per order its number, or null when its key was taken. */
  write(orders: NewOrder[], snapshots: (Buffer | null)[]): Promise<(number | null)[]> {
    if (this.closed) return Promise.reject(new Error('the order writer is closed'));
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    const rows = orders.map((o) => COLUMNS.map((c) => o[c]));
    // Referenced while a batch is out, so that a process with nothing else to do waits for it.
    if (!this.pending.size) worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, rows, snapshots } satisfies WriterBatch);
    });
  }

  /** Finish the batches already sent, then close the thread's connection. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Referenced until it has exited: an idle, unreferenced thread would let the process end first.
    worker.ref();
    worker.postMessage('close');
    await exited;
  }

  private start(): Worker {
    const workerData: WriterData = {
      file: this.file,
      walAutocheckpoint: this.walCheckpointPages,
      insertSql: INSERT_SQL,
      arrears: this.arrears,
      keyIndex: COLUMNS.indexOf('idempotency_key'),
      idIndex: COLUMNS.indexOf('id'),
    };
    const worker = moduleWorker(import.meta.url, './orderWriterThread.ts', './orders/orderWriterThread.mjs', { workerData });
    worker.on('message', (m: WriterReply) => {
      if (m.warning) this.onWarning(m.warning);
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (!this.pending.size) worker.unref(); // idle: never what keeps the process alive
      if (m.numbers) p.resolve(m.numbers);
      else p.reject(Object.assign(new Error(m.error?.message ?? 'order write failed'), { code: m.error?.code }));
    });
    const fail = (e: Error) => {
      // The thread is gone (it failed to open the database, or crashed): what it held is rolled
      // back by SQLite, every waiting batch fails, and the next write starts a new thread.
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the order writer thread exited (code ${code})`)));
    return worker;
  }
}
