import { Texture } from 'three';

type Decoded = ImageBitmap | HTMLImageElement;
const images = new Map<string, Promise<Decoded>>();

/**
 * A texture file fetched and decoded once per page (off the main thread where the browser can:
 * createImageBitmap), shared by the preview, the thumbnails and preloading. Bytes as in the file
 * (no colour conversion, no premultiplication): maps are colour-managed by the material, normal
 * maps must not be touched at all.
 */
export function loadImage(url: string): Promise<Decoded> {
  let p = images.get(url);
  if (!p) {
    p =
      typeof createImageBitmap === 'function'
        ? fetch(url).then(async (res) => {
            if (!res.ok) throw new Error(`${url}: ${res.status} ${res.statusText}`);
            return createImageBitmap(await res.blob(), {
              imageOrientation: 'none',
              premultiplyAlpha: 'none',
              colorSpaceConversion: 'none',
            });
          })
        : new Promise<Decoded>((resolve, reject) => {
            const img = new Image();
            img.crossOrigin = 'anonymous';
            img.onload = () => resolve(img);
            img.onerror = () => reject(new Error(`${url}: failed to load`));
            img.src = url;
          });
    images.set(url, p);
    p.catch(() => images.delete(url)); // a retry fetches again
  }
  return p;
}

/**
 * A texture whose image arrives from loadImage; `settled` runs once it is in (or failed), e.g. to
 * draw a new frame. flipY stays false, as glTF UVs (and ImageBitmaps) want.
 */
export function imageTexture(url: string, settled?: () => void): Texture {
  const texture = new Texture();
  texture.flipY = false;
  loadImage(url).then(
    (image) => {
      texture.image = image;
      texture.needsUpdate = true;
      settled?.();
    },
    (e: unknown) => {
      console.error(e);
      settled?.();
    },
  );
  return texture;
}
