import { useEffect, useState } from 'react';
import { assetUrl, type PublishedProduct } from '../api/products.js';

/** Rendered thumbnails by product and version: coming back to the shop shows them at once. */
const cache = new Map<string, string>();

/**
 * The standard product rendered by the scene's renderThumbnail. The renderer (three.js) is
 * imported on demand so the product list shows before it; a failure (no WebGL) leaves an empty tile.
 */
export function ProductThumbnail({ published }: { published: PublishedProduct }) {
  const { product, version, assetBase } = published;
  const key = `${product.id}@${version}`;
  const [src, setSrc] = useState<string | null>(() => cache.get(key) ?? null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (cache.has(key)) return;
    let live = true;
    import('../scene/renderThumbnail.js')
      .then(({ renderThumbnail }) =>
        renderThumbnail({
          product,
          modelUrl: assetUrl(assetBase, product.model.file),
          assetUrl: (rel) => assetUrl(assetBase, rel),
          width: 480,
          height: 360,
        }),
      )
      .then(
        (url) => {
          cache.set(key, url);
          if (live) setSrc(url);
        },
        () => live && setFailed(true),
      );
    return () => {
      live = false;
    };
  }, [key, product, assetBase]);
  if (src) return <img src={src} alt="" width={480} height={360} data-thumb={product.id} />;
  return failed ? <span aria-hidden="true" /> : <span className="spinner" aria-hidden="true" />;
}
