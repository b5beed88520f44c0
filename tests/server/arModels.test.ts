import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArModelStore, checkGlb } from '../../server/ar/arModels.js';
import { PRODUCTS_DIR } from '../../scripts/paths.js';
import { createTestApp, tinyPng, type TestApp } from './harness.js';

const watch = readFileSync(`${PRODUCTS_DIR}/wristwatch.glb`);

describe('AR models for Scene Viewer (POST/GET /api/ar-models)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => t.close());

  const post = (body: Buffer) => request(t.app).post('/api/ar-models').set('Content-Type', 'model/gltf-binary').send(body);

  it('stores a whole .glb under its hash and serves the same bytes to any origin', async () => {
    const res = await post(watch);
    expect(res.status).toBe(201);
    expect(res.body.url).toBe(`/api/ar-models/${res.body.sha256}.glb`);
    const again = await post(watch);
    expect(again.body.sha256).toBe(res.body.sha256);
    const got = await request(t.app)
      .get(res.body.url)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('model/gltf-binary');
    expect(got.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(Buffer.compare(got.body as Buffer, watch)).toBe(0);
  });

  it('refuses what is not a whole glTF 2.0 binary, an empty body, and unknown or malformed names', async () => {
    expect((await post(tinyPng())).status).toBe(422);
    expect((await post(watch.subarray(0, watch.length - 4))).status).toBe(422); // cut off
    expect((await post(Buffer.alloc(0))).status).toBe(400);
    expect((await request(t.app).get(`/api/ar-models/${'a'.repeat(64)}.glb`)).status).toBe(404);
    expect((await request(t.app).get('/api/ar-models/..%2Fsecret.glb')).status).toBe(400);
  });

  it('keeps the store within its byte budget, dropping the least recently used', () => {
    const store = new ArModelStore({ maxBytes: watch.length * 2 + 10 });
    const variants = [0, 1, 2].map((i) => {
      const copy = Buffer.from(watch);
      copy.writeUInt8(i, copy.length - 1); // another variant of the same size
      expect(checkGlb(copy).ok).toBe(true);
      return store.put(copy);
    });
    expect(store.get(variants[0]!)).toBeUndefined();
    expect(store.get(variants[1]!)).toBeDefined();
    expect(store.get(variants[2]!)).toBeDefined();
  });
});
