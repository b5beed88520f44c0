import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation, type Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { contentTypeOf } from '../catalog/assetFiles.js';

export interface StudioDraftsTable {
  product_id: string;
  /** The draft as the producer last saved it: JSON text, possibly not (yet) a valid product. */
  document: string;
  revision: number;
  /** 1 while the draft differs from what was last published or rolled back to. */
  dirty: number;
  /** The published version the draft started from. */
  base_version: number | null;
  updated_at: string;
  updated_by: string | null;
}

export interface StudioDraftAssetsTable {
  product_id: string;
  path: string;
  sha256: string;
  uploaded_at: string;
}

export type StudioDatabase = Database & {
  studio_drafts: StudioDraftsTable;
  studio_draft_assets: StudioDraftAssetsTable;
};

export interface DraftRow {
  productId: string;
  document: string;
  revision: number;
  dirty: boolean;
  baseVersion: number | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface ProductRow {
  id: string;
  currentVersion: number | null;
  archivedAt: string | null;
  createdAt: string;
}

const toDraft = (r: StudioDraftsTable): DraftRow => ({
  productId: r.product_id,
  document: r.document,
  revision: Number(r.revision),
  dirty: Number(r.dirty) === 1,
  baseVersion: r.base_version === null ? null : Number(r.base_version),
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

/**
 * Drafts and their uploaded files. Writes that race are settled by the database, never by reading
 * first. A file's bytes (up to MAX_MODEL_BYTES) are written and read through `Db.executeLarge`, off
 * the event loop on SQLite.
 */
export class StudioRepository {
  private readonly db: Kysely<StudioDatabase>;

  constructor(private readonly base: Db) {
    this.db = base.kysely as unknown as Kysely<StudioDatabase>;
  }

  async listProducts(): Promise<ProductRow[]> {
    const rows = await this.db.selectFrom('products').selectAll().orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      currentVersion: r.current_version === null ? null : Number(r.current_version),
      archivedAt: r.archived_at,
      createdAt: r.created_at,
    }));
  }

  async getProduct(id: string): Promise<ProductRow | null> {
    const r = await this.db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
    return r
      ? {
          id: r.id,
          currentVersion: r.current_version === null ? null : Number(r.current_version),
          archivedAt: r.archived_at,
          createdAt: r.created_at,
        }
      : null;
  }

  async listDrafts(): Promise<DraftRow[]> {
    return (await this.db.selectFrom('studio_drafts').selectAll().execute()).map(toDraft);
  }

  async getDraft(productId: string): Promise<DraftRow | null> {
    const r = await this.db.selectFrom('studio_drafts').selectAll().where('product_id', '=', productId).executeTakeFirst();
    return r ? toDraft(r) : null;
  }

  /**
   * A new product that exists only as a draft: false when the id is taken (by a product, or
   * by another create racing this one).
   */
  async createProduct(productId: string, document: string, userId: string | null): Promise<boolean> {
    const now = new Date().toISOString();
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('products')
          .values({ id: productId, current_version: null, archived_at: null, created_at: now })
          .execute();
        await tx
          .insertInto('studio_drafts')
          .values({
            product_id: productId,
            document,
            revision: 1,
            dirty: 1,
            base_version: null,
            updated_at: now,
            updated_by: userId,
          })
          .execute();
      });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /**
   * Save a draft only if nobody saved since `expected` (0 = no draft row yet): the new
   * revision, or null when the draft moved on (the caller answers 409).
   */
  async saveDraft(
    productId: string,
    expected: number,
    fields: { document: string; dirty: boolean; baseVersion: number | null },
    userId: string | null,
  ): Promise<number | null> {
    const now = new Date().toISOString();
    const values = {
      document: fields.document,
      dirty: fields.dirty ? 1 : 0,
      base_version: fields.baseVersion,
      updated_at: now,
      updated_by: userId,
    };
    if (expected === 0) {
      try {
        await this.db
          .insertInto('studio_drafts')
          .values({ product_id: productId, revision: 1, ...values })
          .execute();
        return 1;
      } catch (e) {
        if (isUniqueViolation(e)) return null;
        throw e;
      }
    }
    const r = await this.db
      .updateTable('studio_drafts')
      .set({ ...values, revision: expected + 1 })
      .where('product_id', '=', productId)
      .where('revision', '=', expected)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? expected + 1 : null;
  }

  async setArchived(productId: string, archived: boolean): Promise<void> {
    await this.db
      .updateTable('products')
      .set({ archived_at: archived ? new Date().toISOString() : null })
      .where('id', '=', productId)
      .execute();
  }

  /** Store a file (content-addressed) and point the draft's path at it. */
  async putDraftAsset(productId: string, path: string, content: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const now = new Date().toISOString();
    // The bytes first, under their hash (a file stored twice is the same row); then the draft's
    // pointer to them. A failure between the two leaves a file no draft points at, never a draft
    // that points at no file.
    await this.base.executeLarge(
      this.db
        .insertInto('assets')
        .values({ sha256, content_type: contentTypeOf(path), size: content.length, content })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .compile(),
    );
    await this.db
      .insertInto('studio_draft_assets')
      .values({ product_id: productId, path, sha256, uploaded_at: now })
      .onConflict((oc) => oc.columns(['product_id', 'path']).doUpdateSet({ sha256, uploaded_at: now }))
      .execute();
    return sha256;
  }

  async copyDraftAssets(from: Map<string, string>, toProduct: string): Promise<void> {
    const now = new Date().toISOString();
    for (const [path, sha256] of from) {
      await this.db
        .insertInto('studio_draft_assets')
        .values({ product_id: toProduct, path, sha256, uploaded_at: now })
        .onConflict((oc) => oc.columns(['product_id', 'path']).doUpdateSet({ sha256, uploaded_at: now }))
        .execute();
    }
  }

  /** path → sha256 of the files uploaded to the draft. */
  async draftAssets(productId: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('studio_draft_assets')
      .select(['path', 'sha256'])
      .where('product_id', '=', productId)
      .execute();
    return new Map(rows.map((r) => [r.path, r.sha256]));
  }

  /** path → sha256 of the files of a published version. */
  async versionAssets(productId: string, version: number): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('product_version_assets')
      .select(['path', 'sha256'])
      .where('product_id', '=', productId)
      .where('version', '=', version)
      .execute();
    return new Map(rows.map((r) => [r.path, r.sha256]));
  }

  async clearDraftAssets(productId: string): Promise<void> {
    await this.db.deleteFrom('studio_draft_assets').where('product_id', '=', productId).execute();
  }

  async assetContent(sha256: string): Promise<{ content: Buffer; contentType: string } | null> {
    const { rows } = await this.base.executeLarge(
      this.db.selectFrom('assets').select(['content', 'content_type']).where('sha256', '=', sha256).compile(),
    );
    const r = rows[0];
    return r ? { content: Buffer.isBuffer(r.content) ? r.content : Buffer.from(r.content), contentType: r.content_type } : null;
  }
}
