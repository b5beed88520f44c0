import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../server/app.js';
import { AppError } from '../../../server/http/AppError.js';
import { LeanRoutes } from '../../../server/http/leanRoutes.js';
import { sendJson } from '../../../server/http/sendJson.js';
import { createTestApp, DIALECTS, newKey, validOrder, type TestApp } from '../harness.js';

/**
 * A LeanRoutes in front of a stand-in for Express that answers 299 "fallback": which of the two
 * answered shows which requests the lean route takes.
 */
function leanServer(limit = 1024) {
  const seen: { body: unknown; began: boolean }[] = [];
  const lean = new LeanRoutes({
    bodyLimitBytes: limit,
    begin: (_req, res) => void res.setHeader('x-began', 'yes'),
    fail: (err, _req, res) =>
      sendJson(res, err instanceof AppError ? err.status : 500, {
        error: { code: err instanceof AppError ? err.code : 'internal' },
      }),
  });
  lean.post('/sync-throw', () => {
    throw new AppError(418, 'thrown', 'thrown at once');
  });
  lean.post('/things', async (req, body, res) => {
    if ((body as { boom?: boolean }).boom) throw new AppError(422, 'boom', 'boom');
    seen.push({ body, began: res.getHeader('x-began') === 'yes' });
    sendJson(res, 201, { got: body, key: req.headers['x-key'] ?? null });
  });
  const fallback = (_req: IncomingMessage, res: ServerResponse) => {
    _req.resume();
    _req.on('end', () => sendJson(res, 299, { fallback: true }));
  };
  return { listener: (req: IncomingMessage, res: ServerResponse) => lean.take(req, res) || fallback(req, res), seen };
}

describe('LeanRoutes', () => {
  const { listener, seen } = leanServer();
  const post = (path = '/things') => request(listener).post(path);

  it('answers a plain JSON POST to its exact path, after begin, with the parsed body and the headers', async () => {
    const res = await post().set('Content-Type', 'application/json').set('X-Key', 'k1').send('{"a":[1,2],"b":"é"}');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ got: { a: [1, 2], b: 'é' }, key: 'k1' });
    expect(res.headers['x-began']).toBe('yes');
    expect(seen.at(-1)).toEqual({ body: { a: [1, 2], b: 'é' }, began: true });
    for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])
      expect((await post().set('Content-Type', type).send('{"c":1}')).status, type).toBe(201);
  });

  it('parses as body-parser does: BOM dropped, empty is {}, leading whitespace, only an object or array at the top', async () => {
    const send = (text: string | Buffer) =>
      post()
        .set('Content-Type', 'application/json')
        .serialize((b: unknown) => b as string)
        .send(text);
    expect((await send(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"x":1}')]))).body.got).toEqual({ x: 1 });
    expect((await send('')).body.got).toEqual({});
    expect((await send(' \n\t[1]')).body.got).toEqual([1]);
    for (const bad of ['"text"', 'true', '12', 'null', '{"x":', '{x:1}', 'nonsense']) {
      const res = await send(bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe('malformed_json');
    }
  });

  it('answers an error the handler throws through `fail`, rejected or thrown at once', async () => {
    const res = await post().set('Content-Type', 'application/json').send('{"boom":true}');
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: { code: 'boom' } });
    const sync = await post('/sync-throw').set('Content-Type', 'application/json').send('{}');
    expect(sync.status).toBe(418);
    expect(sync.body).toEqual({ error: { code: 'thrown' } });
  });

  it('leaves everything but the plain case to what comes after it', async () => {
    const json = '{"a":1}';
    const fallbacks = [
      post('/things?x=1').set('Content-Type', 'application/json').send(json),
      post('/things/').set('Content-Type', 'application/json').send(json),
      post('/other').set('Content-Type', 'application/json').send(json),
      request(listener).put('/things').set('Content-Type', 'application/json').send(json),
      request(listener).get('/things'),
      post().set('Content-Type', 'text/plain').send(json),
      post().set('Content-Type', 'application/json; charset=utf-16').send(json),
      post()
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize((b: unknown) => b as string)
        .send(gzipSync(json)),
      post()
        .set('Content-Type', 'application/json')
        .send('{"long":"' + 'x'.repeat(2000) + '"}'),
      post(),
    ];
    for (const [i, r] of fallbacks.entries()) {
      const res = await r;
      expect(res.status, `request ${i}`).toBe(299);
      expect(res.headers['x-began'], `request ${i}`).toBeUndefined();
    }
  });

  it('leaves a chunked body (no Content-Length) to what comes after it', async () => {
    const server = http.createServer(listener);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            port: (server.address() as AddressInfo).port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/things',
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.write('{"a":');
        req.end('1}');
      });
      expect(status).toBe(299);
    } finally {
      server.close();
    }
  });
});

/**
 * POST /api/orders answered in front of Express and by the Express route alone (`app.express`):
 * the same status, body and headers for every kind of request, right or wrong.
 */
