import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import { parseProduct, type Product } from '../../catalog/index.js';
import { isUniqueViolation } from '../db/database.js';
import type { Database, ProductsTable } from '../db/schema.js';
import { AppError } from '../http/AppError.js';
import { contentTypeOf } from './assetFiles.js';

export interface ProductVersion {
  productId: string;
  version: number;
  product: Product;
  note: string;
  createdAt: string;
}

export interface Asset {
  sha256: string;
  contentType: string;
  content: Buffer;
}

export interface PublishInput {
  product: Product;
  /** Relative path → file content, for every asset the document points at. */
  assets: Map<string, Buffer>;
  note: string;
  userId?: string | null;
}

const MAX_CACHED_VERSIONS = 500;
const MAX_CACHED_ASSET_BYTES = 64 * 1024 * 1024;

type CurrentRow = Pick<ProductsTable, 'current_version' | 'archived_at'>;

/**
 * Published catalog versions and their files. A version is immutable, so a parsed version is
 * cached in memory under "productId@version" for good; only the pointer to the current version
 * is read from the database each time (another instance may have published).
 */
export class CatalogRepository {
  private readonly versions = new LRUCache<string, ProductVersion>({ max: MAX_CACHED_VERSIONS });
  /** Asset files by content hash, the most recently used within MAX_CACHED_ASSET_BYTES (one at most a quarter of it). */
  private readonly assets = new LRUCache<string, Asset>({
    maxSize: MAX_CACHED_ASSET_BYTES,
    maxEntrySize: MAX_CACHED_ASSET_BYTES / 4,
    sizeCalculation: (a) => Math.max(1, a.content.length),
  });

