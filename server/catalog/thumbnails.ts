import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import { PNG } from 'pngjs';
import type { Database } from '../db/schema.js';

/** A thumbnail is a PNG of at most this many bytes and pixels a side (the storefront shows 480×360). */
export const THUMBNAIL_MAX_BYTES = 512 * 1024;
export const THUMBNAIL_MAX_SIDE = 1024;
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type ThumbnailCheck = { ok: true; width: number; height: number } | { ok: false; message: string };

/**
 * A thumbnail upload is proven to be a whole, small PNG before it is stored: signature and
 * IHDR size first (cheap, refuses a decompression bomb before any inflating), then a full decode
 * (CRCs, zlib stream, filter bytes). Bounded at 1024×1024, the decode takes a few milliseconds.
 */
export function checkThumbnail(bytes: Buffer): ThumbnailCheck {
  if (bytes.length > THUMBNAIL_MAX_BYTES) return { ok: false, message: `a thumbnail is at most ${THUMBNAIL_MAX_BYTES} bytes` };
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR')
    return { ok: false, message: 'a thumbnail is a PNG image' };
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 1 || height < 1 || width > THUMBNAIL_MAX_SIDE || height > THUMBNAIL_MAX_SIDE)
    return {
      ok: false,
      message: `a thumbnail is at most ${THUMBNAIL_MAX_SIDE}×${THUMBNAIL_MAX_SIDE} pixels (this one is ${width}×${height})`,
    };
  try {
    PNG.sync.read(bytes);
  } catch (e) {
    return { ok: false, message: `the PNG does not decode: ${(e as Error).message}` };
  }
  return { ok: true, width, height };
}

export interface ThumbnailRef {
  productId: string;
  version: number;
  sha256: string;
}

/** Thumbnails of published versions: the row points at a content-addressed asset. */
export class ThumbnailsRepository {
  /** sha256 → bytes: thumbnails are small and immutable under their hash. */
  private readonly bytes = new LRUCache<string, Buffer>({ maxSize: 16 * 1024 * 1024, sizeCalculation: (b) => b.length });

  constructor(private readonly db: Kysely<Database>) {}

  /** Store (or replace) the thumbnail of a published version; false when the version does not exist. */
  async set(productId: string, version: number, png: Buffer): Promise<ThumbnailRef | null> {
    const sha256 = createHash('sha256').update(png).digest('hex');
    const now = new Date().toISOString();
    return this.db.transaction().execute(async (tx) => {
      const v = await tx
        .selectFrom('product_versions')
        .select('version')
        .where('product_id', '=', productId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!v) return null;
      await tx
        .insertInto('assets')
        .values({ sha256, content_type: 'image/png', size: png.length, content: png })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      await tx
        .insertInto('product_thumbnails')
        .values({ product_id: productId, version, sha256, created_at: now })
        .onConflict((oc) => oc.columns(['product_id', 'version']).doUpdateSet({ sha256, created_at: now }))
        .execute();
      return { productId, version, sha256 };
    });
  }

  /** The thumbnails of these versions, by "id@version". */
  async of(versions: { productId: string; version: number }[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!versions.length) return out;
    const rows = await this.db
      .selectFrom('product_thumbnails')
      .select(['product_id', 'version', 'sha256'])
      .where(
        'product_id',
        'in',
        versions.map((v) => v.productId),
      )
      .execute();
    const wanted = new Set(versions.map((v) => `${v.productId}@${v.version}`));
    for (const r of rows) if (wanted.has(`${r.product_id}@${r.version}`)) out.set(`${r.product_id}@${r.version}`, r.sha256);
    return out;
  }

  /** The bytes of a product's thumbnail by hash, or null when no version of that product has it. */
  async content(productId: string, sha256: string): Promise<Buffer | null> {
    const row = await this.db
      .selectFrom('product_thumbnails')
      .select('sha256')
      .where('product_id', '=', productId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!row) return null;
    const hit = this.bytes.get(sha256);
    if (hit) return hit;
    const a = await this.db.selectFrom('assets').select('content').where('sha256', '=', sha256).executeTakeFirst();
    if (!a) return null;
    const buf = Buffer.from(a.content);
    this.bytes.set(sha256, buf);
    return buf;
  }

  /** Current versions of live products that have no thumbnail yet (the studio renders them). */
  async missing(): Promise<{ productId: string; version: number }[]> {
    const rows = await this.db
      .selectFrom('products')
      .leftJoin('product_thumbnails', (j) =>
        j
          .onRef('product_thumbnails.product_id', '=', 'products.id')
          .onRef('product_thumbnails.version', '=', 'products.current_version'),
      )
      .select(['products.id', 'products.current_version'])
      .where('products.current_version', 'is not', null)
      .where('products.archived_at', 'is', null)
      .where('product_thumbnails.sha256', 'is', null)
      .orderBy('products.id')
      .execute();
    return rows.map((r) => ({ productId: r.id, version: r.current_version! }));
  }
}

/** Where the storefront fetches a thumbnail: named by its hash, so it is cached for good. */
export const thumbnailUrl = (productId: string, sha256: string) =>
  `/api/products/${encodeURIComponent(productId)}/thumbnails/${sha256}.png`;
