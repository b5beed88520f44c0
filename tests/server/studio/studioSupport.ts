import { Document, NodeIO } from '@gltf-transform/core';
import request from 'supertest';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { createTestApp, type TestApp, type TestDialect } from '../harness.js';

/** A glTF document with one buffer and the positions of one triangle, to build test models on. */
export function triangleDoc() {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const positions = doc
    .createAccessor()
    .setType('VEC3')
    .setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]))
    .setBuffer(buffer);
  return { doc, buffer, positions };
}

/**
 * A real .glb with the mini mug's parts: material "body", meshes "mug-body" and "label-area",
 * nodes "handle-round" and "handle-square" (all four meshes share one triangle's positions; `firstX`
 * replaces its first coordinate).
 */
export async function mugGlb(opts: { withoutHandles?: boolean; firstX?: number } = {}): Promise<Buffer> {
  const { doc, buffer, positions } = triangleDoc();
  if (opts.firstX !== undefined) positions.getArray()![0] = opts.firstX;
  const uv = doc
    .createAccessor()
    .setType('VEC2')
    .setArray(new Float32Array([0, 0, 1, 0, 0, 1]))
    .setBuffer(buffer);
  const body = doc.createMaterial('body').setBaseColorFactor([1, 1, 1, 1]);
  const mesh = (name: string) =>
    doc
      .createMesh(name)
      .addPrimitive(doc.createPrimitive().setAttribute('POSITION', positions).setAttribute('TEXCOORD_0', uv).setMaterial(body));
  const scene = doc.createScene('scene');
  scene.addChild(doc.createNode('mug-body').setMesh(mesh('mug-body')));
  scene.addChild(doc.createNode('label-area').setMesh(mesh('label-area')));
  if (!opts.withoutHandles) {
    scene.addChild(doc.createNode('handle-round').setMesh(mesh('handle-round-mesh')));
    scene.addChild(doc.createNode('handle-square').setMesh(mesh('handle-square-mesh')));
  }
  return Buffer.from(await new NodeIO().writeBinary(doc));
}

/** Rebuild a .glb around a changed JSON chunk (lengths fixed up, so only the JSON is "wrong"). */
export function withJson(glb: Buffer, edit: (json: Record<string, unknown>) => void): Buffer {
  const jsonLen = glb.readUInt32LE(12);
  const json = JSON.parse(glb.subarray(20, 20 + jsonLen).toString('utf8')) as Record<string, unknown>;
  edit(json);
  let text = Buffer.from(JSON.stringify(json));
  if (text.length % 4) text = Buffer.concat([text, Buffer.alloc(4 - (text.length % 4), 0x20)]);
  const rest = glb.subarray(20 + jsonLen);
  const header = Buffer.alloc(20);
  header.write('glTF', 0, 'latin1');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(20 + text.length + rest.length, 8);
  header.writeUInt32LE(text.length, 12);
  header.writeUInt32LE(0x4e4f534a, 16);
  return Buffer.concat([header, text, rest]);
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Helpers bound to one app and one producer token. */
export function studioClient(t: TestApp, token: string) {
  const h = auth(token);
  return {
    getDraft: (id = 'mini-mug') => request(t.app).get(`/api/studio/products/${id}/draft`).set(h),
    putDraft: (doc: unknown, etag: string | undefined, id = 'mini-mug') => {
      const req = request(t.app).put(`/api/studio/products/${id}/draft`).set(h);
      return (etag === undefined ? req : req.set('If-Match', etag)).send(doc as object);
    },
    publish: (note: string, id = 'mini-mug') => request(t.app).post(`/api/studio/products/${id}/publish`).set(h).send({ note }),
    upload: (file: string, body: Buffer, id = 'mini-mug') =>
      request(t.app)
        .put(`/api/studio/products/${id}/draft/assets/${file}`)
        .set(h)
        .set('Content-Type', 'model/gltf-binary')
        .send(body),
    get: (url: string) => request(t.app).get(url).set(h),
    post: (url: string, body: object) => request(t.app).post(url).set(h).send(body),
  };
}

/** The mini mug with a navy colour option added. */
export function mugWithNavy() {
  const p = miniProduct();
  const colour = p.attributes.find((a) => a.id === 'colour')!;
  if (colour.kind !== 'colour') throw new Error('fixture changed');
  colour.options.push({ id: 'navy', label: { en: 'Navy', nl: 'Marineblauw' }, hex: '#1f2a44', price: 100 });
  return p;
}

export type StudioClient = ReturnType<typeof studioClient>;

/** An app on a fresh database (the mini mug published as version 1) and a studio client for one of its producers. */
export async function studioApp(dialect: TestDialect): Promise<{ t: TestApp; s: StudioClient }> {
  const t = await createTestApp(dialect);
  return { t, s: studioClient(t, (await t.userWithToken('producer')).token) };
}
