import { type Material, Mesh, MeshStandardMaterial, type Object3D } from 'three';
import type { Attribute, Configuration, Effect, Option, Product, TextAttribute } from '../../catalog/index.js';
import { colourLayer, type ColourLayer, type LoadTexture, MaterialCache, type PbrLayer } from './materialCache.js';
import { findMeshes, findObjects, indexModel, type ModelIndex } from './modelIndex.js';
import { type CreateCanvas, canvasSizeFor, defaultCreateCanvas, TextTexture, uvAspect } from './textTexture.js';

/*
 * How a configuration lands on the model (pure three.js, no React, runs in Node):
 *
 * Colours and materials
 * - An option's parts are its own `effect.materials` / `effect.meshes` when it names any;
 *   otherwise its attribute's `target`. (Replace, not merge: an option that names parts means
 *   exactly those.)
 * - A material name selects every mesh whose material in the .glb has that name; a mesh name
 *   selects that node and every mesh below it.
 * - On one mesh, of several colour options the one aimed by mesh name beats the one aimed by
 *   material name; at equal aim the attribute listed later in the product wins. Same for
 *   material options.
 * - A colour and a material on the same mesh combine: the material gives the surface
 *   (roughness, metalness, maps, clearcoat, sheen), the colour gives the base colour.
 *   See MaterialCache for the details.
 * - A mesh no option reaches keeps the material of the .glb.
 *
 * Visibility (`effect.show` / `effect.hide`, on an option of any kind)
 * - A node named in some option's `show` is an optional part: hidden unless a selected
 *   option shows it. Other nodes start as the .glb has them.
 * - A selected option's `hide` wins over another selected option's `show`.
 *
 * Personal text: drawn into the UV space of `placement.mesh` on a transparent overlay that
 * shares the mesh's geometry, so it sits on whatever colour or material the part has.
 */

export interface PrepareOptions {
  /** Loads texture files named by material options; null leaves those maps empty (tests). */
  loadTexture?: LoadTexture | null;
  /** Makes the canvas for personal text; the default returns null in Node (no text drawn). */
  createCanvas?: CreateCanvas;
}

interface OptionParts {
  byMaterial: readonly Mesh[];
  byMesh: readonly Mesh[];
}

interface TextOverlay {
  texture: TextTexture;
  material: MeshStandardMaterial;
  meshes: Mesh[];
}

export interface PreparedModel {
  readonly root: Object3D;
  readonly product: Product;
  readonly index: ModelIndex;
  readonly cache: MaterialCache;
  /** Text overlays by text attribute id, made on the first non-empty text. */
  readonly texts: Map<string, TextOverlay>;
  readonly parts: ReadonlyMap<string, OptionParts>;
  /** Nodes that options show or hide, by name, with their visibility when no option decides. */
  readonly toggles: ReadonlyMap<string, { objects: readonly Object3D[]; baseline: boolean }>;
  readonly createCanvas: CreateCanvas;
}

const partsKey = (attrId: string, optionId: string) => `${attrId}/${optionId}`;

function effectiveTarget(attr: Attribute, option: Option): Pick<Effect, 'materials' | 'meshes'> {
  const e = option.effect;
  if (e && (e.materials?.length || e.meshes?.length)) return e;
  return 'target' in attr ? (attr.target ?? {}) : {};
}

