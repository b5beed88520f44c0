import { describe, expect, it } from 'vitest';
import { Color, type Material, type Mesh, MeshPhysicalMaterial, type MeshStandardMaterial, type Object3D, Texture } from 'three';
import { parseProduct, type Configuration, type Product } from '../../../catalog/index.js';
import {
  applyConfiguration,
  configurationKey,
  disposePreparedModel,
  prepareModel,
  visibilityKey,
  warmUpMaterials,
} from '../../../client/scene/applyConfiguration.js';
import { checkModelParts } from '../../../client/scene/checkModelParts.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { miniMugGlb, parseGlb } from './loadGlb.js';

function product(mutate?: (p: any) => void): Product {
  const input: any = miniProduct();
  mutate?.(input);
  const r = parseProduct(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.product;
}

async function mug(): Promise<Object3D> {
  return (await parseGlb(await miniMugGlb())).scene;
}

const byName = (root: Object3D, name: string) => root.getObjectByName(name) as Mesh;
const mat = (root: Object3D, name: string) => byName(root, name).material as MeshStandardMaterial;
const hex = (c: Color) => `#${c.getHexString()}`;
const expectColour = (m: MeshStandardMaterial, h: string) => expect(hex(m.color)).toBe(hex(new Color(h)));

describe('applyConfiguration', () => {
  it('puts the colour and the material on every mesh of the targeted glTF material, and nowhere else', async () => {
    const root = await mug();
    const p = product();
    const label = mat(root, 'label-area');
    const model = prepareModel(root, p);
    applyConfiguration(model, { ...p.defaults, colour: 'gold', finish: 'matte' });
    for (const name of ['body', 'body_back']) {
      expectColour(mat(root, name), '#d4af37');
      expect(mat(root, name).roughness).toBe(0.9);
    }
    expect(mat(root, 'body').name).toBe('body');
    expect(mat(root, 'label-area')).toBe(label);
    expect(mat(root, 'handle-round').name).toBe('handle');
  });

  it('lets the material give the surface and the colour give the base colour', async () => {
    const root = await mug();
    const p = product((x) => {
      x.attributes[0].options[1].roughness = 0.05; // black colour asks for gloss…
      x.attributes[0].options[1].metalness = 1;
      x.attributes[1].options[1].material.clearcoat = 0.5;
    });
    const model = prepareModel(root, p);
    applyConfiguration(model, { ...p.defaults, colour: 'black', finish: 'matte' });
    const m = mat(root, 'body');
    expectColour(m, '#111111');
    expect(m.roughness).toBe(0.9); // …but the matte material decides the surface
    expect(m.metalness).toBe(0);
    expect(m).toBeInstanceOf(MeshPhysicalMaterial);
    expect((m as MeshPhysicalMaterial).clearcoat).toBe(0.5);

    // Without a material on the part, the colour's own roughness/metalness do apply.
    const p2 = product((x) => {
      x.attributes[0].options[1].roughness = 0.05;
      x.attributes[1].target = { materials: ['label'] };
    });
    const root2 = await mug();
    applyConfiguration(prepareModel(root2, p2), { ...p2.defaults, colour: 'black' });
    expect(mat(root2, 'body').roughness).toBe(0.05);
    expect(mat(root2, 'label-area').roughness).toBe(0.1); // gloss went to the label only
  });

  it("uses an option's own effect parts instead of the attribute's target; mesh aim beats material aim", async () => {
    const root = await mug();
    const p = product((x) => {
      x.attributes[0].options[2].effect = { meshes: ['body back'] }; // gold only on the back mesh
      x.attributes.push({
        id: 'back-colour',
        kind: 'colour',
        label: 'Back',
        target: { materials: ['body'] },
        options: [{ id: 'red', label: 'Red', hex: '#ff0000' }],
      });
      x.steps[0].attributes.push('back-colour');
      x.defaults['back-colour'] = 'red';
    });
    applyConfiguration(prepareModel(root, p), { ...p.defaults, colour: 'gold' });
    expectColour(mat(root, 'body_back'), '#d4af37'); // by mesh name, although "back-colour" comes later
    expectColour(mat(root, 'body'), '#ff0000'); // later attribute, same aim: wins over nothing else here
  });

  it('shows and hides style nodes, and optional parts stay hidden when nothing shows them', async () => {
    const root = await mug();
    const p = product();
    const model = prepareModel(root, p);
    applyConfiguration(model, { ...p.defaults, handle: 'square' });
    expect(byName(root, 'handle-square').visible).toBe(true);
    expect(byName(root, 'handle-round').visible).toBe(false);
    applyConfiguration(model, { ...p.defaults, handle: 'round' });
    expect(byName(root, 'handle-square').visible).toBe(false);
    expect(byName(root, 'handle-round').visible).toBe(true);
    applyConfiguration(model, { ...p.defaults, handle: null });
    expect(byName(root, 'handle-square').visible).toBe(false);
    expect(byName(root, 'handle-round').visible).toBe(false);
    expect(byName(root, 'body').visible).toBe(true);
  });

  it('a hide of one selected option wins over a show of another', async () => {
    const root = await mug();
    const p = product((x) => (x.attributes[3].options[1].effect = { hide: ['handle-round'] }));
    applyConfiguration(prepareModel(root, p), { ...p.defaults, handle: 'round', size: 'large' });
    expect(byName(root, 'handle-round').visible).toBe(false);
  });

  it('reuses materials and textures over 200 changes', async () => {
    const root = await mug();
    const p = product((x) => {
      x.attributes[1].options[1].material.map = 'textures/grain.png';
      x.attributes[1].options[1].material.normalMap = 'textures/grain-normal.png';
    });
    const loads: string[] = [];
    const model = prepareModel(root, p, {
      loadTexture: (path) => {
        loads.push(path);
        return new Texture();
      },
    });
    const colours = ['white', 'black', 'gold'];
    const finishes = ['gloss', 'matte'];
    const seenMaterials = new Set<Material>();
    const seenTextures = new Set<Texture>();
    for (let i = 0; i < 200; i++) {
      const c: Configuration = {
        ...p.defaults,
        colour: colours[i % 3]!,
        finish: finishes[(i >> 1) % 2]!,
        handle: i % 5 ? 'round' : 'square',
      };
      applyConfiguration(model, c);
      root.traverse((o) => {
        const m = (o as Mesh).material as MeshStandardMaterial | undefined;
        if (!m) return;
        seenMaterials.add(m);
        for (const t of [m.map, m.normalMap]) if (t) seenTextures.add(t);
      });
    }
    // 3 colours × 2 finishes on "body", plus the untouched label and the two handles' own materials.
    expect(model.cache.materialCount).toBe(6);
    expect(seenMaterials.size).toBe(6 + 3);
    expect(seenTextures.size).toBe(2);
    expect(loads.sort()).toEqual(['textures/grain-normal.png', 'textures/grain.png']);
    const matte = mat(root, 'body');
    applyConfiguration(model, { ...p.defaults, finish: 'matte' });
    expect(mat(root, 'body').map?.colorSpace).toBe('srgb');
    expect(mat(root, 'body').map?.flipY).toBe(false);
    expect(matte).toBeDefined();
    disposePreparedModel(model);
    expect(model.cache.materialCount).toBe(0);
    expect(mat(root, 'body').name).toBe('body');
    expect(mat(root, 'body').roughness).toBe(1); // the glTF material is back (glTF default roughness)
  });

  it('ignores values that name no option and reports them', async () => {
    const root = await mug();
    const p = product();
    const r = applyConfiguration(prepareModel(root, p), { ...p.defaults, colour: 'purple' });
    expect(r.unknownValues).toEqual(['colour=purple']);
  });

  it('reports text it cannot draw without a canvas (Node) instead of failing', async () => {
    const root = await mug();
    const p = product();
    const r = applyConfiguration(prepareModel(root, p, { createCanvas: () => null }), { ...p.defaults, 'name-text': 'Anna' });
    expect(r.textNotDrawn).toEqual(['name-text']);
    const r2 = applyConfiguration(prepareModel(root, p, { createCanvas: () => null }), { ...p.defaults, 'name-text': '' });
    expect(r2.textNotDrawn).toEqual([]);
  });

  it('makes a stable configuration key in attribute order', () => {
    const p = product();
    const a = configurationKey(p, { ...p.defaults, colour: 'black' });
    const b = configurationKey(p, {
      colour: 'black',
      ...Object.fromEntries(Object.entries(p.defaults).filter(([k]) => k !== 'colour')),
    });
    expect(a).toBe(b);
    expect(a).not.toBe(configurationKey(p, p.defaults));
  });
});

describe('checkModelParts', () => {
  it('finds every name of the mini product in the mini model', async () => {
    expect(checkModelParts(await mug(), product())).toEqual([]);
  });

  it('names the parts that do not exist', async () => {
    const p = product((x) => {
      x.attributes[0].target = { materials: ['bodyy'] };
      x.attributes[2].options[0].effect.show = ['handle-oval'];
      x.attributes[4].placement.mesh = 'lid';
    });
    expect(checkModelParts(await mug(), p)).toEqual([
      { attributeId: 'colour', optionId: undefined, kind: 'material', name: 'bodyy' },
      { attributeId: 'handle', optionId: 'round', kind: 'node', name: 'handle-oval' },
      { attributeId: 'name-text', kind: 'text-mesh', name: 'lid' },
    ]);
  });
});

describe('warmUpMaterials', () => {
  it('makes a material for every material option on every part it reaches, so later changes add none', async () => {
    const root = await mug();
    const p = product();
    const model = prepareModel(root, p, { createCanvas: () => null });
    const warm = warmUpMaterials(model);
    expect(warm.map((m) => (m as MeshStandardMaterial).roughness).sort()).toEqual([0.1, 0.9]);
    const before = model.cache.contents().materials.length;
    applyConfiguration(model, { ...p.defaults, finish: 'matte' });
    applyConfiguration(model, { ...p.defaults, finish: 'gloss' });
    // Colour layers still make their own (uniform-only) variants; material options made none new.
    for (const m of model.cache.contents().materials.slice(before)) expect(m.userData.maatwerkKey).toMatch(/\|colour\//);
  });
});

describe('visibilityKey', () => {
  it('changes with the options that show or hide parts, not with colours or materials', () => {
    const p = product();
    const shaping = p.attributes.find(
      (a) => a.kind !== 'text' && a.options.some((o) => o.effect?.show?.length || o.effect?.hide?.length),
    );
    const colour = p.attributes.find((a) => a.kind === 'colour');
    if (!shaping || shaping.kind === 'text' || !colour || colour.kind !== 'colour') throw new Error('fixture changed');
    const base = visibilityKey(p, p.defaults);
    const otherColour = colour.options.find((o) => o.id !== p.defaults[colour.id])!.id;
    expect(visibilityKey(p, { ...p.defaults, [colour.id]: otherColour })).toBe(base);
    const otherShape = shaping.options.find((o) => o.id !== p.defaults[shaping.id])!.id;
    expect(visibilityKey(p, { ...p.defaults, [shaping.id]: otherShape })).not.toBe(base);
  });
});
