import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { createTestDb, type TestDb } from './harness.js';

let t: TestDb;
let app: ReturnType<typeof createApp>;
let clientDir: string;
beforeAll(async () => {
  t = await createTestDb();
  clientDir = mkdtempSync(path.join(tmpdir(), 'mw-client-'));
  writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><div id="root"></div>');
  app = createApp({ db: t.db, clientDir, settings: { bodyLimitBytes: 64 * 1024 } });
});
afterAll(async () => t.close());

describe('hardening', () => {
  it('sends a CSP without inline scripts that lets three.js use blob: and data:', async () => {
    const res = await request(app).get('/');
    const csp = res.headers['content-security-policy']!;
    expect(csp).toMatch(/script-src 'self'[^;]*;/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toMatch(/img-src[^;]*blob:/);
    expect(csp).toMatch(/worker-src[^;]*blob:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers JSON errors everywhere, never HTML or stacks', async () => {
    for (const [method, url] of [
      ['get', '/api/nope'],
      ['post', '/api/products/x/y/z'],
      ['get', '/assets/catalog/nope'],
    ] as const) {
      const res = await request(app)[method](url);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.body.error).toMatchObject({ code: 'not_found' });
    }
    const big = await request(app)
      .post('/api/auth/login')
      .send({ email: 'a@b.co', password: 'x'.repeat(100 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const bad = await request(app).post('/api/auth/login').set('Content-Type', 'application/json').send('{nope');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts/);
  });

  it('serves the client with an SPA fallback for non-API routes', async () => {
    const res = await request(app).get('/configure/some-product');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<div id="root">');
  });

  it('gives every response a request id, reusing a sane incoming one', async () => {
    expect((await request(app).get('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await request(app).get('/healthz').set('X-Request-Id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
  });

  it('logs one line per request with its id, status and time, at a level by status, and nothing below the level', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) };
    const logged = (level: string) =>
      createApp({ db: t.db, clientDir, logger: pino({ level }, sink), settings: { bodyLimitBytes: 64 * 1024 } });
    const info = logged('info');
    await request(info).get('/healthz').set('X-Request-Id', 'req-1');
    await request(info).get('/api/nothing-here').set('X-Request-Id', 'req-2');
    const byId = (id: string) => lines.filter((l) => (l.req as { id?: string } | undefined)?.id === id);
    expect(byId('req-1')).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: { id: 'req-1', method: 'GET', url: '/healthz' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(byId('req-2')).toEqual([expect.objectContaining({ level: 40, res: { statusCode: 404 } })]);
    // An order answered in front of Express (http/leanRoutes.ts) is logged the same way.
    const order = await request(info).post('/api/orders').set('X-Request-Id', 'req-5').send({});
    expect(order.status).toBe(400);
    expect(order.headers['x-request-id']).toBe('req-5');
    expect(byId('req-5')).toEqual([
      expect.objectContaining({ level: 40, req: { id: 'req-5', method: 'POST', url: '/api/orders' }, res: { statusCode: 400 } }),
    ]);
    lines.length = 0;
    const quiet = logged('warn');
    await request(quiet).get('/healthz').set('X-Request-Id', 'req-3');
    await request(quiet).get('/api/nothing-here').set('X-Request-Id', 'req-4');
    expect(byId('req-3')).toEqual([]);
    expect(byId('req-4')).toHaveLength(1);
  });

  it('reports health and readiness', async () => {
    expect((await request(app).get('/healthz')).body).toEqual({ ok: true });
    expect((await request(app).get('/readyz')).body).toMatchObject({ ok: true });
    let down = false;
    const other = createApp({ db: t.db, isShuttingDown: () => down });
    down = true;
    expect((await request(other).get('/readyz')).status).toBe(503);
  });

  it('serves an OpenAPI 3.1 document naming every route', async () => {
    const doc = (await request(app).get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/orders',
      '/api/orders/{id}',
      '/api/products',
      '/api/products/{id}',
      '/api/products/{id}/evaluate',
      '/api/auth/login',
      '/api/auth/me',
    ])
      expect(doc.paths, p).toHaveProperty([p]);
    expect(doc.components.schemas.OrderRequest.required).toEqual(
      expect.arrayContaining(['productId', 'version', 'choices', 'quantity', 'customer']),
    );
  });
});

describe('configuration', () => {
  it('applies defaults', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      port: 3000,
      dataDir: '/srv/app/data',
      databaseUrl: undefined,
      catalogDir: '/srv/app/catalog/data/products',
      logLevel: 'info',
    });
  });

  it('lists every bad variable with a clear message', () => {
    try {
      loadConfig({ PORT: '99999', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', PUBLIC_URL: 'not a url' }, '/');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      for (const v of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'PUBLIC_URL']) expect(msg).toContain(v);
    }
  });

  it('derives secure cookies from an https PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://shop.example.com/' }, '/').cookieSecure).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }, '/').trustProxy).toBe(1);
  });
});
