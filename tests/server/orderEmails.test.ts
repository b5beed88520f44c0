import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { OrderEmailWorker, setEmailsEnabled } from '../../server/orders/orderEmails.js';
import { startOrderEmails } from '../../server/orders/startOrderEmails.js';
import { createTestApp, DIALECTS, newKey, validOrder, type TestApp } from './harness.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** Quoted-printable soft breaks and escapes, as nodemailer writes non-ASCII text. */
function decodeQp(s: string): string {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
const bodyOf = (raw: string) => decodeQp(raw.slice(raw.indexOf('\r\n\r\n') + 4));
const subjectOf = (raw: string) => /^Subject: (.*)$/m.exec(raw)?.[1]?.trim();

/** A real SMTP server on a free port; `refuse` makes the next n messages fail with a 451. */
async function startSmtp() {
  const received: Received[] = [];
  let refuse = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse--;
          const err = Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 });
          return callback(err);
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    port,
    refuseNext: (n: number) => (refuse = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(DIALECTS)('order e-mails on %s', (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let worker: OrderEmailWorker;
  let sales: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    smtp = await startSmtp();
    await setEmailsEnabled(t.db.kysely, true);
    worker = new OrderEmailWorker(t.db, {
      transport: nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true }),
      from: 'Maatwerk <shop@example.com>',
      catalog: t.app.ctx.catalog,
      publicUrl: 'https://shop.example',
      baseDelayMs: 60_000,
    });
    await worker.tick(); // starts the cursor at the newest order (none yet)
    sales = (await t.userWithToken('sales')).token;
  });
  afterAll(async () => {
    await worker.stop();
    await smtp.close();
    await t.close();
  });

  const place = (customer: object) =>
    request(t.app)
      .post('/api/orders')
      .set('Idempotency-Key', newKey())
      .send(validOrder({ customer: { name: 'Chloë de Vries', email: 'chloe@example.com', ...customer } }));

  it('sends "received" in the customer\'s language, then a status change, each once', async () => {
    const order = await place({ locale: 'nl' });
    expect(order.status).toBe(201);
    expect(await worker.tick()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['chloe@example.com']);
    expect(mail.from).toBe('shop@example.com');
    expect(subjectOf(mail.raw)).toBe(`Je bestelling ${order.body.number} is ontvangen`);
    const body = bodyOf(mail.raw);
    expect(body).toContain('Beste Chloë de Vries,');
    expect(body).toContain('Kleur: Black');
    expect(body).toContain('Name: “Ann”'); // the fixture's label is not translated
    expect(body).toMatch(/Totaal: €\s49,00/);
    expect(body).toContain(`https://shop.example/order/${order.body.id}`);
    // Nothing more to send: one e-mail an order.
    expect(await worker.tick()).toBe(0);

    const changed = await request(t.app)
      .post(`/api/sales/orders/${order.body.id}/status`)
      .set('Authorization', `Bearer ${sales}`)
      .send({ status: 'in_production' });
    expect(changed.status).toBe(200);
    expect(await worker.tick()).toBe(1);
    expect(subjectOf(smtp.received[1]!.raw)).toBe(`Je bestelling ${order.body.number}: in productie`);
    expect(bodyOf(smtp.received[1]!.raw)).toContain('De status van je bestelling is nu: in productie.');
  });

  it('writes English when the order names no language, and retries a refused e-mail with backoff', async () => {
    const before = smtp.received.length;
    smtp.refuseNext(1);
    const order = await place({});
    expect(await worker.tick()).toBe(1);
    expect(smtp.received).toHaveLength(before);
    const row = await t.db.kysely
      .selectFrom('order_emails' as never)
      .select(['status', 'attempts', 'last_error', 'next_attempt_at'] as never[])
      .where('order_id' as never, '=', order.body.id as never)
      .executeTakeFirstOrThrow();
    const r = row as { status: string; attempts: number; last_error: string; next_attempt_at: number | string };
    expect(r).toMatchObject({ status: 'pending', attempts: 1 });
    expect(r.last_error).toMatch(/mailbox busy/);
    expect(Number(r.next_attempt_at)).toBeGreaterThan(Date.now() + 30_000);
    // Not due yet; once it is, it goes.
    expect(await worker.tick()).toBe(0);
    expect(await worker.tick(Date.now() + 61_000)).toBe(1);
    expect(smtp.received).toHaveLength(before + 1);
    expect(subjectOf(smtp.received[before]!.raw)).toBe(`Your order ${order.body.number} is received`);
    expect(bodyOf(smtp.received[before]!.raw)).toMatch(/Total: €49\.00/);
  });

  it('without SMTP_URL: no e-mails, status changes queue none, and it is said once', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    expect(
      await startOrderEmails(t.db, t.app.ctx.catalog, { smtpUrl: undefined, mailFrom: undefined, publicUrl: undefined }, logger),
    ).toBeNull();
    expect(lines.filter((l) => l.includes('no order e-mails'))).toHaveLength(1);
    const order = await place({ locale: 'en' });
    await request(t.app)
      .post(`/api/sales/orders/${order.body.id}/status`)
      .set('Authorization', `Bearer ${sales}`)
      .send({ status: 'cancelled' });
    const queued = await t.db.kysely
      .selectFrom('order_emails' as never)
      .select('dedupe' as never)
      .where('order_id' as never, '=', order.body.id as never)
      .execute();
    expect(queued).toEqual([]);
  });
});

describe('SMTP configuration', () => {
  it('checks SMTP_URL and MAIL_FROM at start', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' }, '/')).toThrow(/SMTP_URL=.*smtp/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com:587' }, '/')).toThrow(/MAIL_FROM="": required with SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'not an address' }, '/')).toThrow(/MAIL_FROM=/);
    const c = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', MAIL_FROM: 'Shop <shop@example.com>' }, '/');
    expect(c).toMatchObject({ smtpUrl: 'smtps://u:p@mail.example.com:465', mailFrom: 'Shop <shop@example.com>' });
    expect(loadConfig({}, '/').smtpUrl).toBeUndefined();
  });
});
