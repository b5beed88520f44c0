import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { openDatabase, type Db } from '../../../server/db/database.js';
import { sign, WebhookWorker } from '../../../server/webhooks/webhooks.js';
import { backoff } from '../../../server/outbox/outboxLoop.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { createTestDb, DIALECTS, FAKE_GLB, newKey, parsed, TEST_DATABASE_URL, validOrder, type TestDb } from '../harness.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The only place webhooks go in tests: a local HTTP server on 127.0.0.1 that answers what it is told. */
async function receiver() {
  const got: Received[] = [];
  const answers: number[] = [];
  let hold: ((release: () => void) => void) | null = null;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      const reply = () => {
        res.statusCode = answers.shift() ?? 200;
        res.end('ok');
      };
      if (hold) {
        const h = hold;
        hold = null;
        h(reply);
      } else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    got,
    answers,
    holdNext: (h: (release: () => void) => void) => void (hold = h),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const SECRET = 'a-very-secret-shared-key';

describe('backoff', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, 1000, 10_000))).toEqual([1000, 2000, 4000, 8000, 10_000]);
  });
});

describe.each(DIALECTS)('webhooks on %s', (dialect) => {
  let t: TestDb;
  let app: ReturnType<typeof createApp>;
  let r: Awaited<ReturnType<typeof receiver>>;
  let admin: string;
  let sales: string;
  const workers: WebhookWorker[] = [];
  const extraDbs: Db[] = [];
  const worker = (db: Db, opts = {}) => {
    // The receiver is on 127.0.0.1: allowed only with WEBHOOK_ALLOW_PRIVATE (tests/server/hostile/webhookAddress.test.ts holds the refusal).
    const w = new WebhookWorker(db, {
      baseDelayMs: 1000,
      maxAttempts: 4,
      leaseMs: 5000,
      timeoutMs: 2000,
      allowPrivate: true,
      ...opts,
    });
    workers.push(w);
    return w;
  };
  const place = async () => {
    const res = await request(app).post('/api/orders').set('Idempotency-Key', newKey()).send(validOrder());
    expect(res.status).toBe(201);
    return res.body as { id: string; number: number };
  };
  const deliveries = async () =>
    (await request(app).get('/api/sales/webhook/deliveries').set('Authorization', `Bearer ${admin}`)).body.deliveries as {
      id: string;
      event: string;
      orderId: string;
      status: string;
      attempts: number;
      lastStatusCode: number | null;
      lastError: string | null;
    }[];

  beforeAll(async () => {
    t = await createTestDb(dialect);
    app = createApp({ db: t.db, scryptCost: 2 ** 10, settings: { webhookAllowPrivate: true } });
    await app.ctx.catalog.publish({ product: parsed(miniProduct()), assets: new Map([['mini-mug.glb', FAKE_GLB]]), note: 't' });
    const a = await app.ctx.users.create('admin@example.com', 'admin', 'a-long-password');
    admin = (await app.ctx.users.createToken(a.id, 't')).token;
    const s = await app.ctx.users.create('sales@example.com', 'sales', 'a-long-password');
    sales = (await app.ctx.users.createToken(s.id, 't')).token;
    r = await receiver();
    await place(); // before the webhook is set: never announced
    const put = await request(app)
      .put('/api/sales/webhook')
      .set('Authorization', `Bearer ${admin}`)
      .send({ url: r.url, secret: SECRET });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ url: r.url, enabled: true, secretSet: true, updatedBy: 'admin@example.com' });
    expect(JSON.stringify(put.body)).not.toContain(SECRET);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await r.close();
    for (const d of extraDbs) await d.close();
    await t.close();
  });

  it('only an admin sets the webhook, to an http(s) URL with a real secret', async () => {
    const asSales = await request(app).put('/api/sales/webhook').set('Authorization', `Bearer ${sales}`).send({ url: r.url });
    expect(asSales.status).toBe(403);
    const bad = await request(app)
      .put('/api/sales/webhook')
      .set('Authorization', `Bearer ${admin}`)
      .send({ url: 'ftp://x', secret: 'short' });
    expect(bad.status).toBe(400);
  });

  it('announces a new order, signed with HMAC-SHA256 over timestamp and body', async () => {
    const w = worker(t.db);
    const o = await place();
    r.got.length = 0;
    expect(await w.tick()).toBe(1);
    expect(r.got).toHaveLength(1);
    const { headers, body } = r.got[0]!;
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({
      event: 'order.created',
      data: { order: { id: o.id, number: o.number, status: 'received' } },
    });
    expect(headers['x-maatwerk-event']).toBe('order.created');
    const ts = Number(headers['x-maatwerk-timestamp']);
    const expected = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
    expect(headers['x-maatwerk-signature']).toBe(`t=${ts},v1=${expected}`);
    expect(sign(SECRET, ts, body)).toBe(headers['x-maatwerk-signature']);
    expect(sign('another-secret-key!', ts, body)).not.toBe(headers['x-maatwerk-signature']);
    // Nothing more to send: the orders before the webhook was set were never queued.
    expect(await w.tick()).toBe(0);
    const log = await deliveries();
    expect(log.filter((d) => d.event === 'order.created').map((d) => d.orderId)).toEqual([o.id]);
    expect(log[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null });
  });

  it('notifies a status change and retries with exponential backoff until the receiver accepts', async () => {
    const w = worker(t.db);
    const o = await place();
    await w.tick();
    r.got.length = 0;
    const res = await request(app)
      .post(`/api/sales/orders/${o.id}/status`)
      .set('Authorization', `Bearer ${sales}`)
      .send({ status: 'in_production' });
    expect(res.status).toBe(200);
    r.answers.push(500, 503);
    const t0 = Date.now();
    expect(await w.tick(t0)).toBe(1); // attempt 1 → 500
    expect(await w.tick(t0 + 500)).toBe(0); // not due before 1 s
    expect(await w.tick(Date.now() + 1100)).toBe(1); // attempt 2 → 503, next in 2 s
    expect(await w.tick(Date.now() + 1500)).toBe(0);
    let d = (await deliveries()).find((x) => x.event === 'order.status_changed')!;
    expect(d).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 503, lastError: 'HTTP 503' });
    expect(await w.tick(Date.now() + 2100)).toBe(1); // attempt 3 → 200
    d = (await deliveries()).find((x) => x.event === 'order.status_changed')!;
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
    expect(r.got).toHaveLength(3);
    const payload = JSON.parse(r.got[2]!.body);
    expect(payload).toMatchObject({
      event: 'order.status_changed',
      data: { previousStatus: 'received', changedBy: 'sales@example.com', order: { id: o.id, status: 'in_production' } },
    });
    // Every attempt carries the same delivery id, so a receiver can drop repeats.
    expect(new Set(r.got.map((g) => g.headers['x-maatwerk-delivery'])).size).toBe(1);
  });

  it('gives up after maxAttempts and marks the delivery failed', async () => {
    const w = worker(t.db, { maxAttempts: 2, baseDelayMs: 10 });
    await place();
    r.answers.push(500, 500);
    await w.tick();
    await w.tick(Date.now() + 50);
    const d = (await deliveries())[0]!;
    expect(d).toMatchObject({ status: 'failed', attempts: 2, lastStatusCode: 500 });
  });

  it('resends a failed delivery once more, and only a failed one', async () => {
    const w = worker(t.db, { maxAttempts: 1, baseDelayMs: 10 });
    await place();
    r.answers.push(500);
    await w.tick();
    const failed = (await deliveries())[0]!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    const resend = (id: string, token = admin) =>
      request(app).post(`/api/sales/webhook/deliveries/${id}/resend`).set('Authorization', `Bearer ${token}`).send({});
    expect((await resend(failed.id, sales)).status).toBe(403);
    expect((await resend(failed.id)).status).toBe(204);
    expect((await resend(failed.id)).status).toBe(409); // pending now
    r.got.length = 0;
    expect(await w.tick()).toBe(1);
    expect(r.got).toHaveLength(1);
    expect(r.got[0]!.headers['x-maatwerk-delivery']).toBe(failed.id);
    expect((await deliveries()).find((d) => d.id === failed.id)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect((await resend('nosuchdelivery1')).status).toBe(404);
  });

  it('sends a signed test ping at once and says what the receiver answered', async () => {
    r.got.length = 0;
    const ok = await request(app).post('/api/sales/webhook/test').set('Authorization', `Bearer ${admin}`).send({});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, statusCode: 200, error: null });
    const { headers, body } = r.got[0]!;
    expect(JSON.parse(body)).toMatchObject({ event: 'ping' });
    expect(sign(SECRET, Number(headers['x-maatwerk-timestamp']), body)).toBe(headers['x-maatwerk-signature']);
    r.answers.push(401);
    const refused = await request(app).post('/api/sales/webhook/test').set('Authorization', `Bearer ${admin}`).send({});
    expect(refused.body).toMatchObject({ ok: false, statusCode: 401, error: 'HTTP 401' });
  });

  it('survives a restart: a delivery claimed by a worker that died is delivered by the next one', async () => {
    const dead = worker(t.db);
    await place();
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) =>
      r.holdNext((rel) => {
        release = rel;
        resolve();
      }),
    );
    void dead.tick(); // claims and sends, then "dies" while waiting for the answer
    await held;
    // A new process: its own connection to the same database.
    const db2 = await openDatabase({
      databaseUrl: dialect === 'postgres' ? TEST_DATABASE_URL : undefined,
      databaseSchema: t.schema,
      dataDir: t.dataDir,
    });
    extraDbs.push(db2);
    const next = worker(db2);
    expect(await next.tick()).toBe(0); // the lease still holds
    expect(await next.tick(Date.now() + 5100)).toBe(1); // lease expired: taken over and delivered
    release!(); // the dead worker's late answer must not undo the new state
    await new Promise((res) => setTimeout(res, 50));
    const d = (await deliveries())[0]!;
    expect(d).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('two workers polling together deliver each event exactly once', async () => {
    const a = worker(t.db);
    const b = worker(t.db);
    for (let i = 0; i < 6; i++) await place();
    r.got.length = 0;
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    const ids = r.got.map((g) => JSON.parse(g.body).data.order.id as string);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });
});
