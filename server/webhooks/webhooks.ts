import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import { OrderCursor, OutboxTable } from '../outbox/outbox.js';
import { OutboxLoop } from '../outbox/outboxLoop.js';
import type { Logger } from 'pino';
import { parseProduct, type Product } from '../../catalog/index.js';
import { randomToken } from '../auth/crypto.js';
import { orderLines } from '../orders/orderRows.js';
import type { Db } from '../db/database.js';
import type { OrdersTable } from '../db/schema.js';
import { webhookDb, type WebhookDatabase, type WebhookTables } from './webhookTables.js';
import { BlockedAddressError, blockedAddressReason, checkedLookup } from './webhookAddress.js';

export const SIGNATURE_HEADER = 'x-maatwerk-signature';
export const TIMESTAMP_HEADER = 'x-maatwerk-timestamp';
export const EVENT_HEADER = 'x-maatwerk-event';
export const DELIVERY_HEADER = 'x-maatwerk-delivery';
/** The counters row holding the number of the last order announced as order.created. */
const CURSOR = 'sales_webhook_order_cursor';

export type WebhookEvent = 'order.created' | 'order.status_changed';

/**
 * The signature a receiver recomputes: HMAC-SHA256 over "timestamp.body" with the shared
 * secret, hex, as "t=<timestamp>,v1=<hex>" (the timestamp lets a receiver refuse replays).
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

type OrderLike = Pick<
  OrdersTable,
  | 'id'
  | 'number'
  | 'product_id'
  | 'catalog_version'
  | 'variant_code'
  | 'quantity'
  | 'total'
  | 'currency'
  | 'status'
  | 'created_at'
  | 'configuration'
> & { tracking_number?: string | null; carrier?: string | null };

/**
 * An order as webhooks send it; `lines` describes every attribute in the shopper's words
 * (describeConfiguration, English) from the order's catalog version.
 */
export function orderPayload(o: OrderLike, product: Product | undefined) {
  const configuration = JSON.parse(o.configuration) as Record<string, string | null>;
  return {
    id: o.id,
    number: Number(o.number),
    productId: o.product_id,
    version: o.catalog_version,
    variantCode: o.variant_code,
    quantity: o.quantity,
    total: Number(o.total),
    currency: o.currency,
    status: o.status,
    createdAt: o.created_at,
    trackingNumber: o.tracking_number ?? null,
    carrier: o.carrier ?? null,
    configuration,
    lines: orderLines(product, configuration, 'en'),
  };
}

