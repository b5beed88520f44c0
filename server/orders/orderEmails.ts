import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { randomToken } from '../auth/crypto.js';
import type { CatalogRepository } from '../catalog/catalogRepository.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { OrderCursor, OutboxTable } from '../outbox/outbox.js';
import { OutboxLoop } from '../outbox/outboxLoop.js';
import { mailLocale, renderOrderEmail } from './orderEmailText.js';

/** The counters row that says whether order e-mails are on (1: an instance with SMTP runs). */
export const EMAILS_ENABLED = 'order_emails_enabled';
/** The counters row with the number of the last order whose "received" e-mail was queued. */
const CURSOR = 'order_email_cursor';

export type EmailTables = {
  order_emails: {
    id: string;
    order_id: string;
    dedupe: string;
    kind: 'received' | 'status';
    order_status: string;
    locale: string;
    to_address: string;
    status: 'pending' | 'sent' | 'failed';
    attempts: number;
    /** Epoch milliseconds, as in webhook_deliveries. */
    next_attempt_at: number;
    locked_until: number | null;
    locked_by: string | null;
    last_error: string | null;
    created_at: string;
    sent_at: string | null;
  };
};
type EmailDatabase = Database & EmailTables;
const emailDb = (k: Kysely<Database>): Kysely<EmailDatabase> => k.withTables<EmailTables>();

/** What the worker needs of a mail transport: nodemailer's `sendMail`. */
export interface MailTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
  close?(): void;
}

interface QueueItem {
  orderId: string;
  dedupe: string;
  kind: 'received' | 'status';
  orderStatus: string;
  locale: string | null;
  to: string;
}

async function queue(db: Kysely<EmailDatabase>, e: QueueItem, now: number) {
  await db
    .insertInto('order_emails')
    .values({
      id: randomToken(12),
      order_id: e.orderId,
      dedupe: e.dedupe,
      kind: e.kind,
      order_status: e.orderStatus,
      locale: mailLocale(e.locale),
      to_address: e.to,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      locked_by: null,
      last_error: null,
      created_at: new Date(now).toISOString(),
      sent_at: null,
    })
    .onConflict((oc) => oc.columns(['order_id', 'dedupe']).doNothing())
    .execute();
}

/** Switch order e-mails on or off for every instance on this database (at start, from SMTP_URL). */
export async function setEmailsEnabled(db: Kysely<Database>, on: boolean) {
  await db
    .insertInto('counters')
    .values({ name: EMAILS_ENABLED, value: on ? 1 : 0 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: on ? 1 : 0 }))
    .execute();
}

/**
 * Queue the status e-mail of an order, inside the transaction that changes its status, when
 * order e-mails are on; one per order and change (`at`).
 */
export async function queueStatusEmail(
  tx: Kysely<Database>,
  o: { id: string; customer_email: string; customer_locale: string | null },
  to: string,
  at: string,
  now = Date.now(),
) {
  const db = emailDb(tx);
  const on = await db.selectFrom('counters').select('value').where('name', '=', EMAILS_ENABLED).executeTakeFirst();
  if (!on || Number(on.value) !== 1) return;
  const item = { orderId: o.id, dedupe: `status:${to}:${at}`, kind: 'status', orderStatus: to };
  await queue(db, { ...item, kind: 'status', locale: o.customer_locale, to: o.customer_email }, now);
}

type ClaimedEmail = Pick<
  EmailTables['order_emails'],
  'id' | 'order_id' | 'kind' | 'order_status' | 'locale' | 'to_address' | 'attempts'
>;

export interface OrderEmailOptions {
  transport: MailTransport;
  from: string;
  catalog: CatalogRepository;
  publicUrl?: string | undefined;
  logger?: Logger;
  pollMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  leaseMs?: number;
  batch?: number;
}

