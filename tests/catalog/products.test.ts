import { NodeIO } from '@gltf-transform/core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionIds, priceConfiguration, variantCode } from '../../catalog/index.js';
import { loadCatalogDir } from '../../server/catalog/loadCatalogDir.js';
import { buildModels } from '../../scripts/buildModels.js';
import { MAX_MODEL_BYTES, MAX_TRIANGLES, namedAssets, namedParts, PRODUCTS_DIR, readModelParts } from '../../scripts/catalog.js';

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

  it('npm run models rebuilds the committed files byte for byte', async () => {
    const built = await buildModels();
    expect(built.length).toBeGreaterThanOrEqual(3);
    for (const f of built) {
      const committed = await readFile(path.join(PRODUCTS_DIR, f.file));
      expect(Buffer.compare(Buffer.from(f.bytes), committed), `${f.file} differs from a fresh build`).toBe(0);
    }
  });
});