/** Index a loaded model for a product and resolve every option's parts once. Does not change the model. */
export function prepareModel(root: Object3D, product: Product, options: PrepareOptions = {}): PreparedModel {
  const index = indexModel(root);
  const parts = new Map<string, OptionParts>();
  const shown = new Set<string>();
  const named = new Set<string>();
  for (const attr of product.attributes) {
    if (attr.kind === 'text') continue;
    for (const option of attr.options) {
      if (attr.kind === 'colour' || attr.kind === 'material') {
        const t = effectiveTarget(attr, option);
        parts.set(partsKey(attr.id, option.id), {
          byMaterial: (t.materials ?? []).flatMap((n) => index.meshesByMaterial.get(n) ?? []),
          byMesh: (t.meshes ?? []).flatMap((n) => findMeshes(index, n)),
        });
      }
      for (const n of option.effect?.show ?? []) {
        shown.add(n);
        named.add(n);
      }
      for (const n of option.effect?.hide ?? []) named.add(n);
    }
  }
  const toggles = new Map<string, { objects: readonly Object3D[]; baseline: boolean }>();
  for (const name of named) {
    const objects = findObjects(index, name);
    const baseline = !shown.has(name) && objects.every((o) => index.originalVisible.get(o) !== false);
    toggles.set(name, { objects, baseline });
  }
  return {
    root,
    product,
    index,
    cache: new MaterialCache(options.loadTexture ?? null),
    texts: new Map(),
    parts,
    toggles,
    createCanvas: options.createCanvas ?? defaultCreateCanvas,
  };
}

export interface ApplyResult {
  /** Values that name no option of their attribute (ignored, the part keeps its previous look). */
  unknownValues: string[];
  /** Text attributes whose text could not be drawn (no canvas, or no such mesh). */
  textNotDrawn: string[];
}

interface Ranked<L> {
  layer: L;
  rank: number;
}

function rankInto<L>(map: Map<Mesh, Ranked<L>>, meshes: readonly Mesh[], layer: L, rank: number): void {
  for (const mesh of meshes) {
    const cur = map.get(mesh);
    if (!cur || rank >= cur.rank) map.set(mesh, { layer, rank });
  }
}

/**
 * Make the model show a complete configuration: materials from the cache, visibility, text.
 * Calling it again with another configuration reuses materials and textures made before.
 */
export function applyConfiguration(model: PreparedModel, configuration: Configuration): ApplyResult {
  const { product, index, cache, parts, toggles } = model;
  const colours = new Map<Mesh, Ranked<ColourLayer>>();
  const pbrs = new Map<Mesh, Ranked<PbrLayer>>();
  const hidden = new Set<string>();
  const showing = new Set<string>();
  const result: ApplyResult = { unknownValues: [], textNotDrawn: [] };
  const n = product.attributes.length;

  product.attributes.forEach((attr, order) => {
    const value = configuration[attr.id] ?? null;
    if (attr.kind === 'text') {
      if (!drawText(model, attr, value ?? '')) result.textNotDrawn.push(attr.id);
      return;
    }
    if (value === null) return;
    const option = (attr.options as Option[]).find((o) => o.id === value);
    if (!option) {
      result.unknownValues.push(`${attr.id}=${value}`);
      return;
    }
    for (const name of option.effect?.hide ?? []) hidden.add(name);
    for (const name of option.effect?.show ?? []) showing.add(name);
    const p = parts.get(partsKey(attr.id, option.id));
    if (!p) return;
    // Rank: aimed by mesh name (+n) beats aimed by material name; then later attribute wins.
    if (attr.kind === 'colour' && 'hex' in option) {
      const layer = colourLayer(attr.id, option);
      rankInto(colours, p.byMaterial, layer, order);
      rankInto(colours, p.byMesh, layer, n + order);
    } else if (attr.kind === 'material' && 'material' in option) {
      const layer: PbrLayer = { key: partsKey(attr.id, option.id), pbr: option.material };
      rankInto(pbrs, p.byMaterial, layer, order);
      rankInto(pbrs, p.byMesh, layer, n + order);
    }
  });

  for (const mesh of index.meshes) {
    const original = index.originalMaterial.get(mesh) as Material;
    mesh.material = cache.resolve(original, pbrs.get(mesh)?.layer, colours.get(mesh)?.layer);
  }
  for (const [name, { objects, baseline }] of toggles) {
    const visible = hidden.has(name) ? false : showing.has(name) ? true : baseline;
    for (const o of objects) o.visible = visible;
  }
  return result;
}

/**
 * Every material option on every model material it reaches, plus the text overlays: what a
 * warm-up render needs so that later option changes compile no shader and upload no texture.
 * Colour layers are left out: a colour changes a uniform, never the shader.
 */
