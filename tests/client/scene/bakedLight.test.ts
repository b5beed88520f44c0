import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LinearMipmapLinearFilter, LinearMipmapNearestFilter, ShaderChunk } from 'three';
import { loadStudioLight, tuneStudioLight } from '../../../client/scene/bakedLight.js';
import { decodeEnvironment } from '../../../client/scene/environmentMap.js';

const shipped = new URL('../../../client/scene/assets/roomEnvironment.bin', import.meta.url);
const ORIGINAL = ShaderChunk.envmap_physical_pars_fragment;

describe('tuneStudioLight: the studio light fitted to the renderer that takes it', () => {
  afterAll(() => {
    (ShaderChunk as Record<string, string>).envmap_physical_pars_fragment = ORIGINAL;
  });
  const light = () => decodeEnvironment(new Uint8Array(gunzipSync(readFileSync(shipped))));

  it('on a GPU: diffuse light from the harmonics, reflections and the two-mip filter untouched', () => {
    const texture = light();
    tuneStudioLight(texture, false);
    expect(texture.minFilter).toBe(LinearMipmapLinearFilter);
    const chunk = ShaderChunk.envmap_physical_pars_fragment;
    expect(chunk).toContain('studioSH( envMapRotation * worldNormal )');
    expect(chunk).not.toContain('return studioSH( envMapRotation * reflectVec )');
  });

  it('on a CPU rasteriser: one mip, and rough reflections from the harmonics too', () => {
    const texture = light();
    tuneStudioLight(texture, true);
    expect(texture.minFilter).toBe(LinearMipmapNearestFilter);
    expect(ShaderChunk.envmap_physical_pars_fragment).toContain('return studioSH( envMapRotation * reflectVec )');
  });

  it('decoding alone changes nothing: the renderer decides, and a second renderer of the other kind re-uploads', () => {
    (ShaderChunk as Record<string, string>).envmap_physical_pars_fragment = ORIGINAL;
    const texture = light();
    expect(ShaderChunk.envmap_physical_pars_fragment).toBe(ORIGINAL);
    tuneStudioLight(texture, true);
    const version = texture.version;
    tuneStudioLight(texture, true); // the same renderer kind again: nothing to do
    expect(texture.version).toBe(version);
    tuneStudioLight(texture, false);
    expect(texture.minFilter).toBe(LinearMipmapLinearFilter);
    expect(texture.version).toBeGreaterThan(version); // needsUpdate: uploaded with the other filter
  });
});

describe('loadStudioLight', () => {
  it("once decoded, its promise reads as settled to React's use() (no suspending on a light that has arrived)", async () => {
    // The file as the server sends it (Node's fetch cannot read the file: URL the module names).
    vi.stubGlobal('fetch', async () => new Response(readFileSync(shipped)));
    try {
      const promise = loadStudioLight();
      expect((promise as { status?: string }).status).toBeUndefined(); // still loading
      const texture = await promise;
      expect(texture?.userData.irradianceSH).toHaveLength(27);
      expect(promise).toMatchObject({ status: 'fulfilled', value: texture });
      expect(loadStudioLight()).toBe(promise); // once a page
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
