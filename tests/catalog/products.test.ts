import { NodeIO, type Document } from '@gltf-transform/core';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionIds, priceConfiguration, variantCode, type Product } from '../../catalog/index.js';
import { loadCatalogDir } from '../../server/catalog/loadCatalogDir.js';
import { buildModels } from '../../scripts/buildModels.js';
import { MAX_MODEL_BYTES, MAX_TRIANGLES, namedAssets, namedParts, readModelParts } from '../../scripts/catalog.js';
import { PRODUCTS_DIR } from '../../scripts/paths.js';

const { products, issues } = await loadCatalogDir(PRODUCTS_DIR);

describe('the bundled products', () => {
  it('load without issues: three products of different kinds', () => {
    expect(issues).toEqual([]);
    expect(products.map((p) => p.product.id).sort()).toEqual(['lounge-chair', 'sneaker', 'wristwatch']);
  });

  it.each(products.map((p) => [p.product.id, p] as const))('%s meets the brief', (_id, { product }) => {
    const kinds = new Set(product.attributes.map((a) => a.kind));
    expect(product.attributes.length).toBeGreaterThanOrEqual(4);
    for (const k of ['colour', 'material', 'style'] as const) expect(kinds.has(k)).toBe(true);
    const constraintKinds = new Set(product.rules.filter((r) => r.kind !== 'price').map((r) => r.kind));
    expect(constraintKinds.size).toBeGreaterThanOrEqual(2);
    expect(product.rules.some((r) => r.kind === 'price')).toBe(true);
    // A style that changes geometry: its options show model nodes.
    expect(product.attributes.some((a) => a.kind === 'style' && a.options.some((o) => o.effect?.show?.length))).toBe(true);
    expect(product.currency).toBe('EUR');
    expect(product.steps.every((s) => s.camera)).toBe(true);
    for (const a of product.attributes) {
      expect(a.label).toHaveProperty('en');
      expect(a.label).toHaveProperty('nl');
      for (const id of optionIds(a)) expect(id).toMatch(/^[a-z0-9-]+$/);
    }
    const price = priceConfiguration(product, product.defaults);
    expect(price.total).toBeGreaterThan(0);
    expect(variantCode(product, product.defaults)).toMatch(new RegExp(`^${product.skuPrefix}-`));
  });

  it('checkout: physical goods need a delivery address; the sneaker is made in a shoe size with a chart', () => {
    for (const { product } of products) expect(product.checkout.address).toBe('required');
    const sneaker = products.find((p) => p.product.id === 'sneaker')!.product;
    const size = sneaker.attributes.find((a) => a.kind === 'size');
    expect(size).toMatchObject({ id: 'shoe-size', optional: false });
    if (size?.kind !== 'size') throw new Error('no size');
    expect(size.options.map((o) => o.id)).toContain('eu-42');
    expect(Object.keys(size.sizeChart!.rows)).toEqual(size.options.map((o) => o.id));
    expect(size.sizeChart!.rows['eu-42']).toEqual(['42', '8.5', '26.5 cm']);
  });

  it('personal text: the watch has an engraving, the sneaker an optional monogram', () => {
    const byId = new Map(products.map((p) => [p.product.id, p.product]));
    const engraving = byId.get('wristwatch')!.attributes.find((a) => a.kind === 'text');
    expect(engraving).toMatchObject({ id: 'engraving', placement: { mesh: 'caseback-engraving', style: 'engraved' } });
    const monogram = byId.get('sneaker')!.attributes.find((a) => a.kind === 'text');
    expect(monogram).toMatchObject({ id: 'monogram', optional: true, placement: { mesh: 'monogram-area' } });
  });
});

