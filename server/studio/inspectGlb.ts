import { NodeIO, type Document } from '@gltf-transform/core';
import { parseJsonSafe } from '../../catalog/index.js';
import type { ModelParts } from '../../catalog/model/modelProblems.js';
import { checkImage } from '../images/checkImage.js';

/** Uploads above this are refused before they are read (413). */
export const MAX_MODEL_BYTES = 25 * 1024 * 1024;

const MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

export type { ModelParts };

export type GlbInspection = { ok: true; parts: ModelParts; bytes: number } | { ok: false; code: string; message: string };

const fail = (code: string, message: string): GlbInspection => ({ ok: false, code, message });
const sorted = (xs: Iterable<string>) => [...new Set([...xs].filter(Boolean))].sort();

/**
 * Check an uploaded .glb before anything reads it: the header (magic, version, a length that
 * is the file's), chunk sizes inside the file, no URI that points outside it; then let
 * glTF-Transform read it for real and list its named parts.
 */
export async function inspectGlb(data: Buffer, maxBytes = MAX_MODEL_BYTES): Promise<GlbInspection> {
  if (data.length > maxBytes) return fail('model_too_large', `the model is ${data.length} bytes; the limit is ${maxBytes}`);
  if (data.length < 20) return fail('model_not_glb', 'the file is too short to be a .glb');
  if (data.readUInt32LE(0) !== MAGIC)
    return fail('model_not_glb', 'the file does not start with the glTF magic bytes: not a .glb');
  const version = data.readUInt32LE(4);
  if (version !== 2) return fail('model_bad_header', `glTF container version ${version}; only version 2 is supported`);
  const declared = data.readUInt32LE(8);
  if (declared !== data.length)
    return fail('model_bad_header', `the header says the file is ${declared} bytes but it is ${data.length}`);
  const jsonLength = data.readUInt32LE(12);
  if (data.readUInt32LE(16) !== CHUNK_JSON) return fail('model_bad_header', 'the first chunk is not the JSON chunk');
  if (jsonLength === 0 || 20 + jsonLength > data.length)
    return fail('model_bad_header', `the JSON chunk claims ${jsonLength} bytes, beyond the end of the file`);
  let offset = 20 + jsonLength;
  let binLength = 0;
  let binOffset = 0;
  while (offset < data.length) {
    if (offset + 8 > data.length) return fail('model_bad_header', 'a chunk header is cut off');
    const len = data.readUInt32LE(offset);
    const type = data.readUInt32LE(offset + 4);
    if (offset + 8 + len > data.length)
      return fail('model_bad_header', `a chunk claims ${len} bytes, beyond the end of the file`);
    if (type === CHUNK_BIN) {
      binLength = len;
      binOffset = offset + 8;
    }
    offset += 8 + len;
  }
  const json = parseJsonSafe(data.subarray(20, 20 + jsonLength).toString('utf8'));
  if (!json.ok) return fail('model_bad_json', `the model's JSON chunk: ${json.message}`);
  const doc = json.value as {
    buffers?: { uri?: unknown; byteLength?: unknown }[];
    bufferViews?: { buffer?: unknown; byteOffset?: unknown; byteLength?: unknown }[];
    images?: { uri?: unknown; bufferView?: unknown; mimeType?: unknown }[];
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return fail('model_bad_json', 'the JSON chunk is not an object');
  const external = [...(Array.isArray(doc.buffers) ? doc.buffers : []), ...(Array.isArray(doc.images) ? doc.images : [])]
    .map((x) => (x && typeof x === 'object' ? x.uri : undefined))
    .filter((u): u is unknown => u !== undefined)
    .find((u) => typeof u !== 'string' || !u.startsWith('data:'));
  if (external !== undefined)
    return fail(
      'model_external_uri',
      `the model points at a file outside it (${JSON.stringify(String(external)).slice(0, 120)}); embed every buffer and texture in the .glb`,
    );
  for (const b of Array.isArray(doc.buffers) ? doc.buffers : []) {
    const n = Number(b?.byteLength);
    if (b?.uri === undefined && (!Number.isFinite(n) || n > binLength))
      return fail('model_bad_header', `a buffer claims ${String(b?.byteLength)} bytes; the binary chunk has ${binLength}`);
  }
  const images = checkEmbeddedImages(doc, data.subarray(binOffset, binOffset + binLength));
  if (images) return images;
  try {
    const document = await new NodeIO().readBinary(new Uint8Array(data.buffer, data.byteOffset, data.length));
    const root = document.getRoot();
    const geometry = nonFiniteGeometry(root.listMeshes());
    if (geometry) return fail('model_bad_geometry', geometry);
    const meshes = root.listMeshes().map((m) => m.getName());
    const nodes = root.listNodes().map((n) => n.getName());
    const meshNodes = root
      .listNodes()
      .filter((n) => n.getMesh())
      .map((n) => n.getName());
    return {
      ok: true,
      bytes: data.length,
      parts: {
        meshes: sorted([...meshes, ...meshNodes]),
        materials: sorted(root.listMaterials().map((m) => m.getName())),
        nodes: sorted(nodes),
        meshNodes: sorted([...nodes, ...meshes]),
      },
    };
  } catch (e) {
    return fail('model_unreadable', `the model cannot be read: ${(e as Error).message.slice(0, 300)}`);
  }
}

type Mesh = ReturnType<ReturnType<Document['getRoot']>['listMeshes']>[number];

/**
 * A vertex attribute (position, normal, UV, …, morph targets too) holding NaN or Infinity: the
 * preview draws nothing or streaks there, bounds and camera framing break, and AR viewers refuse
 * the file — so it is refused on upload, naming where (the bundled sneaker once had 30 NaN normals).
 */
function nonFiniteGeometry(meshes: Mesh[]): string | null {
  const found: string[] = [];
  let total = 0;
  for (const mesh of meshes)
    mesh.listPrimitives().forEach((prim, i) => {
      const attributes = [
        ...prim.listSemantics().map((name, k) => [name, prim.listAttributes()[k]] as const),
        ...prim
          .listTargets()
          .flatMap((t, ti) => t.listSemantics().map((name, k) => [`target ${ti} ${name}`, t.listAttributes()[k]] as const)),
      ];
      for (const [name, accessor] of attributes) {
        const values = accessor?.getArray();
        if (!(values instanceof Float32Array)) continue; // integer attributes cannot hold NaN
        let n = 0;
        for (const v of values) if (!Number.isFinite(v)) n++;
        if (n) {
          total += n;
          found.push(`${mesh.getName() || 'unnamed mesh'} (primitive ${i}) ${name}: ${n}`);
        }
      }
    });
  if (!found.length) return null;
  const shown = found.slice(0, 5).join('; ') + (found.length > 5 ? `; and ${found.length - 5} more` : '');
  return `the model has ${total} vertex values that are not numbers (NaN or Infinity): ${shown}; fix them in the modelling tool and export again`;
}

const IMAGE_TYPES: Record<string, 'png' | 'jpeg' | 'webp'> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
};

