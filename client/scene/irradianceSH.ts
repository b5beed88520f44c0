import { ShaderChunk } from 'three';

/*
 * Diffuse light from nine spherical-harmonic coefficients instead of a cube-map sample per pixel.
 *
 * three's MeshStandard/MeshPhysical shading takes a PMREM's irradiance from one trilinear cube-map
 * lookup at its blurriest mip (ENVMAP_MAX_LOD: the GGX roughness-1 level, 8×8 texels a face for the
 * studio light). That level is so smooth that the first three SH bands reproduce it (3.7 % RMS over
 * its texels, tests/client/scene/irradianceSH.test.ts; on screen a mean difference under 1/255), and evaluating nine terms is a handful of
 * multiply-adds where the lookup costs a cube-face selection and a filtered fetch of half floats: on a
 * CPU rasteriser (SwiftShader) that lookup was ~15 % of the sneaker's frame. The coefficients are a
 * least-squares projection of that same mip (not a cosine convolution of the sharp light), so the
 * diffuse light stays what three would have sampled. Reflections (getIBLRadiance) are unchanged.
 */

/** Real SH basis, bands 0–2, at a unit direction. */
export function shBasis(x: number, y: number, z: number, out: Float64Array = new Float64Array(9)): Float64Array {
  out[0] = 0.282095;
  out[1] = 0.488603 * y;
  out[2] = 0.488603 * z;
  out[3] = 0.488603 * x;
  out[4] = 1.092548 * x * y;
  out[5] = 1.092548 * y * z;
  out[6] = 0.315392 * (3 * z * z - 1);
  out[7] = 1.092548 * x * z;
  out[8] = 0.546274 * (x * x - y * y);
  return out;
}

/**
 * Direction of a texel centre of a cube-map face as WebGL samples it (faces +x −x +y −y +z −z,
 * rows in upload order: row 0 is t = 0). Not normalised.
 */
export function cubeTexelDirection(face: number, i: number, j: number, size: number): [number, number, number] {
  const sc = ((i + 0.5) / size) * 2 - 1;
  const tc = ((j + 0.5) / size) * 2 - 1;
  switch (face) {
    case 0:
      return [1, -tc, -sc];
    case 1:
      return [-1, -tc, sc];
    case 2:
      return [sc, 1, tc];
    case 3:
      return [sc, -1, -tc];
    case 4:
      return [sc, -tc, 1];
    default:
      return [-sc, -tc, -1];
  }
}

/**
 * Project one cube-map level (six faces of size×size RGBA floats) onto SH bands 0–2, weighting
 * texels by their solid angle. Returns 27 numbers: coefficient k of channel c at k * 3 + c.
 */
export function projectCubeToSH(faces: readonly ArrayLike<number>[], size: number): Float64Array {
  const sh = new Float64Array(27);
  const y = new Float64Array(9);
  let total = 0;
  for (let f = 0; f < 6; f++) {
    const data = faces[f]!;
    for (let j = 0; j < size; j++)
      for (let i = 0; i < size; i++) {
        const [dx, dy, dz] = cubeTexelDirection(f, i, j, size);
        const len2 = dx * dx + dy * dy + dz * dz;
        const len = Math.sqrt(len2);
        const w = 1 / (len2 * len); // solid angle ∝ 1 / (1 + sc² + tc²)^(3/2)
        total += w;
        shBasis(dx / len, dy / len, dz / len, y);
        const o = (j * size + i) * 4;
        for (let k = 0; k < 9; k++) {
          const b = y[k]! * w;
          for (let c = 0; c < 3; c++) sh[k * 3 + c] = sh[k * 3 + c]! + data[o + c]! * b;
        }
      }
  }
  const norm = (4 * Math.PI) / total;
  for (let k = 0; k < 27; k++) sh[k] = sh[k]! * norm;
  return sh;
}

