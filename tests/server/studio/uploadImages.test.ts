import { NodeIO } from '@gltf-transform/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bombPng, corruptZlibPng, filter9Png, rgbaPng } from '../../fixtures/pngFixtures.js';
import { DIALECTS, type TestApp } from '../harness.js';
import { studioApp, triangleDoc, type StudioClient } from './studioSupport.js';

/** A one-triangle .glb whose material has a base colour texture of these bytes. */
async function texturedGlb(image: Buffer, mimeType = 'image/png'): Promise<Buffer> {
  const { doc, positions } = triangleDoc();
  const texture = doc.createTexture('wood').setImage(new Uint8Array(image)).setMimeType(mimeType);
  const body = doc.createMaterial('body').setBaseColorTexture(texture);
  const mesh = doc
    .createMesh('mug-body')
    .addPrimitive(doc.createPrimitive().setAttribute('POSITION', positions).setMaterial(body));
  doc.createScene('scene').addChild(doc.createNode('mug-body').setMesh(mesh));
  return Buffer.from(await new NodeIO().writeBinary(doc));
}

/**
 * Issue #13 finding 1 for the studio: uploaded textures and the textures inside a .glb are proven
 * (in a task thread) before they are stored; hostile PNGs are refused with a 422 that says why.
 */
describe.each(DIALECTS)('studio image uploads on %s', (dialect) => {
  let t: TestApp;
  let s: StudioClient;
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await bombPng();
    ({ t, s } = await studioApp(dialect));
  });
  afterAll(async () => {
    await t.app.ctx.tasks.close();
    await t.close();
  });

  it('stores a real PNG texture', async () => {
    const res = await s.upload(
      'textures/oak.png',
      rgbaPng(8, 8, (x, y) => [x * 30, y * 30, 80, 255]),
    );
    expect(res.status).toBe(201);
  });

  it('refuses hostile PNG textures: corrupt zlib, filter type 9, the 8192×8192 bomb', async () => {
    const zlib = await s.upload('textures/a.png', corruptZlibPng());
    expect(zlib.status).toBe(422);
    expect(zlib.body.error).toMatchObject({ code: 'file_not_image', message: /zlib/ });
    const filter = await s.upload('textures/b.png', filter9Png());
    expect(filter.body.error).toMatchObject({ code: 'file_not_image', message: /filter type 9/ });
    const big = await s.upload('textures/c.png', bomb);
    expect(big.status).toBe(422);
    expect(big.body.error).toMatchObject({ code: 'image_too_large', message: /8192×8192/ });
    for (const f of ['a', 'b', 'c'])
      expect((await s.get(`/api/studio/products/mini-mug/draft/assets/textures/${f}.png`)).status).toBe(404);
  });

  it('checks the textures inside a .glb the same way', async () => {
    const good = await s.upload('textured.glb', await texturedGlb(rgbaPng(4, 4, () => [200, 100, 50, 255])));
    expect(good.status).toBe(201);
    const bad = await s.upload('filter9.glb', await texturedGlb(filter9Png()));
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'model_bad_image', message: /texture 0: .*filter type 9/ });
    const huge = await s.upload('bomb.glb', await texturedGlb(bomb));
    expect(huge.body.error).toMatchObject({ code: 'model_image_too_large' });
    const gif = await s.upload('gif.glb', await texturedGlb(Buffer.from('GIF89a'), 'image/gif'));
    expect(gif.body.error).toMatchObject({ code: 'model_bad_image', message: /image\/gif/ });
  });
});