/**
 * Every texture embedded in the model, checked as an uploaded texture is (checkImage: a PNG fully,
 * within 4096×4096 and 16 M pixels). `bin` is the binary chunk's data; images live in buffer views
 * of buffer 0 (a .glb's one binary buffer) or in data: URIs.
 */
function checkEmbeddedImages(
  doc: {
    bufferViews?: { buffer?: unknown; byteOffset?: unknown; byteLength?: unknown }[];
    images?: { uri?: unknown; bufferView?: unknown; mimeType?: unknown }[];
  },
  bin: Buffer,
): GlbInspection | null {
  const images = Array.isArray(doc.images) ? doc.images : [];
  for (const [i, img] of images.entries()) {
    let bytes: Buffer;
    let mime: unknown = img?.mimeType;
    if (typeof img?.uri === 'string') {
      const m = /^data:([^;,]*)(;base64)?,/.exec(img.uri);
      if (!m || !m[2]) return fail('model_bad_image', `texture ${i} is not a base64 data: URI`);
      mime = m[1];
      bytes = Buffer.from(img.uri.slice(m[0].length), 'base64');
    } else {
      const view = Array.isArray(doc.bufferViews) ? doc.bufferViews[Number(img?.bufferView)] : undefined;
      const offset = Number(view?.byteOffset ?? 0);
      const length = Number(view?.byteLength);
      if (!view || Number(view.buffer ?? 0) !== 0 || !Number.isInteger(offset) || !Number.isInteger(length) || offset < 0)
        return fail('model_bad_image', `texture ${i} points at no valid buffer view`);
      if (offset + length > bin.length) return fail('model_bad_image', `texture ${i} runs past the end of the binary chunk`);
      bytes = bin.subarray(offset, offset + length);
    }
    const type = IMAGE_TYPES[String(mime)];
    if (!type) return fail('model_bad_image', `texture ${i} is ${JSON.stringify(String(mime))}; use PNG, JPEG or WebP`);
    const r = checkImage(bytes, type);
    if (!r.ok)
      return fail(r.code === 'image_too_large' ? 'model_image_too_large' : 'model_bad_image', `texture ${i}: ${r.message}`);
  }
  return null;
}

/** The pool task: `tasks.run('inspectGlb', { bytes, maxBytes })`. */
export const inspectGlbTask = (input: { bytes: Uint8Array; maxBytes: number }) =>
  inspectGlb(Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength), input.maxBytes);

/** Parts the product names that the model lacks (see catalog/model/modelProblems.ts). */
export { modelProblems as modelWarnings, type ModelProblem as ModelWarning } from '../../catalog/model/modelProblems.js';
