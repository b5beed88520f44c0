import { LinearMipmapNearestFilter, type Texture } from 'three';
import { decodeEnvironment, isGzip } from './environmentMap.js';
import { applySHIrradiance } from './irradianceSH.js';

// Vite emits the file beside the build (hashed name) for this pattern; no runtime fetch leaves the app.
const FILE = new URL('./assets/roomEnvironment.bin', import.meta.url).href;

let loading: Promise<Texture | null> | null = null;

/**
 * The prebaked studio light (see environmentMap.ts), fetched and decoded once per page; call it
 * early so the download runs beside the JavaScript and the model. Resolves null when it cannot be
 * had (no DecompressionStream, a failed fetch): callers then prefilter RoomEnvironment live.
 */
export function loadStudioLight(): Promise<Texture | null> {
  loading ??= (async () => {
    try {
      const res = await fetch(FILE);
      if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
      let bytes = new Uint8Array(await res.arrayBuffer());
      if (isGzip(bytes)) {
        if (typeof DecompressionStream === 'undefined') return null;
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      }
      const texture = decodeEnvironment(bytes);
      // On a CPU rasteriser every cube-map sample is CPU time: blend within one mip, not two
      // (a quarter of the frame there; roughness steps between mips barely show).
      if (isSoftwareRenderer()) texture.minFilter = LinearMipmapNearestFilter;
      // Diffuse light from its spherical harmonics instead of a cube lookup per pixel (every renderer);
      // on a CPU rasteriser also the reflections of rough surfaces, which read that same mip there.
      applySHIrradiance(texture.userData.irradianceSH as number[], { roughReflections: isSoftwareRenderer() });
      return texture;
    } catch (e) {
      console.warn(`studio light ${FILE} not usable, prefiltering it live:`, e);
      return null;
    }
  })();
  return loading;
}

let software: boolean | undefined;

/**
 * Whether WebGL runs on a CPU rasteriser (SwiftShader, llvmpipe, WARP…): there every pixel and
 * every multisample costs CPU time, so the preview drops MSAA and renders fewer pixels.
 * Probed once on a throwaway context (antialias is fixed when the preview's context is made).
 */
export function isSoftwareRenderer(): boolean {
  if (software !== undefined) return software;
  software = false;
  if (typeof document === 'undefined') return software;
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return software;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  software = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return software;
}
