import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AR_MODEL_ROW_CHARGE, ArModelStore, checkGlb } from '../../server/ar/arModels.js';
import { ArModelsRepository } from '../../server/ar/arModelsRepository.js';
import { PRODUCTS_DIR } from '../../scripts/paths.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { createTestApp, DIALECTS, tinyPng, type TestApp } from './harness.js';

const watch = readFileSync(`${PRODUCTS_DIR}/wristwatch.glb`);

/** Another variant of the same size: the watch with its last byte (JSON/BIN padding) set to `i`. */
const variant = (i: number) => {
  const copy = Buffer.from(watch);
  copy.writeUInt8(i, copy.length - 1);
  expect(checkGlb(copy).ok).toBe(true);
  return copy;
};

const getBytes = (app: TestApp['app'], url: string) =>
  request(app)
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => cb(null, Buffer.concat(parts)));
    });

describe.each(DIALECTS)('AR models for Scene Viewer (POST/GET /api/ar-models) on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const post = (body: Buffer, app = t.app) =>
    request(app).post('/api/ar-models').set('Content-Type', 'model/gltf-binary').send(body);

  it('stores a whole .glb under its hash and serves the same bytes to any origin', async () => {
    const res = await post(watch);
    expect(res.status).toBe(201);
    expect(res.body.url).toBe(`/api/ar-models/${res.body.sha256}.glb`);
    const again = await post(watch);
    expect(again.body.sha256).toBe(res.body.sha256);
    const got = await getBytes(t.app, res.body.url);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('model/gltf-binary');
    expect(got.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(Buffer.compare(got.body as Buffer, watch)).toBe(0);
  });

  it('serves a model from another instance on the same database than the one that took it', async () => {
    const other = await t.anotherInstance();
    const res = await post(variant(7), t.app);
    expect(res.status).toBe(201);
    const got = await getBytes(other, res.body.url);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, variant(7))).toBe(0);
    // And the other way round, posted to the second instance.
    const back = await post(variant(8), other);
    expect(back.status).toBe(201);
    expect(Buffer.compare((await getBytes(t.app, back.body.url)).body as Buffer, variant(8))).toBe(0);
  });

  it('refuses what is not a whole glTF 2.0 binary, an empty body, and unknown or malformed names', async () => {
    expect((await post(tinyPng())).status).toBe(422);
    expect((await post(watch.subarray(0, watch.length - 4))).status).toBe(422); // cut off
    expect((await post(Buffer.alloc(0))).status).toBe(400);
    expect((await request(t.app).get(`/api/ar-models/${'a'.repeat(64)}.glb`)).status).toBe(404);
    expect((await request(t.app).get('/api/ar-models/..%2Fsecret.glb')).status).toBe(400);
  });

  it('keeps the stored models within the byte budget, dropping the ones that expire first', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const repo = new ArModelsRepository(t.db);
    const budget = (watch.length + AR_MODEL_ROW_CHARGE) * 2;
    // No read cache: what is stored is what the database holds.
    const store = new ArModelStore(repo, { maxBytes: budget, cacheBytes: 0, now: () => clock });
    await repo.delete((await repo.oldest(1000, '')).map((r) => r.sha256)); // the earlier tests' models
    const shas: string[] = [];
    for (const i of [0, 1, 2]) {
      shas.push(await store.put(variant(i)));
      clock += 1000;
    }
    expect(await store.get(shas[0]!)).toBeUndefined();
    expect(await store.get(shas[1]!)).toBeDefined();
    expect(await store.get(shas[2]!)).toBeDefined();
    expect((await repo.usage()).count).toBe(2);
    // Posting model 1 again pushes its expiry past model 2's, so model 2 goes for the next one.
    expect(await store.put(variant(1))).toBe(shas[1]);
    shas.push(await store.put(variant(3)));
    expect(await store.get(shas[2]!)).toBeUndefined();
    expect(Buffer.compare((await store.get(shas[1]!))!, variant(1))).toBe(0);
    const usage = await repo.usage();
    expect(usage.bytes + usage.count * AR_MODEL_ROW_CHARGE).toBeLessThanOrEqual(budget);
  });

  it('takes its limits from the settings (AR_MODELS_MAX_MB, AR_MODELS_TTL_MINUTES, AR_MODELS_CACHE_MB)', async () => {
    // Room for one model only, no read cache: the second post makes the first go.
    const small = await createTestApp(dialect, {
      settings: { arModels: { maxBytes: watch.length + AR_MODEL_ROW_CHARGE + 100, cacheBytes: 0 } },
    });
    try {
      const first = await post(variant(20), small.app);
      expect((await getBytes(small.app, first.body.url)).status).toBe(200);
      const second = await post(variant(21), small.app);
      expect(second.status).toBe(201);
      expect((await getBytes(small.app, first.body.url)).status).toBe(404);
      expect((await getBytes(small.app, second.body.url)).status).toBe(200);
    } finally {
      await small.close();
    }
    expect(loadConfig({}, '/').arModels).toEqual({ maxBytes: 128 * 2 ** 20, ttlMs: 3_600_000, cacheBytes: 32 * 2 ** 20 });
    expect(loadConfig({ AR_MODELS_MAX_MB: '16', AR_MODELS_TTL_MINUTES: '5', AR_MODELS_CACHE_MB: '0' }, '/').arModels).toEqual({
      maxBytes: 16 * 2 ** 20,
      ttlMs: 300_000,
      cacheBytes: 0,
    });
    expect(() => loadConfig({ AR_MODELS_MAX_MB: '0' }, '/')).toThrow(ConfigError);
    expect(() => loadConfig({ AR_MODELS_TTL_MINUTES: 'an hour' }, '/')).toThrow(/AR_MODELS_TTL_MINUTES/);
  });

  it('serves no model past its expiry, even from the read cache, and purges expired ones in batches', async () => {
    let clock = Date.parse('2031-01-01T00:00:00Z');
    const repo = new ArModelsRepository(t.db);
    const store = new ArModelStore(repo, { ttlMs: 60_000, now: () => clock });
    const shas = [];
    for (const i of [10, 11, 12]) shas.push(await store.put(variant(i)));
    expect(await store.get(shas[0]!)).toBeDefined(); // cached
    clock += 60_000;
    expect(await store.get(shas[0]!)).toBeUndefined();
    const before = (await repo.usage()).count;
    expect(await store.purgeExpired(2)).toBe(before); // everything here expired by 2031
    expect((await repo.usage()).count).toBe(0);
  });
});
