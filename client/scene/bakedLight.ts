import { LinearMipmapLinearFilter, LinearMipmapNearestFilter, type Texture } from 'three';
import { decodeEnvironment, isGzip } from './environmentMap.js';
import { applySHIrradiance } from './irradianceSH.js';

// Vite emits the file beside the build (hashed name) for this pattern; no runtime fetch leaves the app.
const FILE = new URL('./assets/roomEnvironment.bin', import.meta.url).href;

let loading: Promise<Texture | null> | null = null;

/**
 * The prebaked studio light (see environmentMap.ts), fetched and decoded once per page; call it
 * early so the download runs beside the JavaScript and the model, and give it to tuneStudioLight()
 * before a renderer uses it. Resolves null when it cannot be had (no DecompressionStream, a failed
 * fetch): callers then prefilter RoomEnvironment live.
 */
export function loadStudioLight(): Promise<Texture | null> {
  if (loading) return loading;
  loading = (async () => {
    try {
      const res = await fetch(FILE);
      if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
      let bytes = new Uint8Array(await res.arrayBuffer());
      if (isGzip(bytes)) {
        if (typeof DecompressionStream === 'undefined') return null;
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      }
      return decodeEnvironment(bytes); // tuned for the renderer by tuneStudioLight()
    } catch (e) {
      console.warn(`studio light ${FILE} not usable, prefiltering it live:`, e);
      return null;
    }
  })();
  // Marked settled the way React's use() reads a promise: a preview that mounts after the light has
  // arrived renders at once instead of suspending for a tick, which React would answer by holding the
  // revealed content back for its fallback throttle (~300 ms).
  const settled = loading as Promise<Texture | null> & { status?: 'fulfilled'; value?: Texture | null };
  void settled.then((value) => Object.assign(settled, { status: 'fulfilled', value }));
  return loading;
}

const tuned = new WeakMap<Texture, boolean>();

/**
 * Fit the studio light to the renderer that shows it; call it before that renderer compiles its
 * first program (the light's shader chunk is page-wide). Diffuse light comes from its spherical
 * harmonics instead of a cube lookup per pixel (every renderer); on a CPU rasteriser also the
 * reflections of rough surfaces, which read that same mip there, and the light is blended within
 * one mip, not two (every cube-map sample is CPU time there: a quarter of the frame; roughness steps
 * between mips barely show).
 */
export function tuneStudioLight(texture: Texture, software: boolean): void {
  if (tuned.get(texture) === software) return;
  const minFilter = software ? LinearMipmapNearestFilter : LinearMipmapLinearFilter;
  if (texture.minFilter !== minFilter) {
    if (tuned.has(texture)) texture.needsUpdate = true; // already uploaded with the other filter
    texture.minFilter = minFilter;
  }
  applySHIrradiance(texture.userData.irradianceSH as number[], { roughReflections: software });
  tuned.set(texture, software);
}

/** What the contexts of this page run on, once one has been asked (a page's contexts share one GPU). */
let software: boolean | undefined;
const byContext = new WeakMap<object, boolean>();

/**
 * Whether a WebGL context runs on a CPU rasteriser (SwiftShader, llvmpipe, WARP…), from its
 * renderer string: there every pixel and every multisample costs CPU time, so the preview drops
 * MSAA and renders fewer pixels. Remembered for the page (knownSoftwareRenderer).
 */
export function isSoftwareContext(gl: WebGLRenderingContext | WebGL2RenderingContext): boolean {
  let known = byContext.get(gl);
  if (known === undefined) {
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    known = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
    byContext.set(gl, known);
  }
  software = known;
  return known;
}

/** isSoftwareContext's answer for this page; undefined until a context has been asked. */
export function knownSoftwareRenderer(): boolean | undefined {
  return software;
}

/**
 * isSoftwareContext for code that must choose before it has a context (antialias is fixed when a
 * context is made): the page's answer, or a probe on a throwaway context when there is none yet.
 */
export function isSoftwareRenderer(): boolean {
  if (software !== undefined) return software;
  if (typeof document === 'undefined') return false;
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return false;
  const answer = isSoftwareContext(gl);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return answer;
}
