import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AssetPath, type Product } from '../../catalog/index.js';

/** Where the files of a product version are served: `${assetBase(id, v)}${relativePath}`. */
export const assetBase = (productId: string, version: number) => `/assets/catalog/${productId}/v${version}/`;

export const CONTENT_TYPES: Record<string, string> = {
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ktx2': 'image/ktx2',
  '.svg': 'image/svg+xml',
};

export const contentTypeOf = (p: string) => CONTENT_TYPES[path.extname(p).toLowerCase()] ?? 'application/octet-stream';

/**
 * Every file a product document points at (its model, textures, swatch images): the string
 * values that are relative asset paths with a known file extension.
 */
export function referencedAssets(product: Product): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (path.extname(v).toLowerCase() in CONTENT_TYPES && AssetPath.safeParse(v).success) found.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(product);
  return [...found].sort();
}

/** Read a product's asset files from the folder beside its JSON; missing files are reported, not thrown. */
export async function readAssets(product: Product, dir: string): Promise<{ files: Map<string, Buffer>; missing: string[] }> {
  const files = new Map<string, Buffer>();
  const missing: string[] = [];
  for (const rel of referencedAssets(product)) {
    try {
      files.set(rel, await readFile(path.join(dir, rel)));
    } catch {
      missing.push(rel);
    }
  }
  return { files, missing };
}
