import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { accepts, clientAssets, dynamicCompression } from '../../../server/http/clientAssets.js';
import { precompressDir } from '../../../scripts/precompress.js';

const dir = mkdtempSync(path.join(tmpdir(), 'maatwerk-client-'));
const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `option-${i % 37}`))};\n`;
mkdirSync(path.join(dir, 'assets'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Maatwerk</title>');
writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
writeFileSync(path.join(dir, 'assets', 'index-Bq3x9Zk1.js'), script);
writeFileSync(path.join(dir, 'assets', 'index-Bq3x9Zk1.js.map'), '{"version":3}');
writeFileSync(path.join(dir, 'assets', 'tiny-Ab12Cd34.js'), 'export {};\n');
const totals = precompressDir(path.join(dir, 'assets'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const app = express();
app.use(dynamicCompression());
app.get('/api/products', (_req, res) => void res.json({ products: Array.from({ length: 200 }, (_, i) => ({ id: `p-${i}` })) }));
app.post('/api/orders', (_req, res) => void res.status(201).json({ filler: 'x'.repeat(4000) }));
app.get('/api/sales/orders/export', (_req, res) => void res.type('text/csv').send('a,b\n'.repeat(2000)));
app.use(clientAssets(dir));

const server = app.listen(0, '127.0.0.1');
afterAll(() => void server.close());

/** The bytes as they cross the wire (supertest would decompress them). */
function wire(pathname: string, acceptEncoding: string) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer; status: number }>((resolve, reject) => {
    const { port } = server.address() as AddressInfo;
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks), status: res.statusCode! }));
      })
      .on('error', reject);
  });
}

describe('client assets', () => {
  it('pre-compresses at build only what is worth it', () => {
    expect(totals.files).toBe(1); // the 11-byte file is left alone
    expect(totals.br).toBeLessThan(script.length / 4);
  });

  it('sends a hashed script brotli-compressed, immutable for a year, as JavaScript', async () => {
    const res = await wire('/assets/index-Bq3x9Zk1.js', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toMatch(/Accept-Encoding/);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('falls back to gzip, then to the plain file, as the browser accepts', async () => {
    const gz = await wire('/assets/index-Bq3x9Zk1.js', 'gzip, br;q=0');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await wire('/assets/index-Bq3x9Zk1.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('never serves source maps', async () => {
    const res = await request(app).get('/assets/index-Bq3x9Zk1.js.map');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('revalidates unhashed files hourly and falls back to index.html for client routes', async () => {
    const icon = await request(app).get('/favicon.svg');
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
    const route = await request(app).get('/p/sneaker');
    expect(route.status).toBe(200);
    expect(route.text).toContain('<title>Maatwerk</title>');
    expect(route.headers['cache-control']).toBe('public, max-age=0');
  });

  it('compresses catalog JSON on the fly, but not sales exports', async () => {
    const json = await request(app).get('/api/products').set('Accept-Encoding', 'gzip');
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(json.body.products).toHaveLength(200);
    const csv = await request(app).get('/api/sales/orders/export').set('Accept-Encoding', 'gzip');
    expect(csv.headers['content-encoding']).toBeUndefined();
  });

  it('leaves writes alone, so the lean order route and Express answer alike', async () => {
    const res = await request(app).post('/api/orders').set('Accept-Encoding', 'gzip').send({});
    expect(res.status).toBe(201);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['vary']).toBeUndefined();
  });

  it('reads Accept-Encoding with q-values', () => {
    expect(accepts('gzip, br', 'br')).toBe(true);
    expect(accepts('gzip;q=1.0, br;q=0', 'br')).toBe(false);
    expect(accepts('*', 'gzip')).toBe(true);
    expect(accepts(undefined, 'gzip')).toBe(false);
    expect(accepts('deflate', 'gzip')).toBe(false);
  });
});