/**
 * Sends the customers' order e-mails: "received" for every new order (found by a cursor over
 * order numbers, as the webhook worker does, so the order path itself does no extra work) and
 * the status changes queued by the sales desk. Rows are claimed with a lease and retried with
 * exponential backoff, so restarts and several instances neither lose nor double an e-mail.
 */
export class OrderEmailWorker {
  readonly id = randomUUID();
  private readonly db: Kysely<EmailDatabase>;
  private readonly loop: OutboxLoop;
  private readonly o: Required<Omit<OrderEmailOptions, 'logger' | 'publicUrl'>> & Pick<OrderEmailOptions, 'logger' | 'publicUrl'>;
  private readonly outbox: OutboxTable;
  private readonly cursor: OrderCursor;

  constructor(
    private readonly database: Db,
    opts: OrderEmailOptions,
  ) {
    this.db = emailDb(database.kysely);
    this.o = { pollMs: 1000, baseDelayMs: 10_000, maxDelayMs: 3600_000, maxAttempts: 10, leaseMs: 120_000, batch: 10, ...opts };
    this.outbox = new OutboxTable('order_emails', { status: 'sent', at: 'sent_at' }, database.dialect, this.id, this.o);
    this.cursor = new OrderCursor(database.kysely, CURSOR);
    this.loop = new OutboxLoop(
      () => this.tick(),
      this.o.pollMs,
      (e) => this.o.logger?.error({ err: e }, 'order e-mail worker tick failed'),
    );
  }

  /** Switch e-mails on for this database, then poll. */
  async start(): Promise<this> {
    if (this.loop.isRunning) return this;
    await setEmailsEnabled(this.database.kysely, true);
    this.loop.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.o.transport.close?.();
  }

  /** One round: queue "received" e-mails of new orders, then send what is due. Returns the e-mails attempted. */
  async tick(now = Date.now()): Promise<number> {
    await this.queueNewOrders(now);
    const claimed = await this.claim(now);
    for (const e of claimed) await this.send(e);
    return claimed.length;
  }

  /** Queue the "received" e-mail of each order placed since the last round. */
  async queueNewOrders(now = Date.now()): Promise<number> {
    const next = await this.cursor.next(['id', 'customer_email', 'customer_locale']);
    if (!next) return 0;
    return this.db.transaction().execute(async (tx) => {
      if (!(await next.take(tx))) return 0; // another instance queues these
      for (const o of next.orders) {
        const item = { orderId: o.id, dedupe: 'received', kind: 'received' as const, orderStatus: 'received' };
        await queue(tx, { ...item, locale: o.customer_locale, to: o.customer_email }, now);
      }
      return next.orders.length;
    });
  }

  private claim(now: number) {
    return this.outbox.claim<ClaimedEmail>(this.database.kysely, now, [
      'id',
      'order_id',
      'kind',
      'order_status',
      'locale',
      'to_address',
      'attempts',
    ]);
  }

  private async send(e: ClaimedEmail) {
    let error: string | null = null;
    try {
      const o = await this.db.selectFrom('orders').selectAll().where('id', '=', e.order_id).executeTakeFirst();
      if (!o) throw new Error('the order is gone');
      const version = await this.o.catalog.getVersion(o.product_id, o.catalog_version).catch(() => null);
      const mail = renderOrderEmail(
        e.kind,
        {
          id: o.id,
          number: Number(o.number),
          customerName: o.customer_name,
          productId: o.product_id,
          quantity: o.quantity,
          total: Number(o.total),
          currency: o.currency,
          variantCode: o.variant_code,
          configuration: JSON.parse(o.configuration) as Record<string, string | null>,
          status: e.order_status,
        },
        version?.product ?? null,
        mailLocale(e.locale),
        this.o.publicUrl,
      );
      await this.o.transport.sendMail({ from: this.o.from, to: e.to_address, ...mail });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (error !== null)
      this.o.logger?.warn({ email: e.id, order: e.order_id, attempt: e.attempts, error }, 'order e-mail not sent');
    await this.outbox.settle(this.database.kysely, e, error);
  }
}
