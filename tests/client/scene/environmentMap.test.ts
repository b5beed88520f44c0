import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataUtils, HalfFloatType, LinearMipmapLinearFilter } from 'three';
import { decodeEnvironment, encodeEnvironment, encodeRgbe, isGzip } from '../../../client/scene/environmentMap.js';

const shipped = new URL('../../../client/scene/assets/roomEnvironment.bin', import.meta.url);

function faceFloats(texture: ReturnType<typeof decodeEnvironment>, mip: number, face: number): number[] {
  const img = (texture.image as unknown as { mipmaps: { data: Uint16Array }[] }[])[face]!;
  return [...img.mipmaps[mip]!.data].map((h) => DataUtils.fromHalfFloat(h));
}

describe('baked studio light', () => {
  it('round-trips HDR texels through RGBE within its precision', () => {
    const size = 4;
    const values = [0, 0.001, 0.37, 1, 2.5, 40, 180];
    const levels = [0, 1, 2].map((l) =>
      Array.from({ length: 6 }, (_, f) => {
        const n = (size >> l) ** 2;
        const a = new Float32Array(n * 4);
        for (let i = 0; i < n; i++) {
          a[i * 4] = values[(i + f) % values.length]!;
          a[i * 4 + 1] = values[(i + f + 2) % values.length]! * 0.5;
          a[i * 4 + 2] = values[(i + l) % values.length]!;
        }
        return a;
      }),
    );
    const texture = decodeEnvironment(encodeEnvironment({ size, levels }));
    expect(texture.type).toBe(HalfFloatType);
    expect(texture.minFilter).toBe(LinearMipmapLinearFilter);
    expect((texture as unknown as { isPMREMTexture: boolean }).isPMREMTexture).toBe(true);
    for (let l = 0; l < 3; l++)
      for (let f = 0; f < 6; f++) {
        const got = faceFloats(texture, l, f);
        const want = levels[l]![f]!;
        for (let i = 0; i < want.length; i++) {
          if (i % 4 === 3) expect(got[i]).toBe(1);
          else {
            const max = Math.max(want[i - (i % 4)]!, want[i - (i % 4) + 1]!, want[i - (i % 4) + 2]!);
            // Shared exponent: each channel within 1/128 of the texel's brightest channel (+ half-float rounding).
            expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(max / 128 + Math.abs(want[i]!) / 1000 + 1e-6);
          }
        }
      }
  });

  it('encodes the brightest channel with a full mantissa', () => {
    const out = new Uint8Array(4);
    encodeRgbe(3, 1.5, 0, out, 0);
    expect(out[3]).toBe(130); // 3 < 2^2
    expect((out[0]! / 256) * 4).toBeCloseTo(3, 1);
    encodeRgbe(0, 0, 0, out, 0);
    expect([...out]).toEqual([0, 0, 0, 0]);
  });

  it('ships a gzipped 256 px cube with six mips whose light panels are brighter than white', () => {
    const file = readFileSync(shipped);
    expect(isGzip(file)).toBe(true);
    const texture = decodeEnvironment(new Uint8Array(gunzipSync(file)));
    const faces = texture.image as unknown as { width: number; mipmaps: { width: number }[] }[];
    expect(faces).toHaveLength(6);
    expect(faces.map((f) => f.mipmaps.map((m) => m.width))).toEqual(Array(6).fill([256, 128, 64, 32, 16, 8]));
    let max = 0;
    let min = Infinity;
    let bad = 0;
    for (let f = 0; f < 6; f++)
      for (const v of faceFloats(texture, 0, f)) {
        if (!Number.isFinite(v)) bad++;
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
    expect(bad).toBe(0);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeGreaterThan(2); // HDR kept: the emissive panels, not clipped at 1
  });

  it('refuses a file that is not one', () => {
    expect(() => decodeEnvironment(new Uint8Array(16))).toThrow(/not an environment map/);
  });
});