/** Parsed product versions by "id@version" (a version never changes); the 500 most recently used. */
export class VersionCache {
  private readonly cache = new LRUCache<string, Promise<Product | undefined>>({ max: 500 });
  constructor(private readonly db: Kysely<WebhookDatabase>) {}
  get(productId: string, version: number): Promise<Product | undefined> {
    const key = `${productId}@${version}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.db
        .selectFrom('product_versions')
        .select('document')
        .where('product_id', '=', productId)
        .where('version', '=', version)
        .executeTakeFirst()
        .then((r) => {
          if (!r) return undefined;
          const parsed = parseProduct(JSON.parse(r.document));
          return parsed.ok ? parsed.product : undefined;
        });
      this.cache.set(key, p);
    }
    return p;
  }
}

export async function readSettings<D>(db: Kysely<D>) {
  return webhookDb(db).selectFrom('webhook_settings').selectAll().where('id', '=', 'default').executeTakeFirst();
}

/** Queue a delivery (inside the caller's transaction) when a webhook is set and enabled. */
export async function enqueue<D>(tx: Kysely<D>, event: WebhookEvent, orderId: string, data: object, now = Date.now()) {
  const db = webhookDb(tx);
  const s = await readSettings(db);
  if (!s || !s.enabled) return null;
  const id = randomToken(12);
  const payload = JSON.stringify({ id, event, occurredAt: new Date(now).toISOString(), data });
  await db
    .insertInto('webhook_deliveries')
    .values({
      id,
      event,
      order_id: orderId,
      url: s.url,
      payload,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      locked_by: null,
      last_status_code: null,
      last_error: null,
      created_at: new Date(now).toISOString(),
      delivered_at: null,
    })
    .execute();
  return id;
}

/** What a test ping got back: delivered (a 2xx) or why not. */
export interface PingResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * POST a signed `ping` event to the webhook URL now, as a delivery would be sent (same headers and
 * signature), so an admin sees at once whether the receiver answers and accepts the signature.
 */
export async function sendPing(
  settings: { url: string; secret: string },
  opts: { timeoutMs?: number; allowPrivate?: boolean } = {},
): Promise<PingResult> {
  const id = randomToken(12);
  const payload = JSON.stringify({ id, event: 'ping', occurredAt: new Date().toISOString(), data: {} });
  const started = Date.now();
  const r = await post(settings.url, settings.secret, 'ping', id, payload, {
    timeoutMs: opts.timeoutMs ?? 10_000,
    allowPrivate: opts.allowPrivate ?? false,
  });
  return { ...r, ok: r.error === null, durationMs: Date.now() - started };
}

/**
 * One signed POST through postWebhook (address rules included); the status code, and an error
 * unless it was a 2xx. Refused, reset, timed out, no such host, TLS: one text, so that the
 * delivery log cannot be used to map which ports answer; a refused address says so (no port).
 */
async function post(
  url: string,
  secret: string,
  event: string,
  id: string,
  payload: string,
  opts: { timeoutMs: number; allowPrivate: boolean },
) {
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const ts = Math.floor(Date.now() / 1000);
    statusCode = await postWebhook(
      url,
      {
        'content-type': 'application/json',
        'user-agent': 'Maatwerk-Webhook/1',
        [SIGNATURE_HEADER]: sign(secret, ts, payload),
        [TIMESTAMP_HEADER]: String(ts),
        [EVENT_HEADER]: event,
        [DELIVERY_HEADER]: id,
      },
      payload,
      opts,
    );
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (e) {
    error = e instanceof BlockedAddressError ? e.message : UNREACHABLE;
  }
  return { statusCode, error };
}

/**
 * Send a delivery that failed once more: it is pending again and due now, and the worker gives it
 * one more attempt (its attempts count on, so a new failure marks it failed again). Only a failed
 * delivery can be resent; returns whether it was.
 */
export async function resendDelivery<D>(db: Kysely<D>, id: string, now = Date.now()): Promise<boolean> {
  const r = await webhookDb(db)
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, locked_until: null, locked_by: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Start announcing from the newest order on (once; later calls keep the cursor where it is). */
export async function startOrderCursor<D>(db: Kysely<D>) {
  await new OrderCursor(webhookDb(db), CURSOR).start();
}

export interface WorkerOptions {
  /** How often the table is polled (ms). */
  pollMs?: number;
  /** First retry delay (ms); each further retry doubles it, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a delivery is marked failed. */
  maxAttempts?: number;
  /** How long a claimed row stays ours; after that another worker may take it (we crashed). */
  leaseMs?: number;
  timeoutMs?: number;
  batch?: number;
  logger?: Logger;
  /** Deliver to loopback, private and link-local addresses too (WEBHOOK_ALLOW_PRIVATE; development). */
  allowPrivate?: boolean;
}

/** What a failed connection is stored and logged as: one text for all, so the log does not tell which ports are open. */
export const UNREACHABLE = 'could not deliver: the receiver did not answer';

/**
 * POST a webhook and resolve with the HTTP status. Unless private addresses are allowed, a literal
 * address is judged here and a host name by checkedLookup, which hands the connection the
 * addresses it checked. Redirects are not followed; the answer's body is read and dropped.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<number> {
  const target = new URL(url);
  if (!opts.allowPrivate) {
    const reason = blockedAddressReason(target.hostname);
    if (reason) return Promise.reject(new BlockedAddressError(reason));
  }
  const request = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(opts.timeoutMs),
        ...(opts.allowPrivate ? {} : { lookup: checkedLookup }),
      },
      (res) => {
        res.on('error', () => {});
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

type Claimed = Pick<WebhookTables['webhook_deliveries'], 'id' | 'url' | 'payload' | 'event' | 'attempts'>;

/**
 * Delivers queued webhooks. Everything lives in the database, so a restart or a second instance
 * carries on where this one stopped: rows are claimed with one UPDATE (SKIP LOCKED on PostgreSQL)
 * that sets a lease; a worker that dies leaves its lease to expire. New orders are found by a
 * cursor over order numbers, advanced with a compare-and-set so two instances never both announce one.
 */
export class WebhookWorker {
  readonly id = randomUUID();
  private readonly db: Kysely<WebhookDatabase>;
  private readonly loop: OutboxLoop;
  private readonly o: Required<Omit<WorkerOptions, 'logger'>> & { logger?: Logger };
  private readonly versions: VersionCache;
  private readonly outbox: OutboxTable;
  private readonly cursor: OrderCursor;

  constructor(
    private readonly database: Db,
    opts: WorkerOptions = {},
  ) {
    this.db = webhookDb(database.kysely);
    this.versions = new VersionCache(this.db);
    this.o = {
      pollMs: 1000,
      baseDelayMs: 5000,
      maxDelayMs: 3600_000,
      maxAttempts: 10,
      leaseMs: 60_000,
      timeoutMs: 10_000,
      batch: 20,
      allowPrivate: false,
      ...opts,
    };
    this.outbox = new OutboxTable(
      'webhook_deliveries',
      { status: 'delivered', at: 'delivered_at' },
      database.dialect,
      this.id,
      this.o,
    );
    this.cursor = new OrderCursor(this.db, CURSOR);
    this.loop = new OutboxLoop(
      () => this.tick(),
      this.o.pollMs,
      (e) => this.o.logger?.error({ err: e }, 'webhook worker tick failed'),
    );
  }

  start(): this {
    this.loop.start();
    return this;
  }

  /** Stop polling and wait for the deliveries in flight. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One round: announce new orders, then deliver what is due. Returns the deliveries attempted. */
  async tick(now = Date.now()): Promise<number> {
    await this.announceNewOrders(now);
    const claimed = await this.claim(now);
    await Promise.all(claimed.map((d) => this.deliver(d)));
    return claimed.length;
  }

  /** Queue order.created for orders numbered past the cursor; the first run starts the cursor at the newest order. */
  async announceNewOrders(now = Date.now()): Promise<number> {
    const next = await this.cursor.next([
      'id',
      'product_id',
      'catalog_version',
      'variant_code',
      'quantity',
      'total',
      'currency',
      'status',
      'created_at',
      'configuration',
    ]);
    if (!next) return 0;
    const products = await Promise.all(next.orders.map((o) => this.versions.get(o.product_id, o.catalog_version)));
    return this.db.transaction().execute(async (tx) => {
      // Another instance advanced it first: it queues these orders, we queue nothing.
      if (!(await next.take(tx))) return 0;
      for (const [i, o] of next.orders.entries())
        await enqueue<WebhookDatabase>(tx, 'order.created', o.id, { order: orderPayload(o, products[i]) }, now);
      return next.orders.length;
    });
  }

  private claim(now: number) {
    return this.outbox.claim<Claimed>(this.db, now, ['id', 'url', 'payload', 'event', 'attempts']);
  }

  private async deliver(d: Claimed) {
    const settings = await readSettings(this.db);
    const started = Date.now();
    const { statusCode: code, error } = settings
      ? await post(d.url, settings.secret, d.event, d.id, d.payload, {
          timeoutMs: this.o.timeoutMs,
          allowPrivate: this.o.allowPrivate,
        })
      : { statusCode: null, error: 'no webhook secret is set' };
    if (error) this.o.logger?.warn({ delivery: d.id, attempt: d.attempts, error }, 'webhook delivery failed');
    const now = Date.now();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('webhook_attempts')
        .values({
          delivery_id: d.id,
          attempt: d.attempts,
          at: new Date(started).toISOString(),
          status_code: code,
          error,
          duration_ms: now - started,
        })
        .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
        .execute();
      await this.outbox.settle(tx, d, error, { last_status_code: code }, now);
    });
  }
}
