import type { Product } from '../../catalog/index.js';
import { findMeshes, findObjects, indexModel } from './modelIndex.js';
import type { Object3D } from 'three';

export interface MissingPart {
  attributeId: string;
  /** Absent for an attribute's own target or a text placement. */
  optionId?: string;
  kind: 'material' | 'mesh' | 'node' | 'text-mesh' | 'text-uv';
  name: string;
}

/**
 * Every glTF name the product refers to that the model does not have: materials and meshes of
 * colour/material targets and effects, nodes to show or hide, text placements (which also need
 * UV coordinates). An empty list means every option changes something real.
 */
export function checkModelParts(root: Object3D, product: Product): MissingPart[] {
  const index = indexModel(root);
  const missing: MissingPart[] = [];
  const materials = (attributeId: string, names: readonly string[] | undefined, optionId?: string) => {
    for (const name of names ?? [])
      if (!index.meshesByMaterial.has(name)) missing.push({ attributeId, optionId, kind: 'material', name });
  };
  const meshes = (attributeId: string, names: readonly string[] | undefined, optionId?: string) => {
    for (const name of names ?? [])
      if (findMeshes(index, name).length === 0) missing.push({ attributeId, optionId, kind: 'mesh', name });
  };
  for (const attr of product.attributes) {
    if (attr.kind === 'text') {
      const targets = findMeshes(index, attr.placement.mesh);
      if (targets.length === 0) missing.push({ attributeId: attr.id, kind: 'text-mesh', name: attr.placement.mesh });
      else if (!targets.some((m) => m.geometry.getAttribute('uv')))
        missing.push({ attributeId: attr.id, kind: 'text-uv', name: attr.placement.mesh });
      continue;
    }
    if (attr.kind === 'colour' || attr.kind === 'material') {
      materials(attr.id, attr.target?.materials);
      meshes(attr.id, attr.target?.meshes);
    }
    for (const option of attr.options) {
      const e = option.effect;
      if (!e) continue;
      materials(attr.id, e.materials, option.id);
      meshes(attr.id, e.meshes, option.id);
      for (const name of [...(e.show ?? []), ...(e.hide ?? [])])
        if (findObjects(index, name).length === 0)
          missing.push({ attributeId: attr.id, optionId: option.id, kind: 'node', name });
    }
  }
  return missing;
}