describe('the models', () => {
  it.each(products.map((p) => [p.product.id, p] as const))(
    '%s: the .glb has every part its product names, within budget',
    async (_id, p) => {
      const model = await readModelParts(path.join(p.dir, p.product.model.file));
      expect(model.ok).toBe(true);
      if (!model.ok) return;
      const refs = namedParts(p.product);
      expect(refs.length).toBeGreaterThan(3);
      const missing = refs.filter((r) => !model.parts[r.kind].has(r.name)).map((r) => `${r.kind}:${r.name}`);
      expect(missing).toEqual([]);
      expect(model.bytes).toBeLessThanOrEqual(MAX_MODEL_BYTES);
      expect(model.parts.triangles).toBeLessThanOrEqual(MAX_TRIANGLES);
      expect(model.parts.triangles).toBeGreaterThan(5000);
      for (const a of namedAssets(p.product)) await expect(readFile(path.join(p.dir, a.file))).resolves.toBeTruthy();
    },
  );

  it.each(products.map((p) => [p.product.id, p] as const))('%s: the text mesh spans UV 0..1', async (_id, p) => {
    const text = p.product.attributes.find((a) => a.kind === 'text');
    if (!text || text.kind !== 'text') return;
    const doc = await new NodeIO().read(path.join(p.dir, p.product.model.file));
    const mesh = doc
      .getRoot()
      .listMeshes()
      .find((m) => m.getName() === text.placement.mesh)!;
    const uv = mesh.listPrimitives()[0]!.getAttribute('TEXCOORD_0')!;
    expect(uv.getMin([0, 0])).toEqual([0, 0]);
    expect(uv.getMax([0, 0])).toEqual([1, 1]);
    expect(mesh.getExtras()).toHaveProperty('textArea.widthMm');
  });

  it('no bundled .glb has a non-finite vertex position or normal (the sneaker heel counter had 30 NaN)', async () => {
    const files = (await readdir(PRODUCTS_DIR)).filter((f) => f.endsWith('.glb'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const doc = await new NodeIO().read(path.join(PRODUCTS_DIR, file));
      const bad: string[] = [];
      for (const mesh of doc.getRoot().listMeshes())
        mesh.listPrimitives().forEach((prim, i) => {
          for (const name of ['POSITION', 'NORMAL']) {
            const values = prim.getAttribute(name)?.getArray() ?? [];
            const n = Array.from(values).filter((v) => !Number.isFinite(v)).length;
            if (n) bad.push(`${mesh.getName()}[${i}] ${name}: ${n} values`);
          }
        });
      expect(bad, file).toEqual([]);
    }
  });

  it('npm run models rebuilds the committed files byte for byte', async () => {
    const built = await buildModels();
    expect(built.length).toBeGreaterThanOrEqual(3);
    for (const f of built) {
      const committed = await readFile(path.join(PRODUCTS_DIR, f.file));
      expect(Buffer.compare(Buffer.from(f.bytes), committed), `${f.file} differs from a fresh build`).toBe(0);
    }
  });
});

type V3 = [number, number, number];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: V3): V3 => {
  const l = Math.hypot(...a);
  return [a[0] / l, a[1] / l, a[2] / l];
};

interface WorldPrimitive {
  mesh: string;
  opaque: boolean;
  positions: V3[];
  normals: V3[];
  uvs: [number, number][];
  indices: number[];
}

/** Every primitive of the scene in world space (node transforms applied). */
function worldPrimitives(doc: Document): WorldPrimitive[] {
  const out: WorldPrimitive[] = [];
  for (const node of doc.getRoot().listNodes()) {
    const mesh = node.getMesh();
    if (!mesh) continue;
    const m = node.getWorldMatrix();
    const at = (p: number[], w: number): V3 => [
      m[0] * p[0]! + m[4] * p[1]! + m[8] * p[2]! + m[12] * w,
      m[1] * p[0]! + m[5] * p[1]! + m[9] * p[2]! + m[13] * w,
      m[2] * p[0]! + m[6] * p[1]! + m[10] * p[2]! + m[14] * w,
    ];
    for (const prim of mesh.listPrimitives()) {
      const pos = prim.getAttribute('POSITION')!,
        nor = prim.getAttribute('NORMAL')!,
        uv = prim.getAttribute('TEXCOORD_0');
      const n = pos.getCount();
      const material = prim.getMaterial();
      out.push({
        mesh: mesh.getName(),
        opaque: !material || (material.getAlphaMode() !== 'BLEND' && material.getAlpha() > 0.5),
        positions: Array.from({ length: n }, (_, i) => at(pos.getElement(i, []), 1)),
        normals: Array.from({ length: n }, (_, i) => unit(at(nor.getElement(i, []), 0))),
        uvs: Array.from({ length: n }, (_, i) => (uv ? (uv.getElement(i, [0, 0]) as [number, number]) : [0, 0])),
        indices: Array.from(prim.getIndices()!.getArray()!),
      });
    }
  }
  return out;
}

/** Möller–Trumbore: distance along dir (unit) to the triangle, or Infinity. */
function hit(origin: V3, dir: V3, a: V3, b: V3, c: V3): number {
  const e1 = sub(b, a),
    e2 = sub(c, a);
  const p = cross(dir, e2);
  const det = dot(e1, p);
  if (Math.abs(det) < 1e-14) return Infinity;
  const s = sub(origin, a);
  const u = dot(s, p) / det;
  if (u < 0 || u > 1) return Infinity;
  const q = cross(s, e1);
  const v = dot(dir, q) / det;
  if (v < 0 || u + v > 1) return Infinity;
  const t = dot(e2, q) / det;
  return t > 0 ? t : Infinity;
}

