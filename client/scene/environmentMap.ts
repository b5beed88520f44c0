import {
  CompressedCubeTexture,
  DataUtils,
  HalfFloatType,
  LinearFilter,
  LinearMipmapLinearFilter,
  LinearSRGBColorSpace,
  RGBAFormat,
} from 'three';
import { projectCubeToSH } from './irradianceSH.js';

/*
 * The studio light as a file: three's RoomEnvironment prefiltered by PMREMGenerator once, at build
 * time (client/scene/dev/bakeEnvironment.ts), instead of on every page load. Prefiltering runs 256
 * GGX samples per texel of six faces and five mip levels and compiles four shaders: on a CPU
 * renderer (SwiftShader) that alone took 10+ s before the first frame. The file is the same cube
 * map, mip by mip, so real GPUs get the same light.
 *
 * Layout (little-endian): "MWENV1" magic, u16 face size, u8 mip count, then per mip level
 * (largest first) per face (+x −x +y −y +z −z) size×size texels of RGBE (shared exponent), rows
 * bottom-up as WebGL uploads them. The whole file may be gzip-compressed. Faces are stored as an
 * image cube map (three mirrors those in x compared with a render-target cube map).
 */

const MAGIC = 'MWENV1';
const HEADER = 9;

export interface EnvironmentLevels {
  size: number;
  /** levels[mip][face]: RGBA float texels (alpha ignored), size >> mip on a side. */
  levels: Float32Array[][];
}

/** RGB floats (≥ 0) → RGBE bytes: a shared exponent keeps HDR light panels in 4 bytes. */
export function encodeRgbe(r: number, g: number, b: number, out: Uint8Array, o: number): void {
  const m = Math.max(r, g, b);
  if (!(m > 1e-32)) {
    out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
    return;
  }
  const e = Math.ceil(Math.log2(m) + 1e-9);
  const f = 256 / 2 ** e;
  out[o] = Math.min(255, Math.floor(r * f));
  out[o + 1] = Math.min(255, Math.floor(g * f));
  out[o + 2] = Math.min(255, Math.floor(b * f));
  out[o + 3] = e + 128;
}

/** Serialise prefiltered cube levels (see the layout above), not compressed. */
export function encodeEnvironment({ size, levels }: EnvironmentLevels): Uint8Array {
  let texels = 0;
  for (let l = 0; l < levels.length; l++) texels += 6 * (size >> l) ** 2;
  const out = new Uint8Array(HEADER + texels * 4);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint16(6, size, true);
  out[8] = levels.length;
  let o = HEADER;
  for (const faces of levels)
    for (const face of faces)
      for (let i = 0; i < face.length; i += 4, o += 4) encodeRgbe(face[i]!, face[i + 1]!, face[i + 2]!, out, o);
  return out;
}

/** Whether bytes are gzip (the server may or may not have undone the compression already). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The prefiltered cube map from the file's (uncompressed) bytes: a half-float cube texture with
 * explicit mips, flagged as a PMREM so the renderer samples it as it would a PMREMGenerator result.
 */
export function decodeEnvironment(bytes: Uint8Array): CompressedCubeTexture {
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new Error(`not an environment map (magic ${JSON.stringify(magic)})`);
  const size = new DataView(bytes.buffer, bytes.byteOffset).getUint16(6, true);
  const mips = bytes[8]!;
  // RGBE → half float through a table per exponent (256 mantissas each), built when first seen:
  // a few thousand conversions instead of one per channel of half a million texels.
  const rows: (Uint16Array | undefined)[] = new Array(256);
  const row = (e: number) => {
    let r = rows[e];
    if (!r) {
      r = new Uint16Array(256);
      const scale = e === 0 ? 0 : 2 ** (e - 128) / 256;
      for (let m = 0; m < 256; m++) r[m] = DataUtils.toHalfFloat(m * scale);
      rows[e] = r;
    }
    return r;
  };
  const faces = Array.from({ length: 6 }, () => [] as { data: Uint16Array; width: number; height: number }[]);
  const blurriest: Float32Array[] = []; // the last mip as floats, for the irradiance coefficients
  let o = HEADER;
  for (let l = 0; l < mips; l++) {
    const side = size >> l;
    for (let f = 0; f < 6; f++) {
      const data = new Uint16Array(side * side * 4);
      const floats = l === mips - 1 ? new Float32Array(side * side * 4) : null;
      for (let i = 0; i < data.length; i += 4, o += 4) {
        const r = row(bytes[o + 3]!);
        data[i] = r[bytes[o]!]!;
        data[i + 1] = r[bytes[o + 1]!]!;
        data[i + 2] = r[bytes[o + 2]!]!;
        data[i + 3] = 0x3c00; // 1.0
        if (floats) for (let c = 0; c < 3; c++) floats[i + c] = DataUtils.fromHalfFloat(data[i + c]!);
      }
      faces[f]!.push({ data, width: side, height: side });
      if (floats) blurriest.push(floats);
    }
  }
  if (o !== bytes.length) throw new Error(`environment map: ${bytes.length - o} bytes left over`);
  const images = faces.map((mipmaps) => ({ width: size, height: size, mipmaps }));
  // CompressedCubeTexture is the cube texture type that takes explicit mips per face; with RGBA
  // format three uploads them as plain (uncompressed) texels.
  const texture = new CompressedCubeTexture(images as never, RGBAFormat as never, HalfFloatType);
  texture.name = 'room-environment';
  texture.colorSpace = LinearSRGBColorSpace;
  texture.minFilter = LinearMipmapLinearFilter;
  texture.magFilter = LinearFilter;
  texture.generateMipmaps = false;
  (texture as unknown as { isPMREMTexture: boolean }).isPMREMTexture = true;
  texture.needsUpdate = true;
  // What three samples for diffuse light (the blurriest mip) as spherical harmonics: see irradianceSH.ts.
  texture.userData.irradianceSH = Array.from(projectCubeToSH(blurriest, size >> (mips - 1)));
  return texture;
}
