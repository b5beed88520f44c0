import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProduct } from '../../../catalog/index.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { DIALECTS, type TestApp } from '../harness.js';
import { mugGlb, mugWithNavy, studioApp, type StudioClient } from './studioSupport.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  let s: StudioClient;
  beforeAll(async () => ({ t, s } = await studioApp(dialect)));
  afterAll(async () => t.close());

  const vase = () => ({ ...miniProduct(), id: 'vase', skuPrefix: 'VAS', model: { file: 'vase.glb' } });

  describe('import and export', () => {
    it('exports one product and the whole catalog in the catalog/data format', async () => {
      const one = await s.get('/api/studio/products/mini-mug/export');
      expect(one.status).toBe(200);
      expect(one.headers['content-disposition']).toContain('mini-mug.json');
      expect(parseProduct(one.body).ok).toBe(true);
      expect(one.body.id).toBe('mini-mug');
      const all = await s.get('/api/studio/export');
      expect(all.body.format).toBe('maatwerk-catalog/1');
      expect(all.body.products).toHaveLength(1);
      expect(all.body.products[0].assets).toEqual([{ path: 'mini-mug.glb', url: '/assets/catalog/mini-mug/v1/mini-mug.glb' }]);
    });

    it('imports all or nothing: one broken document, nothing imported', async () => {
      const broken = { ...vase(), id: 'vase-2', basePrice: -1 };
      const res = await s.post('/api/studio/import', { products: [vase(), broken] });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('import_invalid');
      expect(res.body.error.details.issues[0]).toMatchObject({ index: 1, id: 'vase-2', path: ['basePrice'] });
      expect((await s.get('/api/studio/products')).body.products.map((p: { id: string }) => p.id)).toEqual(['mini-mug']);
      expect((await s.post('/api/studio/import', { products: [vase(), vase()] })).status).toBe(422);
      expect((await s.post('/api/studio/import', { products: 'x' })).status).toBe(400);
    });

    it('refuses to publish an import whose files are not on the server, publishing nothing', async () => {
      const res = await s.post('/api/studio/import', { products: [mugWithNavy(), vase()], publish: true, note: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.error.details.issues).toEqual([
        expect.objectContaining({ id: 'vase', message: 'file vase.glb is not on the server: upload it first' }),
      ]);
      expect((await request(t.app).get('/api/products/mini-mug')).body.version).toBe(1);
    });

    it('imports drafts, then publishes them once their files are uploaded; unchanged ones are skipped', async () => {
      const res = await s.post('/api/studio/import', { products: [mugWithNavy(), vase()] });
      expect(res.status).toBe(200);
      expect(res.body.imported).toEqual([
        { id: 'mini-mug', created: false, version: null, unchanged: false },
        { id: 'vase', created: true, version: null, unchanged: false },
      ]);
      expect((await s.getDraft()).body.dirty).toBe(true);
      expect((await request(t.app).get('/api/products/mini-mug')).body.version).toBe(1);
      expect((await s.upload('vase.glb', await mugGlb(), 'vase')).status).toBe(201);
      const pub = await s.post('/api/studio/import', { products: [mugWithNavy(), vase()], publish: true, note: 'from git' });
      expect(pub.status).toBe(200);
      expect(pub.body.imported.map((i: { version: number }) => i.version)).toEqual([2, 1]);
      expect((await request(t.app).get('/api/products')).body.products.map((p: { id: string }) => p.id)).toEqual([
        'mini-mug',
        'vase',
      ]);
      const again = await s.post('/api/studio/import', { products: [mugWithNavy()], publish: true });
      expect(again.body.imported[0]).toMatchObject({ unchanged: true, version: null });
    });
  });
});
