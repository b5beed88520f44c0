import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataUtils, ShaderChunk } from 'three';
import { decodeEnvironment } from '../../../client/scene/environmentMap.js';
import { cubeTexelDirection, evalSH, projectCubeToSH, shEnvmapChunk } from '../../../client/scene/irradianceSH.js';

const shipped = new URL('../../../client/scene/assets/roomEnvironment.bin', import.meta.url);

/** A cube level whose texels hold f(direction). */
function cubeOf(size: number, f: (x: number, y: number, z: number) => [number, number, number]): Float32Array[] {
  return Array.from({ length: 6 }, (_, face) => {
    const a = new Float32Array(size * size * 4);
    for (let j = 0; j < size; j++)
      for (let i = 0; i < size; i++) {
        const [x, y, z] = cubeTexelDirection(face, i, j, size);
        const l = Math.hypot(x, y, z);
        a.set([...f(x / l, y / l, z / l), 1], (j * size + i) * 4);
      }
    return a;
  });
}

describe('diffuse light from spherical harmonics', () => {
  it('reproduces functions within the first three bands', () => {
    const f = (x: number, y: number, z: number): [number, number, number] => [
      1,
      0.5 + 0.3 * z,
      0.2 + 0.4 * x * y + 0.1 * (x * x - y * y),
    ];
    const sh = projectCubeToSH(cubeOf(16, f), 16);
    for (const [x, y, z] of [
      [1, 0, 0],
      [0, -1, 0],
      [0.6, 0.48, 0.64],
      [-0.36, 0.48, -0.8],
    ] as const) {
      const got = evalSH(sh, x, y, z);
      const want = f(x, y, z);
      for (let c = 0; c < 3; c++) expect(got[c]).toBeCloseTo(want[c]!, 2);
    }
  });

  it("fits the shipped light's blurriest mip (what three samples for irradiance) within a few per cent", () => {
    const texture = decodeEnvironment(new Uint8Array(gunzipSync(readFileSync(shipped))));
    const sh = texture.userData.irradianceSH as number[];
    expect(sh).toHaveLength(27);
    const faces = texture.image as unknown as { mipmaps: { data: Uint16Array; width: number }[] }[];
    let err2 = 0;
    let ref2 = 0;
    let worst = 0;
    for (let face = 0; face < 6; face++) {
      const level = faces[face]!.mipmaps.at(-1)!;
      const n = level.width;
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
          const [x, y, z] = cubeTexelDirection(face, i, j, n);
          const l = Math.hypot(x, y, z);
          const got = evalSH(sh, x / l, y / l, z / l);
          for (let c = 0; c < 3; c++) {
            const want = DataUtils.fromHalfFloat(level.data[(j * n + i) * 4 + c]!);
            err2 += (got[c]! - want) ** 2;
            ref2 += want ** 2;
            worst = Math.max(worst, Math.abs(got[c]! - want) / want);
          }
        }
    }
    const rms = Math.sqrt(err2 / ref2);
    // Measured: 3.7 % RMS, 16.5 % at the worst texel (on screen: mean 0.2–0.7 of 255, max 12).
    expect(rms).toBeLessThan(0.05);
    expect(worst).toBeLessThan(0.2);
  });

  it("replaces three's irradiance lookup (and, on request, rough reflections) in this three version", () => {
    const sh = new Array(27).fill(0.1);
    const diffuseOnly = shEnvmapChunk(sh)!;
    expect(diffuseOnly).not.toBeNull();
    expect(diffuseOnly).toContain('studioSH( envMapRotation * worldNormal )');
    expect(diffuseOnly).not.toContain('worldNormal, ENVMAP_MAX_LOD');
    expect(diffuseOnly).toContain('roughnessToMip( roughness ) );'); // reflections still from the cube
    const rough = shEnvmapChunk(sh, { roughReflections: true })!;
    expect(rough).toContain('if ( envMapLod > ENVMAP_MAX_LOD - 0.5 ) return studioSH( envMapRotation * reflectVec )');
    // Building the chunk does not install it.
    expect(ShaderChunk.envmap_physical_pars_fragment).not.toContain('studioSH');
  });
});