/** The step that asks for the text, with its camera. */
function textStep(product: Product, attributeId: string) {
  return product.steps.find((s) => s.attributes.includes(attributeId) && s.camera);
}

describe('the personal text can be seen where it is asked for', () => {
  const withText = products.flatMap((p) => {
    const text = p.product.attributes.find((a) => a.kind === 'text');
    return text && text.kind === 'text' ? [[p.product.id, p, text.id, text.placement.mesh] as const] : [];
  });

  it.each(withText)('%s: the text area faces out, towards its step camera, unhidden and upright', async (_id, p, attr, name) => {
    const prims = worldPrimitives(await new NodeIO().read(path.join(p.dir, p.product.model.file)));
    const area = prims.filter((x) => x.mesh === name);
    expect(area.length).toBeGreaterThan(0);
    // Every other opaque part, whichever option shows it, may stand in the way.
    const others = prims.filter((x) => x.mesh !== name && x.opaque);
    const camera = textStep(p.product, attr)!.camera!;
    const eye = camera.position as V3;
    const forward = unit(sub(camera.target as V3, eye));

    // The area lies just outside the part that carries it: straight behind each point (against
    // its normal), within 3 mm, is the front side of another surface. And the camera sees its front.
    const points = area.flatMap((x) => x.positions.map((pt, i) => ({ pt, n: x.normals[i]! })));
    for (const { pt, n } of points) {
      const back: V3 = [-n[0], -n[1], -n[2]];
      let nearest = { t: Infinity, facing: 0 };
      for (const o of others)
        for (let t = 0; t < o.indices.length; t += 3) {
          const [a, b, c] = [o.positions[o.indices[t]!]!, o.positions[o.indices[t + 1]!]!, o.positions[o.indices[t + 2]!]!];
          const d = hit(pt, back, a, b, c);
          if (d < nearest.t) nearest = { t: d, facing: dot(unit(cross(sub(b, a), sub(c, a))), n) };
        }
      expect(nearest.t, `nothing under ${pt.join(',')}`).toBeLessThan(0.003);
      expect(nearest.facing, `the text at ${pt.join(',')} lies inside its carrier`).toBeGreaterThan(0);
      expect(dot(n, unit(sub(pt, eye)))).toBeLessThan(-0.2);
      // In the frame: within half the vertical field of view (35°) of the view axis.
      expect(Math.acos(dot(forward, unit(sub(pt, eye)))) * (180 / Math.PI)).toBeLessThan(17.5);
    }

    // No other part lies between the camera and any point of the area.
    const blocked: string[] = [];
    for (const { pt } of points) {
      const d = sub(pt, eye);
      const dist = Math.hypot(...d);
      const dir = unit(d);
      for (const o of others)
        for (let t = 0; t < o.indices.length; t += 3) {
          const [a, b, c] = [o.positions[o.indices[t]!]!, o.positions[o.indices[t + 1]!]!, o.positions[o.indices[t + 2]!]!];
          if (hit(eye, dir, a, b, c) < dist - 1e-4) {
            blocked.push(`${o.mesh} hides ${pt.map((x) => x.toFixed(4)).join(',')}`);
            t = o.indices.length;
          }
        }
    }
    expect(blocked.slice(0, 5)).toEqual([]);

    // Upright and unmirrored: u runs to the camera's right, v downwards on screen.
    const right = unit(cross(forward, [0, 1, 0]));
    const up = cross(right, forward);
    const { positions: P, uvs: T, indices } = area[0]!;
    for (let t = 0; t < indices.length; t += 3) {
      const [i, j, k] = [indices[t]!, indices[t + 1]!, indices[t + 2]!];
      const [e1, e2] = [sub(P[j]!, P[i]!), sub(P[k]!, P[i]!)];
      const [du1, dv1, du2, dv2] = [T[j]![0] - T[i]![0], T[j]![1] - T[i]![1], T[k]![0] - T[i]![0], T[k]![1] - T[i]![1]];
      const r = du1 * dv2 - du2 * dv1;
      if (Math.abs(r) < 1e-12) continue;
      const dPdu = e1.map((x, m) => (x * dv2 - e2[m]! * dv1) / r) as V3;
      const dPdv = e2.map((x, m) => (x * du1 - e1[m]! * du2) / r) as V3;
      expect(dot(dPdu, right)).toBeGreaterThan(0);
      expect(dot(dPdv, up)).toBeLessThan(0);
    }
  });
});
