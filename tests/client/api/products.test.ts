import { afterEach, describe, expect, it, vi } from 'vitest';
import { miniProduct } from '../../fixtures/miniProduct.js';

/** A server that answers every product request with the mini mug, and records the URLs asked. */
function fakeServer() {
  const urls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    urls.push(url);
    return Response.json({ product: miniProduct(), version: 3 });
  });
  return urls;
}

describe('a product prefetched at app start (a /p/ address)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is asked of the server once, taken by the next getProduct of that id only, and a retry asks again', async () => {
    const urls = fakeServer();
    const { getProduct, prefetchProduct } = await import('../../../client/api/products.js');
    prefetchProduct('mini-mug');
    expect(urls).toEqual(['/api/products/mini-mug']); // already on its way, before the page asks
    const first = await getProduct('mini-mug');
    expect(urls).toHaveLength(1);
    expect(first.product.id).toBe('mini-mug');
    expect(first.assetBase).toBe('/assets/catalog/mini-mug/v3/');
    await getProduct('mini-mug'); // a retry: a new request
    await getProduct('mini-mug', undefined, 2); // another version never takes a prefetched answer
    expect(urls).toEqual(['/api/products/mini-mug', '/api/products/mini-mug', '/api/products/mini-mug?version=2']);
  });
});
