import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogIfEmpty } from '../../../server/catalog/importCatalog.js';
import { createApp } from '../../../server/app.js';
import { createTestApp, createTestDb, DIALECTS, tinyPng, type TestApp } from '../harness.js';
import { auth } from '../studio/studioSupport.js';
import { rgbaPng } from '../../fixtures/pngFixtures.js';

/** A transparent PNG of the given size; `corrupt`: its first row names filter type 9 (there is none). */
const png = (width: number, height: number, corrupt = false): Buffer =>
  corrupt ? rgbaPng(width, height, () => [0, 0, 0, 0], 9) : rgbaPng(width, height, () => [0, 0, 0, 0]);

describe.each(DIALECTS)('storefront thumbnails on %s', (dialect) => {
  let t: TestApp;
  let producer: { token: string };
  beforeAll(async () => {
    t = await createTestApp(dialect);
    producer = await t.userWithToken('producer');
  });
  afterAll(async () => t.close());

  const put = (body: Buffer, version = 1) =>
    request(t.app)
      .put(`/api/studio/products/mini-mug/versions/${version}/thumbnail`)
      .set(auth(producer.token))
      .set('Content-Type', 'image/png')
      .send(body);

  it('lists the version as missing until the studio stores one, then serves it for good', async () => {
    const missing = await request(t.app).get('/api/studio/thumbnails/missing').set(auth(producer.token));
    expect(missing.body.missing).toEqual([{ productId: 'mini-mug', version: 1 }]);
    let list = await request(t.app).get('/api/products');
    expect(list.body.products[0].thumbnailUrl).toBeUndefined();

    const picture = png(48, 36);
    const stored = await put(picture);
    expect(stored.status).toBe(201);
    list = await request(t.app).get('/api/products');
    const url = list.body.products[0].thumbnailUrl as string;
    expect(url).toBe(stored.body.url);
    expect(url).toMatch(/^\/api\/products\/mini-mug\/thumbnails\/[0-9a-f]{64}\.png$/);
    const got = await request(t.app).get(url).buffer(true);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.compare(got.body as Buffer, picture)).toBe(0);
    expect((await request(t.app).get('/api/studio/thumbnails/missing').set(auth(producer.token))).body.missing).toEqual([]);

    // A new render replaces it under a new name; the old name no longer answers.
    const again = await put(png(40, 30));
    expect(again.body.url).not.toBe(url);
    expect((await request(t.app).get(url)).status).toBe(404);
  });

  it('refuses what is not a whole, small PNG, and strangers', async () => {
    // An honest IHDR (valid CRC) declaring 8192×8192: refused before anything is inflated.
    const bomb = png(16, 16);
    bomb.writeUInt32BE(8192, 16);
    bomb.writeUInt32BE(8192, 20);
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
    expect((await put(bomb)).status).toBe(422);
    expect((await put(png(16, 16, true))).body.error.code).toBe('bad_thumbnail');
    expect((await put(Buffer.from('GIF89a not a png at all......................'))).status).toBe(422);
    expect((await put(tinyPng(), 99)).status).toBe(404);
    const sales = await t.userWithToken('sales');
    const asSales = await request(t.app)
      .put('/api/studio/products/mini-mug/versions/1/thumbnail')
      .set(auth(sales.token))
      .set('Content-Type', 'image/png')
      .send(tinyPng());
    expect(asSales.status).toBe(403);
    expect((await request(t.app).get(`/api/products/mini-mug/thumbnails/${'0'.repeat(64)}.png`)).status).toBe(404);
    expect((await request(t.app).get('/api/products/mini-mug/thumbnails/..%2F..%2Fetc.png')).status).toBe(400);
  });
});

describe('the bundled catalog ships its thumbnails', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'maatwerk-thumbs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports <name>.thumbnail.png beside <name>.json as version 1’s picture', async () => {
    const src = path.resolve('catalog/data/products');
    copyFileSync(path.join(src, 'sneaker.json'), path.join(dir, 'sneaker.json'));
    copyFileSync(path.join(src, 'sneaker.glb'), path.join(dir, 'sneaker.glb'));
    writeFileSync(path.join(dir, 'sneaker.thumbnail.png'), png(48, 36));
    const t = await createTestDb('sqlite');
    try {
      const app = createApp({ db: t.db });
      expect(
        await importCatalogIfEmpty(app.ctx.catalog, dir, pino({ level: 'silent' }), { thumbnails: app.ctx.thumbnails }),
      ).toBe(1);
      const list = await request(app).get('/api/products');
      expect(list.body.products[0].thumbnailUrl).toMatch(/^\/api\/products\/sneaker\/thumbnails\//);
    } finally {
      await t.close();
    }
  });
});
