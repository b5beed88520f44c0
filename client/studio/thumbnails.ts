import { z } from 'zod';
import { parseProduct } from '../../catalog/index.js';
import { requestJson } from '../api/http.js';
import { assetUrl } from '../api/products.js';
import { missingThumbnails, putThumbnail } from './studioApi.js';

const Version = z.object({ product: z.unknown(), version: z.number(), assetBase: z.string() });
let running: Promise<number> | null = null;

/**
 * Renders the storefront thumbnail of every live version that has none (after a publish, a
 * rollback, an import or the first start) and stores it on the server, so shoppers get a picture
 * instead of rendering the product list in their browser. Runs once at a time; a failure leaves
 * that product to the shopper's browser, as before. Resolves with the number stored.
 */
export function renderMissingThumbnails(): Promise<number> {
  running ??= run().finally(() => (running = null));
  return running;
}

async function run(): Promise<number> {
  const missing = await missingThumbnails();
  if (!missing.length) return 0;
  const { renderThumbnail } = await import('../scene/renderThumbnail.js');
  let stored = 0;
  for (const { productId, version } of missing) {
    try {
      const v = await requestJson(`/api/products/${encodeURIComponent(productId)}?version=${version}`, Version);
      const parsed = parseProduct(v.product);
      if (!parsed.ok) continue;
      const url = await renderThumbnail({
        product: parsed.product,
        modelUrl: assetUrl(v.assetBase, parsed.product.model.file),
        assetUrl: (rel) => assetUrl(v.assetBase, rel),
        width: 480,
        height: 360,
      });
      await putThumbnail(productId, version, await (await fetch(url)).blob());
      stored++;
    } catch (e) {
      console.warn(`thumbnail of ${productId} v${version} not stored`, e);
    }
  }
  return stored;
}
