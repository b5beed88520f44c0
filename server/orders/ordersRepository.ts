import type { Kysely } from 'kysely';
import { isUniqueViolation, type Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { NewOrder, OrderRow } from './orderRows.js';
import type { ArrearsIndex } from './orderWriterProtocol.js';
import { SqliteOrderWriter } from './sqliteOrderWriter.js';

export type { NewOrder, OrderRow } from './orderRows.js';

interface Pending {
  order: NewOrder;
  snapshot: Buffer | null;
  resolve: (row: OrderRow | null) => void;
  reject: (e: unknown) => void;
}

/** At most this many orders share a commit (PostgreSQL: 21 parameters a row, well under 65,535). */
const MAX_BATCH = 256;

/**
 * Orders are written by group commit: the orders that arrive while a commit is in flight are
 * written together in the next transaction, and each request is answered only after the
 * commit that holds its order. Durability per order is unchanged (no 201 before its commit);
 * what is shared is the commit itself (one WAL append / fsync, one counter lock) instead of
 * one per order. On SQLite the batch is written by a thread of its own (SqliteOrderWriter), so
 * the event loop goes on parsing and answering requests meanwhile. Measured in docs/benchmarks.md
 * ("## Server").
 */
export class OrdersRepository {
  private queue: Pending[] = [];
  private flushing = false;
  private readonly db: Kysely<Database>;
  private readonly writer: SqliteOrderWriter | undefined;

  /**
   * `warn`: where the SQLite writer reports what no request waits for (the index in arrears), and a
   * batch that fell back to one commit per order. `arrears`: the index the SQLite writer keeps up
   * after the orders it writes (the sales desk's search table; the app passes it in).
   */
  constructor(
    database: Db,
    private readonly warn?: (message: string) => void,
    arrears?: ArrearsIndex,
  ) {
    this.db = database.kysely;
    if (database.sqlite) {
      const writer = new SqliteOrderWriter(database.sqlite.name, { ...(warn ? { onWarning: warn } : {}), arrears });
      database.onClose(() => writer.close());
      this.writer = writer;
    }
  }

  findByKey(key: string): Promise<OrderRow | undefined> {
    return this.db.selectFrom('orders').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }

  findById(id: string): Promise<OrderRow | undefined> {
    return this.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async snapshot(id: string): Promise<Buffer | undefined> {
    const r = await this.db.selectFrom('order_snapshots').select('png').where('order_id', '=', id).executeTakeFirst();
    return r && Buffer.from(r.png);
  }

  /**
   * Insert an order and its snapshot, numbered one past the last order (gapless: numbers are
   * given out inside the committing transaction, so a rollback gives them back). Resolves
   * once committed; null when the idempotency key is already taken — by an earlier request
   * or one racing this one (whose order is committed by then).
   */
  insert(order: NewOrder, snapshot: Buffer | null): Promise<OrderRow | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ order, snapshot, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    try {
      while (this.queue.length) {
        // Let the requests already parsed in this turn of the event loop join the commit.
        await new Promise((r) => setImmediate(r));
        await this.commit(this.queue.splice(0, MAX_BATCH));
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commit(batch: Pending[]) {
    try {
      const rows = await this.write(batch);
      batch.forEach((p, i) => p.resolve(rows[i]!));
      return;
    } catch (e) {
      if (batch.length === 1) {
        if (isUniqueViolation(e)) batch[0]!.resolve(null);
        else batch[0]!.reject(e);
        return;
      }
      // Said, because it costs: each order of the batch then commits on its own.
      const code = (e as { code?: unknown } | null)?.code;
      this.warn?.(`a batch of ${batch.length} orders failed together (${String(code ?? 'error')}); writing each alone`);
    }
    // The shared transaction failed: one order must not fail the others, so each goes alone.
    for (const p of batch) {
      try {
        p.resolve((await this.write([p]))[0]!);
      } catch (e) {
        if (isUniqueViolation(e)) p.resolve(null);
        else p.reject(e);
      }
    }
  }

  /** One transaction for the batch; per order its row, or null when its key was taken. */
  private async write(batch: Pending[]): Promise<(OrderRow | null)[]> {
    if (!this.writer) return this.db.transaction().execute((tx) => this.writePostgres(tx, batch));
    const numbers = await this.writer.write(
      batch.map((p) => p.order),
      batch.map((p) => p.snapshot),
    );
    return batch.map((p, i) => {
      const number = numbers[i];
      return number == null ? null : { ...p.order, number };
    });
  }

  /**
   * PostgreSQL: the counter row is locked first, so the transactions that write orders (from
   * every instance) run one at a time; under that lock the keys already taken are exactly the
   * committed ones, and the rest are numbered gaplessly and inserted in one statement. The lock
   * is held once per batch rather than once per order, which is what lifts throughput.
   */
  private async writePostgres(tx: Kysely<Database>, batch: Pending[]): Promise<(OrderRow | null)[]> {
    const { value } = await tx
      .insertInto('counters')
      .values({ name: 'order_number', value: 0 })
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb.ref('counters.value') })))
      .returning('value')
      .executeTakeFirstOrThrow();
    const out = await this.insertNew(tx, batch, Number(value));
    const last = out.reduce((n, r) => (r ? Math.max(n, r.number) : n), Number(value));
    if (last !== Number(value))
      await tx.updateTable('counters').set({ value: last }).where('name', '=', 'order_number').execute();
    return out;
  }

  /**
   * PostgreSQL, inside the transaction that alone numbers orders (SQLite's writer thread does the
   * same in sqliteOrderWriter.ts): skip the keys already taken (and a key's
   * second request within the batch, which replays the first after the commit), number the
   * rest from `last` + 1 and insert them, and their snapshots, in one statement each.
   */
  private async insertNew(tx: Kysely<Database>, batch: Pending[], last: number): Promise<(OrderRow | null)[]> {
    const keys = [...new Set(batch.map((p) => p.order.idempotency_key))];
    const taken = new Set(
      (await tx.selectFrom('orders').select('idempotency_key').where('idempotency_key', 'in', keys).execute()).map(
        (r) => r.idempotency_key,
      ),
    );
    let number = last;
    const out = batch.map(({ order }) => {
      if (taken.has(order.idempotency_key)) return null;
      taken.add(order.idempotency_key);
      return { ...order, number: ++number };
    });
    const rows = out.filter((r) => r !== null);
    if (!rows.length) return out;
    await tx.insertInto('orders').values(rows).execute();
    const snaps = batch.flatMap((p, i) => (p.snapshot && out[i] ? [{ order_id: p.order.id, png: p.snapshot }] : []));
    if (snaps.length) await tx.insertInto('order_snapshots').values(snaps).execute();
    return out;
  }
}
