import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { createTestApp, DIALECTS, type TestApp } from '../harness.js';
import { mugWithNavy, studioClient } from './studioSupport.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  let s: ReturnType<typeof studioClient>;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    token = (await t.userWithToken('producer')).token;
    s = studioClient(t, token);
  });
  afterAll(async () => t.close());

  describe('studio drafts', () => {
    it('lists products with their state', async () => {
      const res = await s.get('/api/studio/products');
      expect(res.status).toBe(200);
      expect(res.body.products).toEqual([
        expect.objectContaining({
          id: 'mini-mug',
          publishedVersion: 1,
          hasDraft: false,
          archived: false,
          lint: expect.stringMatching(/ok|warnings/),
        }),
      ]);
      // 3 colours x 2 finishes (gold only gloss: -1) x handle(3, none excluded with small) x sizes x text(2)
      expect(Number(res.body.products[0].variants)).toBeGreaterThan(0);
    });

    it('serves the published version as revision 0 with an ETag, then saves with If-Match', async () => {
      const first = await s.getDraft();
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('"r0"');
      expect(first.body).toMatchObject({ revision: 0, dirty: false, baseVersion: 1, check: { ok: true } });

      const saved = await s.putDraft(mugWithNavy(), first.headers.etag);
      expect(saved.status).toBe(200);
      expect(saved.headers.etag).toBe('"r1"');
      expect(saved.body.dirty).toBe(true);
      expect((await s.getDraft()).body.document.attributes[0].options.map((o: { id: string }) => o.id)).toContain('navy');
      const list = await s.get('/api/studio/products');
      expect(list.body.products[0].hasDraft).toBe(true);
    });

    it('gives one of two saves with the same ETag a 409 with a clear message, never a silent overwrite', async () => {
      const { headers } = await s.getDraft();
      const a = { ...mugWithNavy(), basePrice: 1600 };
      const b = { ...mugWithNavy(), basePrice: 1700 };
      const [ra, rb] = await Promise.all([s.putDraft(a, headers.etag), s.putDraft(b, headers.etag)]);
      const statuses = [ra.status, rb.status].sort();
      expect(statuses).toEqual([200, 409]);
      const lost = ra.status === 409 ? ra : rb;
      const won = ra.status === 200 ? a : b;
      expect(lost.body.error.code).toBe('draft_conflict');
      expect(lost.body.error.message).toMatch(/saved by .* since you loaded it.*reload/i);
      expect(lost.body.error.details.etag).toBe((await s.getDraft()).headers.etag);
      expect((await s.getDraft()).body.document.basePrice).toBe(won.basePrice);
    });

    it('refuses a save without If-Match (428) or with a foreign one (412)', async () => {
      const res = await s.putDraft(mugWithNavy(), undefined);
      expect(res.status).toBe(428);
      expect(res.body.error.message).toMatch(/If-Match/);
      expect((await s.putDraft(mugWithNavy(), '"abc"')).status).toBe(412);
      expect((await s.putDraft(mugWithNavy(), '"r999"')).status).toBe(409);
    });

    it('saves an invalid draft with its problems, each with a path, and refuses to publish it', async () => {
      const { headers } = await s.getDraft();
      const broken = mugWithNavy();
      broken.defaults.colour = 'purple';
      broken.basePrice = 12.5;
      const res = await s.putDraft(broken, headers.etag);
      expect(res.status).toBe(200);
      expect(res.body.check.ok).toBe(false);
      expect(res.body.check.schema).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['basePrice'] })]));
      const pub = await s.publish('should not go live');
      expect(pub.status).toBe(422);
      expect(pub.body.error.code).toBe('draft_invalid');
      expect(pub.body.error.details.schema.length).toBeGreaterThan(0);
      const live = await request(t.app).get('/api/products/mini-mug');
      expect(live.body.version).toBe(1);
    });

    it('refuses an unsatisfiable draft at publish, listing the engine finding', async () => {
      const { headers } = await s.getDraft();
      const p = miniProduct();
      p.rules!.push({ id: 'no-white', kind: 'restrict', message: 'x', attr: 'colour', to: ['white'] });
      p.rules!.push({
        id: 'no-white-2',
        kind: 'excludes',
        message: 'y',
        if: { attr: 'colour', is: 'white' },
        then: { attr: 'size', in: ['small', 'large'] },
      });
      const saved = await s.putDraft(p, headers.etag);
      expect(saved.body.check).toMatchObject({ ok: false, variants: '0' });
      expect(saved.body.check.lint).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'unsatisfiable', severity: 'error' })]),
      );
      const pub = await s.publish('nope');
      expect(pub.status).toBe(422);
      expect(pub.body.error.details.lint[0].code).toBe('unsatisfiable');
      expect((await request(t.app).get('/api/products/mini-mug')).body.version).toBe(1);
    });

    it('refuses hostile drafts: another id, not an object, prototype keys', async () => {
      const { headers } = await s.getDraft();
      expect((await s.putDraft({ ...miniProduct(), id: 'other' }, headers.etag)).status).toBe(400);
      expect((await s.putDraft([1, 2], headers.etag)).status).toBe(400);
      const proto = await request(t.app)
        .put('/api/studio/products/mini-mug/draft')
        .set('Authorization', `Bearer ${token}`)
        .set('If-Match', headers.etag!)
        .set('Content-Type', 'application/json')
        .send('{"id":"mini-mug","__proto__":{"x":1}}');
      expect(proto.status).toBe(400);
      expect((await s.getDraft()).headers.etag).toBe(headers.etag);
      expect((await s.getDraft('nope')).status).toBe(404);
    });

    it('creates products from scratch and by duplicating; a taken id is a 409', async () => {
      const blank = await s.post('/api/studio/products', { id: 'desk-lamp', name: 'Desk lamp' });
      expect(blank.status).toBe(201);
      expect(blank.headers.etag).toBe('"r1"');
      expect(blank.body.document).toMatchObject({ id: 'desk-lamp', name: { en: 'Desk lamp' } });
      expect(blank.body.check.schema).toEqual([]);
      const dup = await s.post('/api/studio/products', { id: 'mini-mug-2', from: 'mini-mug' });
      expect(dup.status).toBe(201);
      expect(dup.body.document.id).toBe('mini-mug-2');
      expect(dup.body.document.skuPrefix).toBe('MUG');
      expect((await s.post('/api/studio/products', { id: 'mini-mug', from: 'desk-lamp' })).status).toBe(409);
      expect((await s.post('/api/studio/products', { id: 'Bad Id' })).status).toBe(400);
      const ids = (await s.get('/api/studio/products')).body.products.map((p: { id: string }) => p.id);
      expect(ids).toEqual(['desk-lamp', 'mini-mug', 'mini-mug-2']);
      // The storefront still lists only published products.
      expect((await request(t.app).get('/api/products')).body.products.map((p: { id: string }) => p.id)).toEqual(['mini-mug']);
    });
  });
});
