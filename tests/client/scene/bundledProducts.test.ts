import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Color, type Mesh, type MeshStandardMaterial, type Object3D, Texture } from 'three';
import { type Configuration, type OptionAttribute, type Product } from '../../../catalog/index.js';
import { applyConfiguration, prepareModel } from '../../../client/scene/applyConfiguration.js';
import { checkModelParts } from '../../../client/scene/checkModelParts.js';
import { findMeshes, findObjects, indexModel } from '../../../client/scene/modelIndex.js';
import { bundledProducts } from '../../fixtures/bundledProducts.js';
import { loadGlbFile } from './loadGlb.js';

const dir = join(import.meta.dirname, '../../../catalog/data/products');
const bundled: Product[] = bundledProducts();

const load = (p: Product) => loadGlbFile(join(dir, p.model.file));
const hexOf = (c: Color) => `#${c.getHexString()}`;

/** Whether an object and all its ancestors are visible (what the renderer draws). */
function shown(o: Object3D): boolean {
  for (let x: Object3D | null = o; x; x = x.parent) if (!x.visible) return false;
  return true;
}

describe('bundled products', () => {
  it('are three: lounge chair, wristwatch, sneaker', () => {
    expect(bundled.length).toBeGreaterThanOrEqual(3);
  });

  describe.each(bundled.map((p) => [p.id, p] as const))('%s', (_id, product) => {
    it('names only parts its model has (every option of every attribute)', async () => {
      expect(checkModelParts(await load(product), product)).toEqual([]);
    });

    it('every colour option colours all its parts, every material option sets their surface', async () => {
      const root = await load(product);
      const model = prepareModel(root, product, { loadTexture: () => new Texture() });
      const index = indexModel(root);
      for (const attr of product.attributes) {
        if (attr.kind !== 'colour' && attr.kind !== 'material') continue;
        for (const option of attr.options) {
          // Only this attribute varies; everything else stays standard.
          const c: Configuration = { ...product.defaults, [attr.id]: option.id };
          applyConfiguration(model, c);
          const t = option.effect?.materials?.length || option.effect?.meshes?.length ? option.effect : attr.target;
          const targets = [
            ...(t?.materials ?? []).flatMap((n) => index.meshesByMaterial.get(n) ?? []),
            ...(t?.meshes ?? []).flatMap((n) => findMeshes(index, n)),
          ];
          expect(targets.length, `${attr.id}=${option.id} reaches no mesh`).toBeGreaterThan(0);
          for (const mesh of targets) {
            const m = mesh.material as MeshStandardMaterial;
            if ('hex' in option) {
              // A material option of another attribute may target the same part; the colour still wins the base colour.
              expect(hexOf(m.color), `${attr.id}=${option.id} on ${mesh.name}`).toBe(hexOf(m.color.clone().set(option.hex)));
            } else if ('material' in option) {
              expect(m.roughness, `${attr.id}=${option.id} on ${mesh.name}`).toBe(option.material.roughness);
              expect(m.metalness).toBe(option.material.metalness);
              expect(Boolean(m.normalMap)).toBe(Boolean(option.material.normalMap));
              expect(Boolean(m.map)).toBe(Boolean(option.material.map));
            }
          }
        }
      }
    });

    it('every style option shows its nodes and hides the others', async () => {
      const root = await load(product);
      const model = prepareModel(root, product);
      const index = indexModel(root);
      for (const attr of product.attributes) {
        if (attr.kind === 'text') continue;
        for (const option of attr.options) {
          if (!option.effect?.show && !option.effect?.hide) continue;
          applyConfiguration(model, { ...product.defaults, [attr.id]: option.id });
          for (const n of option.effect.hide ?? [])
            for (const o of findObjects(index, n)) expect(shown(o), `${option.id} hides ${n}`).toBe(false);
          // A show can be overruled by another selected option's hide; with defaults elsewhere it should not be.
          for (const n of option.effect.show ?? [])
            for (const o of findObjects(index, n)) expect(shown(o), `${option.id} shows ${n}`).toBe(true);
        }
      }
    });

    it('reuses materials and textures over 200 changes: bounded, and nothing new when the same changes repeat', async () => {
      const root = await load(product);
      const model = prepareModel(root, product, { loadTexture: () => new Texture() });
      const optionAttrs = product.attributes.filter((a): a is OptionAttribute => a.kind !== 'text');
      // Upper bound: per model material, (material options that reach it + 1) × (colour options + 1).
      const index = indexModel(root);
      const reach = new Map<string, { pbr: number; colour: number }>();
      for (const a of optionAttrs) {
        if (a.kind !== 'colour' && a.kind !== 'material') continue;
        for (const o of a.options) {
          const t = o.effect?.materials?.length || o.effect?.meshes?.length ? o.effect : a.target;
          const meshes = [
            ...(t?.materials ?? []).flatMap((n) => index.meshesByMaterial.get(n) ?? []),
            ...(t?.meshes ?? []).flatMap((n) => findMeshes(index, n)),
          ];
          for (const uuid of new Set(meshes.map((m) => index.originalMaterial.get(m)!.uuid))) {
            const r = reach.get(uuid) ?? { pbr: 0, colour: 0 };
            if (a.kind === 'material') r.pbr++;
            else r.colour++;
            reach.set(uuid, r);
          }
        }
      }
      const bound = [...reach.values()].reduce((s, r) => s + (r.pbr + 1) * (r.colour + 1), 0);
      const run = () => {
        let seed = 7;
        const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
        let c: Configuration = { ...product.defaults };
        const seen = new Set<unknown>();
        for (let i = 0; i < 200; i++) {
          const a = optionAttrs[rand(optionAttrs.length)]!;
          c = { ...c, [a.id]: a.options[rand(a.options.length)]!.id };
          applyConfiguration(model, c);
          root.traverse((o) => {
            const m = (o as Mesh).material as MeshStandardMaterial | undefined;
            if (m && model.cache.contents().materials.includes(m)) seen.add(m);
          });
        }
        return seen.size;
      };
      const distinctFirst = run();
      const held = model.cache.materialCount;
      expect(distinctFirst).toBeLessThanOrEqual(bound);
      expect(held).toBe(distinctFirst); // nothing made that was never shown
      run();
      expect(model.cache.materialCount).toBe(held);
      const textureFiles = new Set(
        product.attributes.flatMap((a) =>
          a.kind === 'material' ? a.options.flatMap((o) => [o.material.map, o.material.normalMap, o.material.roughnessMap]) : [],
        ),
      );
      textureFiles.delete(undefined);
      expect(model.cache.textureCount).toBeLessThanOrEqual(textureFiles.size * 3);
    });
  });
});