export function warmUpMaterials(model: PreparedModel): Material[] {
  const out = new Set<Material>();
  for (const attr of model.product.attributes) {
    if (attr.kind === 'text') {
      const overlay = model.texts.get(attr.id) ?? makeTextOverlay(model, attr);
      if (overlay) {
        model.texts.set(attr.id, overlay);
        out.add(overlay.material);
      }
      continue;
    }
    if (attr.kind !== 'material') continue;
    for (const option of attr.options) {
      const p = model.parts.get(partsKey(attr.id, option.id));
      const layer: PbrLayer = { key: partsKey(attr.id, option.id), pbr: option.material };
      for (const mesh of [...(p?.byMaterial ?? []), ...(p?.byMesh ?? [])])
        out.add(model.cache.resolve(model.index.originalMaterial.get(mesh) as Material, layer, undefined));
    }
  }
  return [...out];
}

function drawText(model: PreparedModel, attr: TextAttribute, text: string): boolean {
  let overlay = model.texts.get(attr.id);
  if (!overlay) {
    if (!text) return true; // nothing to draw yet: make no canvas for an empty text
    const made = makeTextOverlay(model, attr);
    if (!made) return false;
    overlay = made;
    model.texts.set(attr.id, overlay);
  }
  overlay.texture.draw(text);
  for (const m of overlay.meshes) m.visible = text.length > 0;
  return true;
}

function makeTextOverlay(model: PreparedModel, attr: TextAttribute): TextOverlay | null {
  const targets = findMeshes(model.index, attr.placement.mesh).filter((m) => m.geometry.getAttribute('uv'));
  if (targets.length === 0) return null;
  const { width, height } = canvasSizeFor(uvAspect(targets[0]!.geometry));
  const canvas = model.createCanvas(width, height);
  if (!canvas) return null;
  const texture = new TextTexture(canvas, attr.font, attr.placement.style);
  const engraved = attr.placement.style === 'engraved';
  const material = new MeshStandardMaterial({
    name: `${attr.id}-text`,
    map: texture.texture,
    transparent: true,
    depthWrite: false,
    // Drawn on the very surface of the part: pull it towards the camera instead of offsetting geometry.
    polygonOffset: true,
    polygonOffsetFactor: -2,
    polygonOffsetUnits: -4,
    roughness: attr.placement.style === 'embroidered' ? 0.85 : engraved ? 0.45 : 0.6,
    metalness: engraved ? 0.3 : 0,
  });
  const meshes = targets.map((target) => {
    const overlay = new Mesh(target.geometry, material);
    overlay.name = `${target.name}-${attr.id}`;
    overlay.userData.maatwerkOwned = true;
    overlay.renderOrder = 1;
    overlay.castShadow = false;
    overlay.visible = false; // until there is text
    target.add(overlay);
    return overlay;
  });
  return { texture, material, meshes };
}

/** Release what the configuration made (materials, textures, text canvases) and restore the model's materials. */
export function disposePreparedModel(model: PreparedModel): void {
  for (const mesh of model.index.meshes) mesh.material = model.index.originalMaterial.get(mesh) as Material;
  for (const t of model.texts.values()) {
    for (const m of t.meshes) m.removeFromParent();
    t.material.dispose();
    t.texture.dispose();
  }
  model.texts.clear();
  model.cache.dispose();
}

/**
 * What changes the model's shape, as a key: the values of the attributes whose options show or
 * hide parts. Colours, materials and text leave it alone, so the contact shadow is redrawn only
 * when this changes.
 */
export function visibilityKey(product: Product, configuration: Configuration): string {
  const shaping = product.attributes.filter(
    (a) => a.kind !== 'text' && a.options.some((o) => o.effect?.show?.length || o.effect?.hide?.length),
  );
  return JSON.stringify(shaping.map((a) => configuration[a.id] ?? null));
}

/** A stable key of a configuration: the product id and the values in the product's attribute order. */
export function configurationKey(product: Product, configuration: Configuration): string {
  return `${product.id}:${JSON.stringify(product.attributes.map((a) => configuration[a.id] ?? null))}`;
}