describe.each(DIALECTS)('POST /api/orders in front of Express, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  /** Headers that differ between any two answers (date, request id) are left out. */
  const comparable = (res: request.Response) => {
    const { date: _date, 'x-request-id': _id, ...rest } = res.headers;
    return { status: res.status, headers: rest, body: res.body as unknown };
  };
  const raw = (app: TestApp['app'] | TestApp['app']['express'], body: string, key: string | null = newKey()) => {
    const r = request(app).post('/api/orders').set('Content-Type', 'application/json');
    if (key !== null) r.set('Idempotency-Key', key);
    return r.send(body);
  };

  const cases: [string, string, string | null][] = [
    ['no Idempotency-Key', JSON.stringify(validOrder()), null],
    ['an impossible configuration', JSON.stringify(validOrder({ choices: { colour: 'nope' } })), 'k'],
    ['an unknown product', JSON.stringify(validOrder({ productId: 'no-such' })), 'k'],
    ['unknown fields', JSON.stringify({ ...validOrder(), surprise: 1 }), 'k'],
    ['a prototype-pollution key', '{"__proto__":{"x":1},"productId":"mini-mug"}', 'k'],
    ['a negative quantity', JSON.stringify(validOrder({ quantity: -1 })), 'k'],
    ['an array', '[]', 'k'],
    ['an empty body', '', 'k'],
    ['a bare string', '"order"', 'k'],
    ['broken JSON', '{"productId":', 'k'],
    ['a snapshot that is not a PNG', JSON.stringify(validOrder({ snapshot: 'data:image/png;base64,AAAA' })), 'k'],
  ];
  it.each(cases)('answers %s the same either way', async (_name, body, key) => {
    const lean = comparable(await raw(t.app, body, key === null ? null : newKey()));
    const express = comparable(await raw(t.app.express, body, key === null ? null : newKey()));
    expect(lean.status).toBeGreaterThanOrEqual(400);
    expect(lean.status).toBeLessThan(500);
    expect(lean).toEqual(express);
  });

  it('places an order the same either way, and each answers the other’s key with the same order', async () => {
    const before = await t.orderCount();
    const body = JSON.stringify(validOrder());
    const keyA = newKey();
    const keyB = newKey();
    const take = vi.spyOn(t.app.ctx.lean, 'take');
    const a = await raw(t.app, body, keyA);
    expect(take.mock.results.map((r) => r.value)).toEqual([true]); // the app took it in front of Express
    const b = await raw(t.app.express, body, keyB);
    expect(take).toHaveBeenCalledTimes(1);
    take.mockRestore();
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    const strip = (res: request.Response) => {
      const { location: _l, 'content-length': _c, ...headers } = comparable(res).headers;
      const { id: _i, number: _n, createdAt: _t, ...order } = res.body as Record<string, unknown>;
      return { headers, order };
    };
    expect(strip(a)).toEqual(strip(b));
    expect(await t.orderCount()).toBe(before + 2);
    // Replays cross over: the Express route answers the key the lean route recorded, and back.
    const replayA = await raw(t.app.express, body, keyA);
    const replayB = await raw(t.app, body, keyB);
    expect(comparable(replayA).body).toEqual(a.body);
    expect(comparable(replayB).body).toEqual(b.body);
    expect(comparable(replayA).headers).toEqual(comparable(await raw(t.app, body, keyA)).headers);
    expect(replayA.headers['idempotent-replayed']).toBe('true');
    // The same key with another body is refused, either way.
    const other = JSON.stringify(validOrder({ quantity: 3 }));
    expect(comparable(await raw(t.app, other, keyA))).toEqual(comparable(await raw(t.app.express, other, keyA)));
    expect((await raw(t.app, other, keyA)).status).toBe(422);
    expect(await t.orderCount()).toBe(before + 2);
  });

  it('logs a client that goes away mid-body as Express does', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
    const logged = createApp({ db: t.db, logger: pino({ level: 'info' }, sink) });
    const lineOf = async (listener: http.RequestListener, id: string) => {
      const server = http.createServer(listener);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(
        `POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: ${newKey()}\r\n` +
          `X-Request-Id: ${id}\r\nContent-Length: 500\r\n\r\n{"productId":`,
      );
      await new Promise((r) => setTimeout(r, 50));
      socket.destroy();
      await expect.poll(() => lines.filter((l) => (l.req as { id: string }).id === id)).toHaveLength(1);
      server.close();
      const {
        time: _t,
        pid: _p,
        hostname: _h,
        responseTime: _r,
        req: _q,
        ...line
      } = lines.find((l) => (l.req as { id: string }).id === id)!;
      return line;
    };
    const lean = await lineOf(logged, 'gone-lean');
    expect(lean).toEqual(await lineOf(logged.express, 'gone-express'));
    expect(lean).toMatchObject({ level: 40, res: { statusCode: 400 } });
  });

  it('still places an order that only Express reads (a gzip body) through its route', async () => {
    const res = await request(t.app)
      .post('/api/orders')
      .set('Idempotency-Key', newKey())
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((b: unknown) => b as string)
      .send(gzipSync(JSON.stringify(validOrder())));
    expect(res.status).toBe(201);
    expect(res.body.total).toBe(4900);
  });
});
