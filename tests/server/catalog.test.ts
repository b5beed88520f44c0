import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { importCatalogIfEmpty } from '../../server/catalog/importCatalog.js';
import { miniProduct } from '../fixtures/miniProduct.js';
import { createTestApp, createTestDb, FAKE_GLB, parsed, type TestApp, DIALECTS } from './harness.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  describe('products API', () => {
    it('lists published products with their version and asset base', async () => {
      const res = await request(t.app).get('/api/products');
      expect(res.status).toBe(200);
      expect(res.body.products).toEqual([
        expect.objectContaining({
          id: 'mini-mug',
          version: 1,
          currency: 'EUR',
          basePrice: 1500,
          fromPrice: 1500,
          assetBase: '/assets/catalog/mini-mug/v1/',
        }),
      ]);
    });

    it('serves a product version with an ETag, 304 on revalidation, 404 for unknown ones', async () => {
      const res = await request(t.app).get('/api/products/mini-mug');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 1, current: true, product: { id: 'mini-mug', skuPrefix: 'MUG' } });
      const again = await request(t.app).get('/api/products/mini-mug').set('If-None-Match', res.headers.etag!);
      expect(again.status).toBe(304);
      expect((await request(t.app).get('/api/products/nope')).status).toBe(404);
      expect((await request(t.app).get('/api/products/mini-mug?version=7')).status).toBe(404);
      expect((await request(t.app).get('/api/products/mini-mug?version=abc')).status).toBe(400);
      expect((await request(t.app).get('/api/products/Bad_Id')).status).toBe(400);
    });

    it('serves model files from the database with an ETag and long-lived caching', async () => {
      const res = await request(t.app)
        .get('/assets/catalog/mini-mug/v1/mini-mug.glb')
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('model/gltf-binary');
      expect(res.headers['cache-control']).toContain('immutable');
      expect(Buffer.compare(res.body as Buffer, FAKE_GLB)).toBe(0);
      const etag = res.headers.etag!;
      expect((await request(t.app).get('/assets/catalog/mini-mug/v1/mini-mug.glb').set('If-None-Match', etag)).status).toBe(304);
      // Unversioned: the current version, revalidated each time.
      const cur = await request(t.app).get('/assets/catalog/mini-mug/mini-mug.glb');
      expect(cur.status).toBe(200);
      expect(cur.headers['cache-control']).toContain('no-cache');
      for (const bad of [
        '/assets/catalog/mini-mug/v1/other.glb',
        '/assets/catalog/mini-mug/v1/../../etc/passwd',
        '/assets/catalog/nope/v1/x.glb',
      ])
        expect((await request(t.app).get(bad)).status, bad).toBe(404);
    });

    it('keeps versions immutable: publishing makes a new one', async () => {
      const p = miniProduct();
      p.basePrice = 9999;
      const { parsed } = await import('./harness.js');
      const v = await t.app.ctx.catalog.publish({
        product: parsed(p),
        assets: new Map([['mini-mug.glb', FAKE_GLB]]),
        note: 'price',
      });
      expect(v).toBe(2);
      expect((await request(t.app).get('/api/products/mini-mug?version=1')).body.product.basePrice).toBe(1500);
      expect((await request(t.app).get('/api/products/mini-mug')).body.product.basePrice).toBe(9999);
      const versions = await t.app.ctx.catalog.listVersions('mini-mug');
      expect(versions.map((x) => x.version)).toEqual([2, 1]);
    });
  });

  describe('from-price', () => {
    it('lists the cheapest valid configuration per version, price rules (negative ones too) included', async () => {
      const deal = miniProduct();
      deal.id = 'deal-mug';
      // Black (+200) and large (+300) with a -900 offer: the cheapest mug is a dearer pair of options.
      deal.rules = (deal.rules ?? []).map((r) => (r.kind === 'price' ? { ...r, amount: -900 } : r));
      const assets = new Map([['mini-mug.glb', FAKE_GLB]]);
      await t.app.ctx.catalog.publish({ product: parsed(deal), assets, note: 'offer' });
      const fromOf = async () =>
        ((await request(t.app).get('/api/products')).body.products as { id: string; fromPrice?: number }[]).find(
          (p) => p.id === 'deal-mug',
        )?.fromPrice;
      expect(await fromOf()).toBe(1500 + 200 + 300 - 900);
      // A new version has its own from-price (the cache is per version, not per product).
      deal.rules = (deal.rules ?? []).filter((r) => r.kind !== 'price');
      deal.basePrice = 2000;
      await t.app.ctx.catalog.publish({ product: parsed(deal), assets, note: 'offer over' });
      expect(await fromOf()).toBe(2000);
    });
  });

  describe('first-start import', () => {
    it('imports a catalog folder into an empty database as version 1, once', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'mw-cat-'));
      writeFileSync(path.join(dir, 'mini-mug.json'), JSON.stringify(miniProduct()));
      writeFileSync(path.join(dir, 'mini-mug.glb'), FAKE_GLB);
      writeFileSync(path.join(dir, 'broken.json'), '{"id": ');
      const db = await createTestDb(dialect);
      try {
        const app = createApp({ db: db.db });
        const logger = pino({ level: 'silent' });
        expect(await importCatalogIfEmpty(app.ctx.catalog, dir, logger, { engine: app.ctx.engine })).toBe(1);
        expect(await importCatalogIfEmpty(app.ctx.catalog, dir, logger, { engine: app.ctx.engine })).toBe(0);
        const res = await request(app).get('/api/products/mini-mug');
        expect(res.body.version).toBe(1);
        expect((await request(app).get('/assets/catalog/mini-mug/v1/mini-mug.glb')).status).toBe(200);
      } finally {
        await db.close();
      }
    });
  });
});
