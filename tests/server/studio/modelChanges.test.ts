import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { ConfigError, loadConfig } from '../../../server/config.js';
import { MAX_MODEL_BYTES } from '../../../server/studio/inspectGlb.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { createTestDb, DIALECTS, FAKE_GLB, parsed, type TestApp, type TestDb } from '../harness.js';
import { mugGlb, studioApp, studioClient, type StudioClient } from './studioSupport.js';

const binary = (req: request.Test) =>
  req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });

describe.each(DIALECTS)('on %s', (dialect) => {
  describe('a new model file is a change to publish', () => {
    let t: TestApp;
    let s: StudioClient;
    beforeAll(async () => ({ t, s } = await studioApp(dialect)));
    afterAll(async () => t.close());

    const listed = async () =>
      ((await s.get('/api/studio/products')).body.products as { id: string; hasDraft: boolean }[]).find(
        (p) => p.id === 'mini-mug',
      )!;

    it('publishes a .glb uploaded with the JSON unchanged, and only a real change counts', async () => {
      expect((await s.getDraft()).body.dirty).toBe(false);
      expect((await s.publish('nothing yet')).status).toBe(409);

      // A file the draft does not point at: no change (a publish would not carry it).
      const glb = await mugGlb();
      expect((await s.upload('spare.glb', glb)).status).toBe(201);
      expect((await s.getDraft()).body.dirty).toBe(false);
      expect((await listed()).hasDraft).toBe(false);

      // A new model under the product's file name: a change, in the draft and in the list.
      expect((await s.upload('mini-mug.glb', glb)).status).toBe(201);
      const d = await s.getDraft();
      expect(d.body).toMatchObject({ dirty: true, revision: 0 });
      expect((await listed()).hasDraft).toBe(true);

      const pub = await s.publish('new model');
      expect(pub.status).toBe(201);
      expect(pub.body.version).toBe(2);
      const served = await binary(request(t.app).get('/assets/catalog/mini-mug/v2/mini-mug.glb'));
      expect(Buffer.compare(served.body as Buffer, glb)).toBe(0);
      const v1 = await binary(request(t.app).get('/assets/catalog/mini-mug/v1/mini-mug.glb'));
      expect(Buffer.compare(v1.body as Buffer, FAKE_GLB)).toBe(0);

      // Published: clean again; uploading the published bytes again changes nothing.
      expect((await s.getDraft()).body.dirty).toBe(false);
      expect((await s.publish('again')).body.error.code).toBe('nothing_to_publish');
      expect((await s.upload('mini-mug.glb', glb)).status).toBe(201);
      expect((await s.getDraft()).body.dirty).toBe(false);
      expect((await listed()).hasDraft).toBe(false);
    });
  });

  describe('the upload limit from the settings', () => {
    let db: TestDb;
    let app: ReturnType<typeof createApp>;
    let glb: Buffer;
    beforeAll(async () => {
      glb = await mugGlb();
      db = await createTestDb(dialect);
      app = createApp({ db: db.db, scryptCost: 2 ** 10, settings: { maxModelBytes: glb.length + 64 } });
      await app.ctx.catalog.publish({ product: parsed(miniProduct()), assets: new Map([['mini-mug.glb', FAKE_GLB]]), note: 't' });
    });
    afterAll(async () => db.close());

    it('accepts a model up to the configured limit and refuses one over it with 413', async () => {
      const user = await app.ctx.users.create('maker@example.com', 'producer', 'pw-long-enough-1');
      const { token } = await app.ctx.users.createToken(user.id, 'test');
      const s = studioClient({ app } as unknown as TestApp, token);
      expect((await s.upload('mini-mug.glb', glb)).status).toBe(201);
      const big = Buffer.alloc(glb.length + 65);
      glb.copy(big);
      const res = await s.upload('mini-mug.glb', big);
      expect(res.status).toBe(413);
      // Far below the built-in limit: the setting, not the default, refused it.
      expect(big.length).toBeLessThan(MAX_MODEL_BYTES);
    });
  });
});

describe('MAX_MODEL_BYTES', () => {
  it('defaults to the built-in limit and reads a whole number of bytes', () => {
    expect(loadConfig({}, '/').maxModelBytes).toBe(MAX_MODEL_BYTES);
    expect(loadConfig({ MAX_MODEL_BYTES: '1048576' }, '/').maxModelBytes).toBe(1_048_576);
  });

  it('refuses values that are not a sane size', () => {
    for (const bad of ['ten', '1.5', '12', String(2 ** 40)])
      expect(() => loadConfig({ MAX_MODEL_BYTES: bad }, '/'), bad).toThrow(ConfigError);
    try {
      loadConfig({ MAX_MODEL_BYTES: 'ten' }, '/');
    } catch (e) {
      expect((e as ConfigError).problems.join()).toMatch(/^MAX_MODEL_BYTES="ten"/);
    }
  });
});
