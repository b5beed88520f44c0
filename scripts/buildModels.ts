/**
 * `npm run models`: writes the sample products' glTF binaries and textures into
 * catalog/data/products/. Procedural and deterministic: the same bytes on every run, so the
 * committed files can be checked against a fresh build.
 */
import { NodeIO } from '@gltf-transform/core';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildChair } from './models/chair.js';
import type { ModelBuilder } from './models/gltf.js';
import { buildSneaker } from './models/sneaker.js';
import { buildTextures } from './models/textures.js';
import { buildWatch } from './models/watch.js';
import { PRODUCTS_DIR } from './paths.js';

export const MODELS: Record<string, () => ModelBuilder> = {
  'lounge-chair.glb': buildChair,
  'wristwatch.glb': buildWatch,
  'sneaker.glb': buildSneaker,
};

export interface BuiltFile {
  /** Path relative to the products folder. */
  file: string;
  bytes: Uint8Array;
  triangles?: number;
}

/** Every generated file, in memory. */
export async function buildModels(): Promise<BuiltFile[]> {
  const io = new NodeIO();
  const out: BuiltFile[] = [];
  for (const [file, build] of Object.entries(MODELS)) {
    const b = build();
    out.push({ file, bytes: await io.writeBinary(b.doc), triangles: b.triangles });
  }
  for (const [name, bytes] of Object.entries(buildTextures())) out.push({ file: `textures/${name}`, bytes });
  return out;
}

async function main() {
  const files = await buildModels();
  await mkdir(path.join(PRODUCTS_DIR, 'textures'), { recursive: true });
  for (const f of files) {
    await writeFile(path.join(PRODUCTS_DIR, f.file), f.bytes);
    const tris = f.triangles === undefined ? '' : `, ${f.triangles} triangles`;
    console.log(`${f.file}: ${(f.bytes.length / 1024).toFixed(1)} KiB${tris}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