/** The light the coefficients give in a unit direction (RGB). */
export function evalSH(sh: ArrayLike<number>, x: number, y: number, z: number): [number, number, number] {
  const b = shBasis(x, y, z);
  const out: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < 9; k++) for (let c = 0; c < 3; c++) out[c] = out[c]! + sh[k * 3 + c]! * b[k]!;
  return out;
}

const IRRADIANCE = 'vec4 envMapColor = textureLod( envMap, envMapRotation * worldNormal, ENVMAP_MAX_LOD );';
const RADIANCE = 'vec4 envMapColor = textureLod( envMap, envMapRotation * reflectVec, roughnessToMip( roughness ) );';
const START = 'vec3 getIBLIrradiance( const in vec3 normal ) {';
const ORIGINAL = ShaderChunk.envmap_physical_pars_fragment;

/** GLSL function `studioSH(dir)`: the light of the coefficients in a unit world direction (constants: one light for the whole app). */
export function shGlsl(sh: ArrayLike<number>): string {
  const v = (k: number) => `vec3( ${[0, 1, 2].map((c) => (sh[k * 3 + c] ?? 0).toFixed(7)).join(', ')} )`;
  return [
    'vec3 studioSH( const in vec3 n ) {',
    `	return max( ${v(0)} * 0.282095`,
    `		+ ( ${v(1)} * n.y + ${v(2)} * n.z + ${v(3)} * n.x ) * 0.488603`,
    `		+ ( ${v(4)} * ( n.x * n.y ) + ${v(5)} * ( n.y * n.z ) + ${v(7)} * ( n.x * n.z ) ) * 1.092548`,
    `		+ ${v(6)} * ( 0.315392 * ( 3.0 * n.z * n.z - 1.0 ) )`,
    `		+ ${v(8)} * ( 0.546274 * ( n.x * n.x - n.y * n.y ) ), vec3( 0.0 ) );`,
    '}',
  ].join('\n\t');
}

export interface SHOptions {
  /**
   * Also take reflections from the coefficients where they would be read from the blurriest mip:
   * with the light filtered within one mip (CPU rasterisers, see bakedLight.ts) a lookup at a mip
   * level above ENVMAP_MAX_LOD − 0.5 (roughness ≳ 0.78) reads exactly that level.
   */
  roughReflections?: boolean;
}

/** The physical env-map chunk with the lookups replaced; null when this three version's chunk differs. */
export function shEnvmapChunk(sh: ArrayLike<number>, { roughReflections = false }: SHOptions = {}): string | null {
  if (![IRRADIANCE, RADIANCE, START].every((s) => ORIGINAL.includes(s))) return null;
  let chunk = ORIGINAL.replace(START, `${shGlsl(sh)}\n\n\t${START}`).replace(
    IRRADIANCE,
    'vec4 envMapColor = vec4( studioSH( envMapRotation * worldNormal ), 1.0 ); // unit: normalised, then rotated',
  );
  if (roughReflections)
    chunk = chunk.replace(
      RADIANCE,
      [
        'float envMapLod = roughnessToMip( roughness );',
        'if ( envMapLod > ENVMAP_MAX_LOD - 0.5 ) return studioSH( envMapRotation * reflectVec ) * envMapIntensity;',
        'vec4 envMapColor = textureLod( envMap, envMapRotation * reflectVec, envMapLod );',
      ].join('\n\t\t\t'),
    );
  return chunk;
}

/**
 * From now on, MeshStandard/MeshPhysical programs compiled on this page take their diffuse image
 * light from `sh` (the studio light's blurriest mip, see above) — on every renderer, GPU or CPU, so
 * the preview looks the same everywhere. Call it before the first program that uses the light
 * compiles (bakedLight.ts's tuneStudioLight does, when a renderer takes the light). Returns false, changing nothing, when
 * this three version's chunk has other lookups.
 */
export function applySHIrradiance(sh: ArrayLike<number>, options: SHOptions = {}): boolean {
  const chunk = shEnvmapChunk(sh, options);
  if (chunk === null) return false;
  (ShaderChunk as Record<string, string>).envmap_physical_pars_fragment = chunk;
  return true;
}
