import { z } from 'zod';
import { Currency, LocalizedText, parseProduct, type Product } from '../../catalog/index.js';
import { ApiError, requestJson } from './http.js';

export const ProductSummary = z.object({
  id: z.string(),
  name: LocalizedText,
  description: LocalizedText,
  currency: Currency,
  basePrice: z.number().int(),
  /** The cheapest valid configuration, when the server computes it. */
  fromPrice: z.number().int().optional(),
  version: z.number().int().optional(),
  /** Where this version's files (model, textures) are served, ending in "/". */
  assetBase: z.string().optional(),
  /** The version's storefront picture, once the studio has rendered it. */
  thumbnailUrl: z.string().optional(),
});
export type ProductSummary = z.infer<typeof ProductSummary>;

const ProductList = z.object({ products: z.array(ProductSummary) });
const ProductAnswer = z.object({ product: z.unknown(), version: z.number().int(), assetBase: z.string().optional() });

export interface PublishedProduct {
  product: Product;
  version: number;
  /** URL prefix of the version's files, ending in "/". */
  assetBase: string;
}

export async function listProducts(signal?: AbortSignal): Promise<ProductSummary[]> {
  return (await requestJson('/api/products', ProductList, { signal })).products;
}

const prefetched = new Map<string, Promise<PublishedProduct>>();

/**
 * Starts loading a product's current version now (the app calls it at start-up on a product's
 * address, beside the configurator's code); the next getProduct() of that id takes the answer.
 */
export function prefetchProduct(id: string): void {
  const answer = loadProduct(id);
  answer.catch(() => undefined); // reported to whoever takes it
  prefetched.set(id, answer);
}

/** A published version of a product (the current one unless `version` is given), checked against the catalog schema. */
export async function getProduct(id: string, signal?: AbortSignal, version?: number): Promise<PublishedProduct> {
  const early = version === undefined ? prefetched.get(id) : undefined;
  if (early) {
    prefetched.delete(id); // once: a retry asks the server again
    return early;
  }
  return loadProduct(id, signal, version);
}

async function loadProduct(id: string, signal?: AbortSignal, version?: number): Promise<PublishedProduct> {
  const query = version === undefined ? '' : `?version=${version}`;
  const body = await requestJson(`/api/products/${encodeURIComponent(id)}${query}`, ProductAnswer, { signal });
  const parsed = parseProduct(body.product);
  if (!parsed.ok) throw new ApiError(200, 'bad_product', `product "${id}" does not match the catalog format`, parsed.issues);
  return {
    product: parsed.product,
    version: body.version,
    assetBase: body.assetBase ?? `/assets/catalog/${encodeURIComponent(id)}/v${body.version}/`,
  };
}

/** URL of a file beside the product (its model, textures), under the version's asset base. */
export function assetUrl(assetBase: string, file: string): string {
  return assetBase + file.split('/').map(encodeURIComponent).join('/');
}
