import { z } from 'zod';
import { requestJson } from './http.js';

const Stored = z.object({ sha256: z.string(), url: z.string() });

/** Store the configured variant's .glb on our server for Android Scene Viewer; returns its absolute URL. */
export async function storeArModel(glb: Blob, signal?: AbortSignal): Promise<string> {
  const { url } = await requestJson('/api/ar-models', Stored, {
    method: 'POST',
    headers: { 'Content-Type': 'model/gltf-binary' },
    body: glb,
    ...(signal ? { signal } : {}),
  });
  return new URL(url, window.location.href).href;
}
