import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SQLITE_SEARCH_INDEX } from '../sales/salesMigration.js';
import type { NewOrder } from './ordersRepository.js';

/** Every column of an order but `number`, in the order the writer binds them (number comes last). */
const COLUMNS = [
  'id',
  'idempotency_key',
  'request_hash',
  'product_id',
  'catalog_version',
  'choices',
  'configuration',
  'price',
  'variant_code',
  'currency',
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
 * of 1,000 it checkpointed every ~9 batches and bench:server's p99 rose from ~50 to 64–71 ms.
 */
const WAL_CHECKPOINT_PAGES = 10_000;

const INSERT_SQL = `insert into orders (${[...COLUMNS, 'number'].map((c) => `"${c}"`).join(', ')}) values (${[...COLUMNS, 'number'].map(() => '?').join(', ')})`;

/**
 * The writing thread. One connection of its own, one transaction per batch: BEGIN IMMEDIATE (the
 * write lock from the start, so no other process can number orders in between), the last number,
 * then per order: skip a key already taken (or taken earlier in this batch), else insert it,
 * numbered one past the last, and its snapshot; COMMIT (synced, as the server's connection is).
 * Any error rolls the whole batch back and is reported; the caller decides what to retry.
 *
 * Its connection checkpoints the WAL after a commit past WAL_CHECKPOINT_PAGES, whatever the
 * server's own connection does. Under orders without a pause, the checkpointer
 * thread's PASSIVE checkpoints never catch up with a writer that keeps appending, so the WAL never
 * starts over: it reached 705 MB after 60,000 orders in bench:server, and every transaction grew
 * slower with it. Between two of its own transactions the writer's checkpoint copies every frame
 * (nothing else writes orders), and its next transaction starts the WAL from the beginning.
 *
 * It also keeps the sales desk's search table (migration 0009), in arrears: once SEARCH_RUN orders
 * wait past the watermark, a batch's transaction indexes them too (at most SEARCH_MAX); when no
 * batch came for SEARCH_IDLE_MS, the rest is indexed on its own, SEARCH_RUN orders a transaction
 * (a burst of orders after a quiet second waited behind 4,096 at once: 21–29 ms, against 3–4 ms
 * for 512). Searches read the orders past the watermark directly, so nothing is ever missing.
 *
 * A CommonJS script evaluated from a string, like the checkpointer, so that it runs the same from
 * the TypeScript sources and from the bundled server.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');
db.pragma('foreign_keys = ON');
db.pragma('wal_autocheckpoint = ' + workerData.walAutocheckpoint);
const begin = db.prepare('begin immediate');
const commit = db.prepare('commit');
const rollback = db.prepare('rollback');
const savepoint = db.prepare('savepoint search');
const release = db.prepare('release search');
const rollbackTo = db.prepare('rollback to search');
const last = db.prepare('select max(number) from orders').pluck();
const taken = db.prepare('select 1 from orders where idempotency_key = ?').pluck();
const insert = db.prepare(workerData.insertSql);
const snapshot = db.prepare('insert into order_snapshots (order_id, png) values (?, ?)');
const searchUpto = db.prepare(workerData.search.upto).pluck();
const searchFill = db.prepare(workerData.search.fill);
const searchSet = db.prepare(workerData.search.set);
const SEARCH_RUN = 512;
const SEARCH_MAX = 4096;
const SEARCH_IDLE_MS = 1000;
const KEY = workerData.keyIndex;
const ID = workerData.idIndex;
/** Inside a write transaction: index up to \`max\` orders past the watermark if at least \`min\` wait; whether more remain. */
function indexSearch(lastNumber, min, max) {
  const upto = Number(searchUpto.get());
  if (lastNumber - upto < min) return false;
  const to = Math.min(lastNumber, upto + max);
  searchFill.run(upto, to);
  searchSet.run(to);
  return to < lastNumber;
}
/** fn() in one BEGIN IMMEDIATE transaction: committed, or rolled back and thrown. */
function immediate(fn) {
  begin.run();
  try {
    const out = fn();
    commit.run();
    return out;
  } catch (e) {
    if (db.inTransaction) rollback.run();
    throw e;
  }
}
const warnSearch = (e) => parentPort.postMessage({ warning: 'search index: ' + String((e && e.message) || e) });
let idle;
function indexWhenIdle() {
  clearTimeout(idle);
  idle = setTimeout(function catchUp() {
    try {
      // A run at a time, so that a batch arriving meanwhile waits for one run at most.
      if (immediate(() => indexSearch(Number(last.get() ?? 0), 1, SEARCH_RUN))) idle = setTimeout(catchUp, 0);
    } catch (e) {
      warnSearch(e);
    }
  }, SEARCH_IDLE_MS);
}
function write(rows, snapshots) {
  return immediate(() => {
    let n = Number(last.get() ?? 0);
    const seen = new Set();
    const numbers = rows.map((row, i) => {
      const key = row[KEY];
      if (seen.has(key) || taken.get(key) !== undefined) return null;
      seen.add(key);
      row.push(++n);
      insert.run(row);
      const png = snapshots[i];
      if (png) snapshot.run(row[ID], Buffer.from(png.buffer, png.byteOffset, png.byteLength));
      return n;
    });
    // An order never fails for the search index: its run is undone alone, and tried again later.
    savepoint.run();
    try {
      indexSearch(n, SEARCH_RUN, SEARCH_MAX);
      release.run();
    } catch (e) {
      rollbackTo.run();
      release.run();
      warnSearch(e);
    }
    return numbers;
  });
}
parentPort.on('message', (m) => {
  if (m === 'close') {
    clearTimeout(idle);
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: m.id, numbers: write(m.rows, m.snapshots) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: { message: String((e && e.message) || e), code: e && e.code } });
  }
  indexWhenIdle();
});
indexWhenIdle();
`;

interface Reply {
  id?: number;
  /** Something went wrong that no batch waits for (the search index in arrears): logged. */
  warning?: string;
  numbers?: (number | null)[];
  error?: { message: string; code?: string };
}

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

  constructor(
    private readonly file: string,
    {
      walCheckpointPages = WAL_CHECKPOINT_PAGES,
      onWarning = (message: string) => console.error(message),
    }: { walCheckpointPages?: number; onWarning?: (message: string) => void } = {},
  ) {
    this.walCheckpointPages = walCheckpointPages;
    this.onWarning = onWarning;
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
      worker.postMessage({ id, rows, snapshots });
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
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: {
        file: this.file,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        walAutocheckpoint: this.walCheckpointPages,
        insertSql: INSERT_SQL,
        search: SQLITE_SEARCH_INDEX,
        keyIndex: COLUMNS.indexOf('idempotency_key'),
        idIndex: COLUMNS.indexOf('id'),
      },
    });
    worker.on('message', (m: Reply) => {
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
