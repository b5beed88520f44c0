import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Database, OrdersTable } from '../db/schema.js';
import { backoff } from './outboxLoop.js';

/** A database handle or transaction, typed with whatever tables its caller sees. */
type Executor = Parameters<RawBuilder<unknown>['execute']>[0];

export interface OutboxPolicy {
  /** How long a claimed row stays ours; after that another worker may take it (we crashed). */
  leaseMs: number;
  /** Rows claimed in one round. */
  batch: number;
  /** Attempts before a row is marked failed. */
  maxAttempts: number;
  /** First retry delay (ms); each further retry doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * One outbox table's claim, lease and retry (`order_emails`, `webhook_deliveries`: the columns
 * status, attempts, next_attempt_at in epoch ms, locked_until, locked_by, last_error), in SQL that
 * both dialects run: a row is pending until it is done or has failed `maxAttempts` times; rows are claimed with
 * one UPDATE (SKIP LOCKED on PostgreSQL) that sets a lease and counts the attempt; the outcome is
 * recorded only while the lease is still ours.
 */
export class OutboxTable {
  constructor(
    private readonly table: 'order_emails' | 'webhook_deliveries',
    /** The status of a row that went out (`sent`, `delivered`) and the column with its time. */
    private readonly done: { status: string; at: string },
    private readonly dialect: DialectName,
    private readonly workerId: string,
    private readonly policy: OutboxPolicy,
  ) {}

  /** Claim the rows due at `now` (at most `batch`), with the columns asked for and `attempts` counted on. */
  async claim<Row extends { id: string; attempts: number }>(
    db: Executor,
    now: number,
    columns: readonly (keyof Row & string)[],
  ): Promise<Row[]> {
    const t = sql.table(this.table);
    const skipLocked = this.dialect === 'postgres' ? sql` for update skip locked` : sql``;
    const r = await sql<Row>`update ${t}
      set locked_until = ${now + this.policy.leaseMs}, locked_by = ${this.workerId}, attempts = attempts + 1
      where id in (select id from ${t}
        where status = 'pending' and next_attempt_at <= ${now} and (locked_until is null or locked_until < ${now})
        order by next_attempt_at limit ${this.policy.batch}${skipLocked})
      and status = 'pending'
      returning ${sql.join(columns.map((c) => sql.ref(c)))}`.execute(db);
    return r.rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
  }

  /**
   * Record attempt number `attempts` of a claimed row: done, pending again after a backoff, or failed
   * for good; `also` sets further columns of the table. Does nothing once the lease was lost.
   */
  async settle(
    db: Executor,
    row: { id: string; attempts: number },
    error: string | null,
    also: Record<string, string | number | null> = {},
    now = Date.now(),
  ): Promise<void> {
    const ok = error === null;
    const failed = !ok && row.attempts >= this.policy.maxAttempts;
    const next = ok || failed ? now : now + backoff(row.attempts, this.policy.baseDelayMs, this.policy.maxDelayMs);
    const set = {
      status: ok ? this.done.status : failed ? 'failed' : 'pending',
      ...also,
      last_error: error,
      locked_until: null,
      locked_by: null,
      next_attempt_at: next,
      [this.done.at]: ok ? new Date(now).toISOString() : null,
    };
    await sql`update ${sql.table(this.table)}
      set ${sql.join(Object.entries(set).map(([c, v]) => sql`${sql.ref(c)} = ${v}`))}
      where id = ${row.id} and locked_by = ${this.workerId}`.execute(db);
  }
}

/**
 * A cursor over order numbers kept in a `counters` row, by which an outbox worker finds the orders
 * placed since its last round, so the order path itself does no extra work. It is advanced with a
 * compare-and-set, so two instances never both take an order.
 */
export class OrderCursor {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly name: string,
  ) {}

  /** Start at the newest order (once; a cursor already there stays where it is). */
  async start(): Promise<void> {
    const max = await this.db
      .selectFrom('orders')
      .select((eb) => eb.fn.max('number').as('n'))
      .executeTakeFirst();
    await this.db
      .insertInto('counters')
      .values({ name: this.name, value: Number(max?.n ?? 0) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  /**
   * Up to 100 orders past the cursor (with the columns asked for), and `take(tx)`, which moves the
   * cursor past them inside the transaction that queues them and says whether this instance got
   * them. None when the cursor was not started yet: it starts now, at the newest order, so
   * switching a worker on does not announce old orders.
   */
  async next<C extends keyof OrdersTable & string>(columns: readonly C[]) {
    const row = await this.db.selectFrom('counters').select('value').where('name', '=', this.name).executeTakeFirst();
    if (!row) {
      await this.start();
      return null;
    }
    const cursor = Number(row.value);
    const orders = await this.db
      .selectFrom('orders')
      .select([...columns, 'number'])
      .where('number', '>', cursor)
      .orderBy('number')
      .limit(100)
      .execute();
    if (!orders.length) return null;
    const last = Number(orders[orders.length - 1]!.number);
    const take = async <D>(t: Transaction<D>) => {
      const tx = t as unknown as Transaction<Database>;
      const moved = await tx
        .updateTable('counters')
        .set({ value: last })
        .where('name', '=', this.name)
        .where('value', '=', cursor)
        .executeTakeFirst();
      return Number(moved.numUpdatedRows) === 1;
    };
    return { orders, take };
  }
}
