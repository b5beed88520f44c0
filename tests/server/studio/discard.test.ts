import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renamePart } from '../../../catalog/model/modelProblems.js';
import { DIALECTS, type TestApp } from '../harness.js';
import { mugGlb, mugWithNavy, studioApp, type StudioClient } from './studioSupport.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  let s: StudioClient;
  beforeAll(async () => ({ t, s } = await studioApp(dialect)));
  afterAll(async () => t.close());
  const discard = (etag: string | undefined) => {
    const req = s.post('/api/studio/products/mini-mug/draft/discard', {});
    return etag === undefined ? req : req.set('If-Match', etag);
  };

  describe('discard and restore a draft', () => {
    it('discards the unpublished document and files, and restores both', async () => {
      const glb = await mugGlb();
      const first = await s.getDraft();
      expect((await discard(first.body.etag)).body.error.code).toBe('nothing_to_discard');
      const saved = await s.putDraft(mugWithNavy(), first.body.etag);
      expect(saved.status).toBe(200);
      expect((await s.upload('mini-mug.glb', glb)).status).toBe(201);

      // The ETag guards a discard like a save.
      expect((await discard(first.body.etag)).status).toBe(409);
      const res = await discard(saved.body.etag);
      expect(res.status).toBe(200);
      expect(res.body.draft.dirty).toBe(false);
      expect(JSON.stringify(res.body.draft.document)).not.toContain('navy');
      expect(JSON.stringify(res.body.discarded.document)).toContain('navy');
      expect(Object.keys(res.body.discarded.assets)).toEqual(['mini-mug.glb']);
      expect((await s.getDraft()).body.dirty).toBe(false);

      // Undo: the discarded draft (document and model) is the draft again.
      const restored = await s
        .post('/api/studio/products/mini-mug/draft/restore', res.body.discarded)
        .set('If-Match', res.body.draft.etag);
      expect(restored.status).toBe(200);
      expect(restored.body.dirty).toBe(true);
      expect(JSON.stringify(restored.body.document)).toContain('navy');
      const model = await s.get('/api/studio/products/mini-mug/model');
      expect(model.body.sha256).toBe(res.body.discarded.assets['mini-mug.glb']);

      // A file hash the server never stored is refused.
      const bad = await s
        .post('/api/studio/products/mini-mug/draft/restore', {
          document: res.body.discarded.document,
          assets: { 'x.glb': 'a'.repeat(64) },
        })
        .set('If-Match', restored.body.etag);
      expect(bad.status).toBe(400);
    });
  });

  describe('a model that lacks the parts the options drive', () => {
    it('blocks publishing until the names are mapped to parts of the model', async () => {
      const d = await s.getDraft();
      expect((await s.upload('mini-mug.glb', await mugGlb({ withoutHandles: true }))).status).toBe(201);
      const refused = await s.publish('new model');
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('model_mismatch');
      expect(refused.body.error.details.problems.map((p: { name: string }) => p.name)).toContain('handle-round');

      // Mapped to parts the model has: publishable.
      let doc = renamePart(d.body.document, 'node', 'handle-round', 'mug-body');
      doc = renamePart(doc, 'node', 'handle-square', 'label-area');
      const saved = await s.putDraft(doc, d.body.etag);
      expect(saved.status).toBe(200);
      expect((await s.get('/api/studio/products/mini-mug/model')).body.warnings).toEqual([]);
      expect((await s.publish('new model, mapped')).status).toBe(201);
    });
  });
});
