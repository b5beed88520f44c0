import express from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../server/http/securityHeaders.js';

const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'", "'wasm-unsafe-eval'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'upgrade-insecure-requests': null,
    },
  },
  strictTransportSecurity: true,
  crossOriginEmbedderPolicy: false,
};

async function headersOf(middleware: express.RequestHandler) {
  const app = express();
  app.use(middleware);
  app.get('/x', (_req, res) => void res.json({ ok: true }));
  const res = await request(app).get('/x');
  const { date: _date, etag: _etag, ...rest } = res.headers;
  return rest;
}

describe('securityHeaders (helmet, worked out once)', () => {
  it('answers with exactly the headers helmet itself sets, request after request', async () => {
    const secure = securityHeaders(OPTIONS);
    const ours: express.RequestHandler = (_req, res, next) => {
      secure(res);
      next();
    };
    const expected = await headersOf(helmet(OPTIONS));
    expect(expected['content-security-policy']).toContain("script-src 'self'");
    expect(expected['strict-transport-security']).toBeDefined();
    expect(await headersOf(ours)).toEqual(expected);
    expect(await headersOf(ours)).toEqual(expected);
  });

  it('refuses options whose headers depend on the request', () => {
    const nonce = (_req: unknown, _res: unknown) => "'nonce-abc'";
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", nonce] } } })).toThrow(
      /function of the request/,
    );
  });
});
