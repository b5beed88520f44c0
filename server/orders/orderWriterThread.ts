import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from '../db/sqliteConnection.js';
import type { WriterBatch, WriterData, WriterReply } from './orderWriterProtocol.js';

/* The order writer's thread (SqliteOrderWriter starts it; what it does is told there). */

/** Orders indexed in one run, past which a batch's transaction indexes them too. */
const SEARCH_RUN = 512;
/** At most this many a batch's transaction indexes. */
const SEARCH_MAX = 4096;
/** A quiet time after which the rest is indexed on its own, SEARCH_RUN orders a transaction. */
const SEARCH_IDLE_MS = 1000;

const data = workerData as WriterData;
const port = parentPort!;
const db = new Database(data.file, { fileMustExist: true });
configureConnection(db, data.walAutocheckpoint);
const begin = db.prepare('begin immediate');
const commit = db.prepare('commit');
const rollback = db.prepare('rollback');
const savepoint = db.prepare('savepoint search');
const release = db.prepare('release search');
const rollbackTo = db.prepare('rollback to search');
const last = db.prepare<[], number | null>('select max(number) from orders').pluck();
const taken = db.prepare<[unknown], number>('select 1 from orders where idempotency_key = ?').pluck();
const insert = db.prepare(data.insertSql);
const snapshot = db.prepare('insert into order_snapshots (order_id, png) values (?, ?)');
const arrears = data.arrears && {
  upto: db.prepare<[], number>(data.arrears.upto).pluck(),
  fill: db.prepare(data.arrears.fill),
  set: db.prepare(data.arrears.set),
};

const messageOf = (e: unknown) => String((e as Error | undefined)?.message ?? e);

/** Inside a write transaction: index up to `max` orders past the watermark if at least `min` wait; whether more remain. */
function indexArrears(lastNumber: number, min: number, max: number): boolean {
  if (!arrears) return false;
  const upto = Number(arrears.upto.get());
  if (lastNumber - upto < min) return false;
  const to = Math.min(lastNumber, upto + max);
  arrears.fill.run(upto, to);
  arrears.set.run(to);
  return to < lastNumber;
}

/** fn() in one BEGIN IMMEDIATE transaction: committed, or rolled back and thrown. */
function immediate<T>(fn: () => T): T {
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

const warnArrears = (e: unknown) => port.postMessage({ warning: `search index: ${messageOf(e)}` } satisfies WriterReply);

let idle: NodeJS.Timeout | undefined;
function indexWhenIdle() {
  if (!arrears) return;
  clearTimeout(idle);
  idle = setTimeout(function catchUp() {
    try {
      // A run at a time, so that a batch arriving meanwhile waits for one run at most.
      if (immediate(() => indexArrears(Number(last.get() ?? 0), 1, SEARCH_RUN))) idle = setTimeout(catchUp, 0);
    } catch (e) {
      warnArrears(e);
    }
  }, SEARCH_IDLE_MS);
}

function write(rows: unknown[][], snapshots: (Uint8Array | null)[]): (number | null)[] {
  return immediate(() => {
    let n = Number(last.get() ?? 0);
    const seen = new Set<unknown>();
    const numbers = rows.map((row, i) => {
      const key = row[data.keyIndex];
      if (seen.has(key) || taken.get(key) !== undefined) return null;
      seen.add(key);
      row.push(++n);
      insert.run(row);
      const png = snapshots[i];
      if (png) snapshot.run(row[data.idIndex], Buffer.from(png.buffer, png.byteOffset, png.byteLength));
      return n;
    });
    // An order never fails for the index: its run is undone alone, and tried again later.
    if (arrears) {
      savepoint.run();
      try {
        indexArrears(n, SEARCH_RUN, SEARCH_MAX);
        release.run();
      } catch (e) {
        rollbackTo.run();
        release.run();
        warnArrears(e);
      }
    }
    return numbers;
  });
}

port.on('message', (m: WriterBatch | 'close') => {
  if (m === 'close') {
    clearTimeout(idle);
    db.close();
    port.close();
    return;
  }
  try {
    port.postMessage({ id: m.id, numbers: write(m.rows, m.snapshots) } satisfies WriterReply);
  } catch (e) {
    port.postMessage({ id: m.id, error: { message: messageOf(e), code: (e as { code?: string }).code } } satisfies WriterReply);
  }
  indexWhenIdle();
});
indexWhenIdle();