  /**
   * The pointer to the current version, compiled once: it is read for every order and every
   * storefront request, and building and compiling the query each time cost more than running it.
   * Its one parameter (the product id) is swapped in for each use.
   */
  private readonly currentQuery;
  /** SQLite: the same query as a prepared statement of the driver, run without Kysely's promise machinery. */
  private readonly currentStatement: BetterSqlite3.Statement<[string], CurrentRow> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    sqlite?: BetterSqlite3.Database,
  ) {
    this.currentQuery = db.selectFrom('products').select(['current_version', 'archived_at']).where('id', '=', '').compile();
    this.currentStatement = sqlite?.prepare<[string], CurrentRow>(this.currentQuery.sql);
  }

  async isEmpty(): Promise<boolean> {
    return !(await this.db.selectFrom('products').select('id').limit(1).executeTakeFirst());
  }

  /** Publish a new immutable version and make it current; returns its number. */
  async publish(input: PublishInput): Promise<number>;
  /**
   * `onlyIfNew`: publish version 1 of a product the database does not know yet, or nothing (null).
   * The claim is the products row's primary key, inserted in the same transaction: of several
   * instances importing the catalog at once, exactly one publishes each product.
   */
  async publish(input: PublishInput, opts: { onlyIfNew: true }): Promise<number | null>;
  async publish(input: PublishInput, opts: { onlyIfNew?: boolean } = {}): Promise<number | null> {
    const { product } = input;
    const now = new Date().toISOString();
    const hashed = [...input.assets].map(([path, content]) => ({
      path,
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
    }));
    try {
      return await this.db.transaction().execute(async (tx) => {
        const claimed = await tx
          .insertInto('products')
          .values({ id: product.id, current_version: null, archived_at: null, created_at: now })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        if (opts.onlyIfNew && Number(claimed.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
        const last = await tx
          .selectFrom('product_versions')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('product_id', '=', product.id)
          .executeTakeFirst();
        const version = Number(last?.v ?? 0) + 1;
        await tx
          .insertInto('product_versions')
          .values({
            product_id: product.id,
            version,
            document: JSON.stringify(product),
            note: input.note,
            created_at: now,
            created_by: input.userId ?? null,
          })
          .execute();
        for (const a of hashed) {
          await tx
            .insertInto('assets')
            .values({ sha256: a.sha256, content_type: contentTypeOf(a.path), size: a.content.length, content: a.content })
            .onConflict((oc) => oc.column('sha256').doNothing())
            .execute();
          await tx
            .insertInto('product_version_assets')
            .values({ product_id: product.id, version, path: a.path, sha256: a.sha256 })
            .execute();
        }
        await tx
          .updateTable('products')
          .set({ current_version: version, archived_at: null })
          .where('id', '=', product.id)
          .execute();
        return version;
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw AppError.conflict('publish_conflict', `another publish of "${product.id}" happened at the same time; try again`);
      throw e;
    }
  }

  /** The current published version number of a product (not archived), or null. */
  async currentVersion(productId: string): Promise<number | null> {
    let r: CurrentRow | undefined;
    if (this.currentStatement) r = this.currentStatement.get(productId);
    else {
      const query: typeof this.currentQuery = { ...this.currentQuery, parameters: [productId] };
      r = (await this.db.executeQuery(query)).rows[0];
    }
    return r && !r.archived_at ? r.current_version : null;
  }

  async getVersion(productId: string, version: number): Promise<ProductVersion | null> {
    const key = `${productId}@${version}`;
    const hit = this.versions.get(key);
    if (hit) return hit;
    const r = await this.db
      .selectFrom('product_versions')
      .selectAll()
      .where('product_id', '=', productId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!r) return null;
    const parsed = parseProduct(JSON.parse(r.document));
    // A stored version was checked when published; failing now means the schema changed under it.
    if (!parsed.ok) throw new Error(`stored version ${key} no longer parses: ${parsed.issues[0]?.message}`);
    const v: ProductVersion = { productId, version, product: parsed.product, note: r.note, createdAt: r.created_at };
    this.versions.set(key, v);
    return v;
  }

  async getCurrent(productId: string): Promise<ProductVersion | null> {
    const v = await this.currentVersion(productId);
    return v === null ? null : this.getVersion(productId, v);
  }

  /** Every published, not archived product at its current version. */
  async listCurrent(): Promise<ProductVersion[]> {
    const rows = await this.db
      .selectFrom('products')
      .select(['id', 'current_version'])
      .where('archived_at', 'is', null)
      .where('current_version', 'is not', null)
      .orderBy('id')
      .execute();
    const out: ProductVersion[] = [];
    for (const r of rows) {
      const v = await this.getVersion(r.id, r.current_version!);
      if (v) out.push(v);
    }
    return out;
  }

  /** The versions, newest first; `createdBy` is the author's e-mail (null for an import or a removed account). */
  async listVersions(productId: string) {
    return this.db
      .selectFrom('product_versions')
      .leftJoin('users', 'users.id', 'product_versions.created_by')
      .select([
        'product_versions.version',
        'product_versions.note',
        'product_versions.created_at as createdAt',
        'users.email as createdBy',
      ])
      .where('product_versions.product_id', '=', productId)
      .orderBy('product_versions.version', 'desc')
      .execute();
  }

  /** An asset of a version (version null = current), with its content, or null. */
  async getAsset(productId: string, version: number | null, path: string): Promise<Asset | null> {
    const v = version ?? (await this.currentVersion(productId));
    if (v === null) return null;
    const ref = await this.db
      .selectFrom('product_version_assets')
      .select('sha256')
      .where('product_id', '=', productId)
      .where('version', '=', v)
      .where('path', '=', path)
      .executeTakeFirst();
    if (!ref) return null;
    const hit = this.assets.get(ref.sha256);
    if (hit) return hit;
    const r = await this.db
      .selectFrom('assets')
      .select(['sha256', 'content_type', 'content'])
      .where('sha256', '=', ref.sha256)
      .executeTakeFirst();
    if (!r) return null;
    const asset: Asset = { sha256: r.sha256, contentType: r.content_type, content: Buffer.from(r.content) };
    this.assets.set(asset.sha256, asset); // one over maxEntrySize is not kept
    return asset;
  }
}
