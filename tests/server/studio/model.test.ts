import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestApp } from '../harness.js';
import { MAX_MODEL_BYTES } from '../../../server/studio/inspectGlb.js';
import { mugGlb, studioApp, type StudioClient, withJson } from './studioSupport.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  let s: StudioClient;
  let glb: Buffer;
  beforeAll(async () => {
    ({ t, s } = await studioApp(dialect));
    glb = await mugGlb();
  });
  afterAll(async () => t.close());

  describe('model upload', () => {
    it('accepts a real .glb and lists its meshes, materials and nodes', async () => {
      const res = await s.upload('mini-mug.glb', glb);
      expect(res.status).toBe(201);
      expect(res.body.parts.materials).toEqual(['body']);
      expect(res.body.parts.nodes).toEqual(['handle-round', 'handle-square', 'label-area', 'mug-body']);
      expect(res.body.parts.meshes).toEqual(expect.arrayContaining(['mug-body', 'label-area', 'handle-round-mesh']));
      expect(res.body.warnings).toEqual([]);
      // The draft model endpoint and the preview file read the upload.
      const model = await s.get('/api/studio/products/mini-mug/model');
      expect(model.body).toMatchObject({ file: 'mini-mug.glb', warnings: [] });
      const file = await s
        .get('/api/studio/products/mini-mug/draft/assets/mini-mug.glb')
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(Buffer.compare(file.body as Buffer, glb)).toBe(0);
      // Only producers see draft files.
      expect((await request(t.app).get('/api/studio/products/mini-mug/draft/assets/mini-mug.glb')).status).toBe(401);
    });

    it('warns about options that point at parts the model lacks', async () => {
      const res = await s.upload('mini-mug.glb', await mugGlb({ withoutHandles: true }));
      expect(res.status).toBe(201);
      expect(res.body.warnings.map((w: { message: string }) => w.message)).toEqual([
        'option "handle/round" points at node "handle-round", which the model does not have',
        'option "handle/round" points at node "handle-square", which the model does not have',
        'option "handle/square" points at node "handle-square", which the model does not have',
        'option "handle/square" points at node "handle-round", which the model does not have',
      ]);
      expect(res.body.warnings[0].path).toEqual(['attributes', 2, 'options', 0, 'effect', 'show', 0]);
    });

    it('refuses wrong magic bytes', async () => {
      const bad = Buffer.from(glb);
      bad.write('gLTF', 0, 'latin1');
      const res = await s.upload('x.glb', bad);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('model_not_glb');
      expect((await s.upload('x.glb', Buffer.from('hello'))).status).toBe(422);
    });

    it('refuses absurd sizes in the header and in chunks', async () => {
      const total = Buffer.from(glb);
      total.writeUInt32LE(0xfffffff0, 8);
      const r1 = await s.upload('x.glb', total);
      expect(r1.status).toBe(422);
      expect(r1.body.error).toMatchObject({ code: 'model_bad_header' });
      expect(r1.body.error.message).toMatch(/header says the file is 4294967280 bytes/);
      const chunk = Buffer.from(glb);
      chunk.writeUInt32LE(0x7fffffff, 12);
      expect((await s.upload('x.glb', chunk)).body.error.code).toBe('model_bad_header');
      const buffer = withJson(glb, (j) => {
        (j.buffers as { byteLength: number }[])[0]!.byteLength = 1e12;
      });
      expect((await s.upload('x.glb', buffer)).body.error.code).toBe('model_bad_header');
      const version = Buffer.from(glb);
      version.writeUInt32LE(1, 4);
      expect((await s.upload('x.glb', version)).body.error.message).toMatch(/version 1/);
    });

    it('refuses buffers or textures that point outside the file', async () => {
      for (const uri of ['https://evil.example/tex.png', '../../etc/passwd', 'file:///etc/passwd']) {
        const ext = withJson(glb, (j) => {
          j.images = [{ uri }];
        });
        const res = await s.upload('x.glb', ext);
        expect(res.status).toBe(422);
        expect(res.body.error.code).toBe('model_external_uri');
      }
      const buf = withJson(glb, (j) => {
        (j.buffers as object[]).push({ uri: 'data.bin', byteLength: 4 });
      });
      expect((await s.upload('x.glb', buf)).body.error.code).toBe('model_external_uri');
    });

    it('refuses vertex data that is not numbers (NaN, Infinity), naming the meshes', async () => {
      for (const bad of [NaN, Infinity]) {
        const res = await s.upload('mini-mug.glb', await mugGlb({ firstX: bad }));
        expect(res.status).toBe(422);
        expect(res.body.error.code).toBe('model_bad_geometry');
        // One shared accessor, counted in each of the four meshes that use it.
        expect(res.body.error.message).toMatch(/^the model has 4 vertex values that are not numbers/);
        expect(res.body.error.message).toContain('mug-body (primitive 0) POSITION: 1');
      }
      expect((await s.upload('mini-mug.glb', await mugGlb({ firstX: 0.5 }))).status).toBe(201);
    });

    it('refuses a file over the limit with 413, and other file types with 415', async () => {
      const big = Buffer.alloc(MAX_MODEL_BYTES + 1024);
      glb.copy(big);
      const res = await s.upload('big.glb', big);
      expect(res.status).toBe(413);
      expect((await s.upload('notes.txt', Buffer.from('hi'))).status).toBe(415);
      expect((await s.upload('../escape.glb', glb)).status).toBe(400);
      const png = await s.upload('textures/fake.png', Buffer.from('not a png at all'));
      expect(png.status).toBe(422);
      // Nothing of the refused uploads is stored.
      expect((await s.get('/api/studio/products/mini-mug/draft/assets/x.glb')).status).toBe(404);
    });
  });
});
