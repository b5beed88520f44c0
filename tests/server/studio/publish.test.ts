import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, validOrder, newKey, type TestApp } from '../harness.js';
import { mugWithNavy, studioApp, type StudioClient } from './studioSupport.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  let s: StudioClient;
  beforeAll(async () => ({ t, s } = await studioApp(dialect)));
  afterAll(async () => t.close());

  async function saveAndPublish(doc: object, note: string) {
    const { headers } = await s.getDraft();
    expect((await s.putDraft(doc, headers.etag)).status).toBe(200);
    return s.publish(note);
  }

  describe('publish, versions, diff, rollback', () => {
    it('publishes a valid draft as a new version the storefront serves, with its files', async () => {
      const order = await request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(validOrder());
      expect(order.status).toBe(201);

      const pub = await saveAndPublish(mugWithNavy(), 'navy added');
      expect(pub.status).toBe(201);
      expect(pub.body.version).toBe(2);
      const live = await request(t.app).get('/api/products/mini-mug');
      expect(live.body.version).toBe(2);
      expect(live.body.product.attributes[0].options.map((o: { id: string }) => o.id)).toContain('navy');
      expect((await request(t.app).get('/assets/catalog/mini-mug/v2/mini-mug.glb')).status).toBe(200);
      // The draft is clean again, its ETag moved on; publishing twice has nothing to publish.
      const d = await s.getDraft();
      expect(d.body).toMatchObject({ dirty: false, baseVersion: 2, revision: 2 });
      expect((await s.publish('again')).status).toBe(409);
      // The order made on version 1 still points at version 1, which is still served.
      const v1 = await request(t.app).get('/api/products/mini-mug?version=1');
      expect(v1.body.product.attributes[0].options.map((o: { id: string }) => o.id)).not.toContain('navy');
    });

    it('refuses a publish whose If-Match is stale', async () => {
      const { headers } = await s.getDraft();
      await s.putDraft({ ...mugWithNavy(), basePrice: 1550 }, headers.etag);
      expect((await request(t.app).post('/api/studio/products/mini-mug/publish').send({ note: 'x' })).status).toBe(401);
      expect((await s.post('/api/studio/products/mini-mug/publish', { note: '' })).status).toBe(400);
      const stale = await s.post('/api/studio/products/mini-mug/publish', { note: 'x' }).set('If-Match', headers.etag!);
      expect(stale.status).toBe(409);
      expect((await request(t.app).get('/api/products/mini-mug')).body.version).toBe(2);
      expect((await s.publish('price up')).body.version).toBe(3);
    });

    it('lists versions newest first with notes', async () => {
      const res = await s.get('/api/studio/products/mini-mug/versions');
      expect(res.body.current).toBe(3);
      expect(res.body.versions.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([
        [3, 'price up'],
        [2, 'navy added'],
        [1, 'test'],
      ]);
      // The author by e-mail (a producer account's, "producer-…@example.com"); none for the harness's own publish.
      expect(res.body.versions[0].createdBy).toMatch(/^producer-.*@example\.com$/);
      expect(res.body.versions[2].createdBy).toBeNull();
      expect((await s.get('/api/studio/products/mini-mug/versions/2')).body.product.basePrice).toBe(1500);
      expect((await s.get('/api/studio/products/mini-mug/versions/9')).status).toBe(404);
    });

    it('diffs two versions: options added, prices changed, rules changed', async () => {
      const res = await s.get('/api/studio/products/mini-mug/diff?from=1&to=3');
      expect(res.status).toBe(200);
      const texts = res.body.changes.map((c: { text: string }) => c.text);
      expect(texts).toContain('option "colour/navy" (Navy) added');
      expect(texts).toContain('base price 15.00 EUR → 15.50 EUR');
      expect(res.body.changes).toHaveLength(2);
      const back = await s.get('/api/studio/products/mini-mug/diff?from=3&to=1');
      expect(back.body.changes.map((c: { change: string; section: string }) => `${c.section}:${c.change}`).sort()).toEqual([
        'options:removed',
        'prices:changed',
      ]);

      const { headers } = await s.getDraft();
      const p = mugWithNavy();
      p.basePrice = 1550;
      p.rules = p.rules!.filter((r) => r.id !== 'gold-is-gloss');
      p.rules.push({
        id: 'navy-matte',
        kind: 'requires',
        message: 'Navy is matte',
        if: { attr: 'colour', is: 'navy' },
        then: { attr: 'finish', is: 'matte' },
      });
      const price = p.rules.find((r) => r.id === 'large-discount')!;
      if (price.kind === 'price') price.amount = -200;
      await s.putDraft(p, headers.etag);
      const draftDiff = await s.get('/api/studio/products/mini-mug/diff?from=3&to=draft');
      const t2 = draftDiff.body.changes.map((c: { text: string }) => c.text);
      expect(t2).toEqual(
        expect.arrayContaining([
          'requires rule "navy-matte" added',
          'requires rule "gold-is-gloss" removed',
          'price rule "large-discount" amount -1.50 EUR → -2.00 EUR',
        ]),
      );
      expect((await s.get('/api/studio/products/mini-mug/diff?from=1&to=abc')).status).toBe(400);
    });

    it('rolls back by publishing an earlier version again; an untouched draft follows', async () => {
      const res = await s.post('/api/studio/products/mini-mug/rollback', { version: 1, note: 'back to the original' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ version: 4, from: 1 });
      const live = await request(t.app).get('/api/products/mini-mug');
      expect(live.body.version).toBe(4);
      expect(live.body.product.basePrice).toBe(1500);
      expect(live.body.product.attributes[0].options.map((o: { id: string }) => o.id)).not.toContain('navy');
      expect((await request(t.app).get('/assets/catalog/mini-mug/v4/mini-mug.glb')).status).toBe(200);
      // The draft had unpublished work: it is kept.
      expect((await s.getDraft()).body.dirty).toBe(true);
      expect((await s.post('/api/studio/products/mini-mug/rollback', { version: 99 })).status).toBe(404);
    });

    it('archives: gone from the storefront, kept for old versions and the studio', async () => {
      expect((await s.post('/api/studio/products/mini-mug/archive', {})).status).toBe(204);
      expect((await request(t.app).get('/api/products')).body.products).toEqual([]);
      const list = await s.get('/api/studio/products');
      expect(list.body.products[0]).toMatchObject({ id: 'mini-mug', archived: true });
      expect((await s.getDraft()).status).toBe(200);
      expect((await s.post('/api/studio/products/mini-mug/archive', { archived: false })).status).toBe(204);
      expect((await request(t.app).get('/api/products')).body.products).toHaveLength(1);
    });
  });
});
