import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { webhookDb } from '../../../server/webhooks/webhookTables.js';
import { BlockedAddressError, blockedAddressReason, webhookUrlRefusal } from '../../../server/webhooks/webhookAddress.js';
import { enqueue, postWebhook, UNREACHABLE, WebhookWorker } from '../../../server/webhooks/webhooks.js';
import { createSalesApp, DIALECTS, type SalesTestApp } from '../sales/salesHarness.js';

describe('which addresses webhooks may reach', () => {
  it('refuses loopback, private, link-local, CGNAT, unique-local, metadata and reserved addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '127.255.0.9',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254', // cloud metadata
      '100.64.0.1',
      '100.100.100.200', // a cloud metadata service in the CGNAT range
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      'fd00:ec2::254', // cloud metadata over IPv6
      'fc00::1',
      'fe80::1',
      'fe80::1%eth0',
      'ff02::1',
      '64:ff9b::a00:1', // NAT64 of 10.0.0.1
      '2002:7f00:1::', // 6to4 of 127.0.0.1
      '2001:db8::1',
      '[::1]',
    ])
      expect(blockedAddressReason(ip), ip).not.toBeNull();
    for (const ip of [
      '8.8.8.8',
      '93.184.216.34',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700::1111',
      '64:ff9b::808:808',
      '::ffff:8.8.8.8',
    ])
      expect(blockedAddressReason(ip), ip).toBeNull();
  });

  it('judges a URL by its host as URL parsing reads it (decimal, short and hex IPv4 forms too)', () => {
    for (const url of [
      'http://127.0.0.1:5432/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://127.1/',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://localhost/',
      'http://LOCALHOST./x',
      'https://api.localhost/',
      'http://169.254.169.254/latest/meta-data/',
    ])
      expect(webhookUrlRefusal(url), url).not.toBeNull();
    expect(webhookUrlRefusal('https://hooks.example.com/maatwerk')).toBeNull();
  });

  it('reads WEBHOOK_ALLOW_PRIVATE as a boolean, off by default', () => {
    expect(loadConfig({}, '/').webhookAllowPrivate).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }, '/').webhookAllowPrivate).toBe(true);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'sometimes' }, '/')).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
  });
});

describe('delivering to what a name resolves to', () => {
  let server: http.Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++;
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (url: string, allowPrivate: boolean) => postWebhook(url, {}, '{}', { timeoutMs: 2000, allowPrivate });

  it('refuses a name that resolves to loopback, and a literal loopback address, without connecting', async () => {
    const before = hits;
    await expect(post(`http://localhost:${port}/hook`, false)).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(post(`http://127.0.0.1:${port}/hook`, false)).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(post(`http://[::ffff:127.0.0.1]:${port}/hook`, false)).rejects.toBeInstanceOf(BlockedAddressError);
    expect(hits).toBe(before);
    // The same requests go through when the operator allows private addresses.
    expect(await post(`http://localhost:${port}/hook`, true)).toBe(200);
    expect(await post(`http://127.0.0.1:${port}/hook`, true)).toBe(200);
    expect(hits).toBe(before + 2);
  });
});

describe.each(DIALECTS)('webhook addresses through the API on %s', (dialect) => {
  let t: SalesTestApp;
  beforeAll(async () => {
    t = await createSalesApp(dialect, { webhookAllowPrivate: false });
  });
  afterAll(async () => t.close());

  it('refuses a private or non-http URL when saved, unless WEBHOOK_ALLOW_PRIVATE', async () => {
    const secret = 's'.repeat(16);
    for (const url of ['http://127.0.0.1:5432/', 'http://[::1]/', 'http://10.0.0.8/hook', 'http://localhost:3000/']) {
      const res = await t.put('/api/sales/webhook', { url, secret });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('webhook_address_not_allowed');
      expect(res.body.error.details[0].path).toEqual(['url']);
    }
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://example.com/']) {
      const res = await t.put('/api/sales/webhook', { url, secret });
      expect(res.status, url).toBe(400);
      expect(res.body.error.details[0].path).toEqual(['url']);
    }
    expect((await t.put('/api/sales/webhook', { url: 'https://hooks.example.com/x', secret })).status).toBe(200);
    const dev = createApp({ db: t.db, scryptCost: 2 ** 10, settings: { webhookAllowPrivate: true } });
    const allowed = await request(dev)
      .put('/api/sales/webhook')
      .set('Authorization', `Bearer ${t.admin.token}`)
      .send({ url: 'http://127.0.0.1:5432/', secret });
    expect(allowed.status).toBe(200);
  });

  it('stores the same error for a closed port, a reset and a refused address: the log maps no ports', async () => {
    // A port that was open a moment ago and is closed now, and one whose server resets the connection.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const reset = http.createServer((req) => req.socket.destroy());
    await new Promise<void>((r) => reset.listen(0, '127.0.0.1', r));
    const resetPort = (reset.address() as AddressInfo).port;

    const db = webhookDb(t.db.kysely);
    const order = await t.place();
    const errors = async (url: string, allowPrivate: boolean) => {
      await db.deleteFrom('webhook_attempts').execute();
      await db.deleteFrom('webhook_deliveries').execute();
      await db
        .insertInto('webhook_settings')
        .values({ id: 'default', url, secret: 's'.repeat(16), enabled: 1, updated_at: 'now', updated_by: null })
        .onConflict((oc) => oc.column('id').doUpdateSet({ url, enabled: 1 }))
        .execute();
      await enqueue(db, 'order.created', order.id, {});
      const w = new WebhookWorker(t.db, { allowPrivate, timeoutMs: 2000, maxAttempts: 1 });
      await w.tick();
      await w.stop();
      const d = await db.selectFrom('webhook_deliveries').select(['last_error', 'last_status_code']).executeTakeFirstOrThrow();
      expect(d.last_status_code).toBeNull();
      return d.last_error;
    };
    try {
      expect(await errors(`http://127.0.0.1:${closedPort}/`, true)).toBe(UNREACHABLE);
      expect(await errors(`http://127.0.0.1:${resetPort}/`, true)).toBe(UNREACHABLE);
      expect(await errors('http://no-such-host.invalid/', true)).toBe(UNREACHABLE);
      const refused = [
        await errors(`http://127.0.0.1:${closedPort}/`, false),
        await errors(`http://127.0.0.1:${resetPort}/`, false),
      ];
      expect(refused[0]).toMatch(/loopback address, which webhooks may not reach/);
      expect(refused[1]).toBe(refused[0]);
    } finally {
      await new Promise<void>((r) => reset.close(() => r()));
    }
  });
});
