import { LRUCache } from 'lru-cache';
import type { Product } from '../../catalog/index.js';
import type { EngineService } from '../engine/engineService.js';
import { AppError } from '../http/AppError.js';
import { assetBase } from './assetFiles.js';
import type { Asset, CatalogRepository } from './catalogRepository.js';
import { thumbnailUrl, type ThumbnailsRepository } from './thumbnails.js';

/** The storefront's questions of the catalog: what is sold (with from-prices and pictures), a version, a file. */
export class CatalogService {
  // A version never changes, so neither does its cheapest price: kept per "id@version". The
  // compile worker finds it beside the compile; one it cannot compile has no from-price.
  private readonly fromPrices = new LRUCache<string, { price: number | null }>({ max: 1000 });

  constructor(
    private readonly catalog: CatalogRepository,
    private readonly thumbnails: ThumbnailsRepository,
    private readonly engine: EngineService,
  ) {}

  private async fromPrice(p: Product, version: number): Promise<number | null> {
    const key = `${p.id}@${version}`;
    const hit = this.fromPrices.get(key);
    if (hit) return hit.price;
    const compiled = await this.engine.compile(p);
    const price = compiled.ok ? compiled.fromPrice : null;
    this.fromPrices.set(key, { price });
    return price;
  }

  /** The published products, each at its current version, as the storefront lists them. */
  async summaries() {
    const list = await this.catalog.listCurrent();
    const prices = await Promise.all(list.map(({ product, version }) => this.fromPrice(product, version)));
    const pictures = await this.thumbnails.of(list.map((v) => ({ productId: v.product.id, version: v.version })));
    return list.map(({ product: p, version }, k) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      currency: p.currency,
      basePrice: p.basePrice,
      ...(prices[k] === null ? {} : { fromPrice: prices[k]! }),
      version,
      assetBase: assetBase(p.id, version),
      ...(pictures.has(`${p.id}@${version}`) ? { thumbnailUrl: thumbnailUrl(p.id, pictures.get(`${p.id}@${version}`)!) } : {}),
    }));
  }

  /** A product at `version`, or at its current one; 404 for an unknown product or version. */
  async version(id: string, version: number | undefined) {
    const current = await this.catalog.currentVersion(id);
    if (current === null) throw AppError.notFound(`no product "${id}"`);
    const v = await this.catalog.getVersion(id, version ?? current);
    if (!v) throw AppError.notFound(`product "${id}" has no version ${version}`);
    return {
      product: v.product,
      version: v.version,
      current: v.version === current,
      publishedAt: v.createdAt,
      assetBase: assetBase(id, v.version),
    };
  }

  /** A file of a product's version (`null`: the current one); 404 when there is none. */
  async asset(productId: string, version: number | null, path: string): Promise<Asset> {
    const asset = await this.catalog.getAsset(productId, version, path);
    if (!asset) throw AppError.notFound('no such asset');
    return asset;
  }
}
