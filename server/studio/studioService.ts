import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseProduct, type Product } from '../../catalog/index.js';
import type { AppContext } from '../context.js';
import { AppError } from '../http/AppError.js';
import { referencedAssets } from '../catalog/assetFiles.js';
import { checkDraft, type DraftCheck } from './checkDraft.js';
import { diffProducts } from './diffProducts.js';
import { TaskError } from '../workers/taskPool.js';
import { MAX_MODEL_BYTES, modelWarnings, type GlbInspection, type ModelParts } from './inspectGlb.js';
import { StudioRepository, type DraftRow } from './studioRepository.js';
import { blankProduct } from './blankProduct.js';

export const etagOf = (revision: number) => `"r${revision}"`;

/** The revision an If-Match header names, or null when it names none of ours. */
export function revisionOf(ifMatch: string): number | null {
  const m = /^\s*(?:W\/)?"r(\d{1,9})"\s*$/.exec(ifMatch);
  return m ? Number(m[1]) : null;
}

export interface DraftView {
  productId: string;
  document: unknown;
  revision: number;
  etag: string;
  /** Unpublished changes. */
  dirty: boolean;
  baseVersion: number | null;
  currentVersion: number | null;
  archived: boolean;
  updatedAt: string | null;
  check: Omit<DraftCheck, 'product'>;
}

/** The draft row of a product nobody has saved a draft for: its published version, unchanged. */
const untouched = (productId: string, document: string, baseVersion: number | null): DraftRow => ({
  productId,
  document,
  revision: 0,
  dirty: false,
  baseVersion,
  updatedAt: '',
  updatedBy: null,
});

const publicCheck = ({ product: _p, ...rest }: DraftCheck): Omit<DraftCheck, 'product'> => rest;
const IMAGE_TYPES: Record<string, 'png' | 'jpeg' | 'webp'> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp' };

/** A task that did not finish (overran its budget, ran out of memory): the upload is refused, the server goes on. */
function taskRefusal(e: unknown, what: string): never {
  if (e instanceof TaskError) {
    if (e.code === 'task_timeout' || e.code === 'task_out_of_memory')
      throw new AppError(422, 'file_too_complex', `the ${what} took too long or too much memory to check (${e.message})`);
    if (e.code === 'tasks_busy')
      throw new AppError(503, 'busy', 'the server is checking other files; try again shortly', undefined, { 'Retry-After': '5' });
  }
  throw e;
}

/** The studio's use cases: drafts with optimistic concurrency, checks, publish, versions, files. */
export class StudioService {
  readonly repo: StudioRepository;
  /** By document text, the 200 most recently used; a check in progress is shared by the requests that want it. */
  private readonly checks = new LRUCache<string, Promise<DraftCheck>>({ max: 200 });
  /** Part names of uploaded models by SHA-256 (a model's bytes never change under its hash): the 500 most recently used. */
  private readonly inspections = new LRUCache<string, ModelParts>({ max: 500 });

  constructor(
    private readonly ctx: AppContext,
    readonly maxModelBytes = MAX_MODEL_BYTES,
  ) {
    this.repo = new StudioRepository(ctx.db);
  }

  /** Checks are pure in the document text, so they are cached by it (the engine's work also by content). */
  check(document: string): Promise<DraftCheck> {
    const hit = this.checks.get(document);
    if (hit) return hit;
    const c = checkDraft(JSON.parse(document), this.ctx.engine);
    this.checks.set(document, c);
    c.catch(() => this.checks.get(document) === c && this.checks.delete(document));
    return c;
  }

  private async productOr404(id: string) {
    const p = await this.repo.getProduct(id);
    if (!p) throw AppError.notFound(`no product "${id}"`);
    return p;
  }

  /** The current published version, archived or not. */
  private async published(id: string) {
    const p = await this.repo.getProduct(id);
    return p?.currentVersion ? this.ctx.catalog.getVersion(id, p.currentVersion) : null;
  }

  /** The draft, or (before anyone saved one) the current version as revision 0. */
  private async draftRow(id: string): Promise<DraftRow> {
    const row = await this.repo.getDraft(id);
    if (row) return row;
    const current = await this.published(id);
    if (!current) throw AppError.notFound(`product "${id}" has neither a draft nor a published version`);
    return { ...untouched(id, JSON.stringify(current.product), current.version), updatedAt: current.createdAt };
  }

  async list() {
    const [products, drafts] = await Promise.all([this.repo.listProducts(), this.repo.listDrafts()]);
    const draftOf = new Map(drafts.map((d) => [d.productId, d]));
    const out = [];
    for (const p of products) {
      const d = draftOf.get(p.id);
      const published = p.currentVersion === null ? null : await this.ctx.catalog.getVersion(p.id, p.currentVersion);
      const doc = d?.document ?? (published ? JSON.stringify(published.product) : null);
      const check = doc ? await this.check(doc) : null;
      const name =
        (check?.product ?? published?.product)?.name ?? (d ? (JSON.parse(d.document) as { name?: unknown }).name : null);
      out.push({
        id: p.id,
        name: name ?? p.id,
        publishedVersion: p.currentVersion,
        archived: p.archivedAt !== null,
        hasDraft: await this.pending(p.id, d ?? untouched(p.id, doc ?? '{}', p.currentVersion)),
        lint: check?.status ?? 'errors',
        problems: check ? check.schema.length + check.lint.filter((f) => f.severity === 'error').length : 0,
        variants: check?.variants ?? null,
        updatedAt: d?.updatedAt ?? published?.createdAt ?? p.createdAt,
      });
    }
    return out;
  }

  async getDraft(id: string): Promise<DraftView> {
    const p = await this.productOr404(id);
    const d = await this.draftRow(id);
    return {
      productId: id,
      document: JSON.parse(d.document),
      revision: d.revision,
      etag: etagOf(d.revision),
      dirty: await this.pending(id, d),
      baseVersion: d.baseVersion,
      currentVersion: p.currentVersion,
      archived: p.archivedAt !== null,
      updatedAt: d.updatedAt,
      check: publicCheck(await this.check(d.document)),
    };
  }

  private async conflict(id: string, sent: number): Promise<AppError> {
    const now = await this.repo.getDraft(id);
    const who = now?.updatedBy ? await this.ctx.users.findById(now.updatedBy) : null;
    return AppError.conflict(
      'draft_conflict',
      `This draft was saved by ${who?.email ?? 'someone else'} since you loaded it (you edited revision ${sent}, it is now at revision ${now?.revision ?? '?'}). ` +
        'Your changes were not saved: reload the draft, then make them again.',
      {
        revision: now?.revision ?? null,
        etag: now ? etagOf(now.revision) : null,
        updatedAt: now?.updatedAt ?? null,
        updatedBy: who?.email ?? null,
      },
    );
  }

  async saveDraft(id: string, ifMatch: string | undefined, document: unknown, userId: string): Promise<DraftView> {
    if (ifMatch === undefined)
      throw new AppError(
        428,
        'precondition_required',
        'send If-Match with the ETag of the draft you loaded, so no one else’s save is overwritten',
      );
    const expected = revisionOf(ifMatch);
    if (expected === null)
      throw new AppError(412, 'precondition_failed', `If-Match ${ifMatch.slice(0, 40)} is not an ETag of this draft; reload it`);
    if (typeof document !== 'object' || document === null || Array.isArray(document))
      throw AppError.badRequest('the draft is a JSON object (a product document)');
    const docId = (document as { id?: unknown }).id;
    if (docId !== id) throw AppError.badRequest(`the draft's "id" must stay "${id}"; duplicate the product to make another`);
    const p = await this.productOr404(id);
    const text = JSON.stringify(document);
    const before = await this.repo.getDraft(id);
    const baseVersion = before?.baseVersion ?? p.currentVersion;
    const rev = await this.repo.saveDraft(id, expected, { document: text, dirty: true, baseVersion }, userId);
    if (rev === null) throw await this.conflict(id, expected);
    return this.getDraft(id);
  }

  async create(input: { id: string; from?: string | undefined; name?: string | undefined }, userId: string) {
    let doc: Record<string, unknown>;
    let assets = new Map<string, string>();
    if (input.from) {
      const src = await this.draftRow(input.from);
      doc = { ...(JSON.parse(src.document) as Record<string, unknown>), id: input.id };
      if (input.name) doc.name = input.name;
      assets = await this.repo.draftAssets(input.from);
      if (src.baseVersion !== null)
        for (const [p, sha] of await this.repo.versionAssets(input.from, src.baseVersion)) if (!assets.has(p)) assets.set(p, sha);
    } else doc = blankProduct(input.id, input.name);
    if (!(await this.repo.createProduct(input.id, JSON.stringify(doc), userId)))
      throw AppError.conflict('product_exists', `a product "${input.id}" already exists (archived ones count too)`);
    await this.repo.copyDraftAssets(assets, input.id);
    return this.getDraft(input.id);
  }

  async setArchived(id: string, archived: boolean) {
    const p = await this.productOr404(id);
    if (!archived && p.currentVersion === null) throw AppError.conflict('not_published', 'publish the product first');
    await this.repo.setArchived(id, archived);
  }

  /** Every file the product points at, from the draft's uploads, else the version it started from. */
  private async resolveAssets(id: string, product: Product, baseVersion: number | null) {
    const draft = await this.repo.draftAssets(id);
    const base = baseVersion === null ? new Map<string, string>() : await this.repo.versionAssets(id, baseVersion);
    const files = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const rel of referencedAssets(product)) {
      const sha = draft.get(rel) ?? base.get(rel);
      const a = sha ? await this.repo.assetContent(sha) : null;
      if (a) files.set(rel, a.content);
      else missing.push(rel);
    }
    return { files, missing };
  }

  /**
   * Files uploaded to the draft that differ from the version it started from, limited to the files
   * the draft points at when it parses: a new .glb is a change to publish even with the JSON unchanged.
   */
  private async changedAssets(id: string, d: DraftRow): Promise<string[]> {
    const draft = await this.repo.draftAssets(id);
    if (draft.size === 0) return [];
    const base = d.baseVersion === null ? new Map<string, string>() : await this.repo.versionAssets(id, d.baseVersion);
    const product = (await this.check(d.document)).product;
    const used = product ? new Set(referencedAssets(product)) : null;
    return [...draft].filter(([rel, sha]) => (!used || used.has(rel)) && base.get(rel) !== sha).map(([rel]) => rel);
  }

  /** Unpublished changes: the saved document, or a file the draft uses. */
  private async pending(id: string, d: DraftRow): Promise<boolean> {
    return d.dirty || (await this.changedAssets(id, d)).length > 0;
  }

  async publish(id: string, input: { note: string; ifMatch?: string | undefined }, userId: string) {
    await this.productOr404(id);
    const d = await this.draftRow(id);
    if (input.ifMatch !== undefined && revisionOf(input.ifMatch) !== d.revision)
      throw await this.conflict(id, revisionOf(input.ifMatch) ?? -1);
    if (!(await this.pending(id, d)))
      throw AppError.conflict('nothing_to_publish', 'the draft has no unpublished changes (neither the document nor its files)');
    const check = await this.check(d.document);
    if (!check.ok || !check.product)
      throw new AppError(
        422,
        'draft_invalid',
        'the draft has problems; fix them before publishing (the live version is unchanged)',
        {
          schema: check.schema,
          lint: check.lint.filter((f) => f.severity === 'error'),
        },
      );
    const { files, missing } = await this.resolveAssets(id, check.product, d.baseVersion);
    if (missing.length) throw new AppError(422, 'assets_missing', `upload these files first: ${missing.join(', ')}`, { missing });
    const problems = await this.modelProblemsOf(check.product, files.get(check.product.model.file));
    if (problems.length)
      throw new AppError(
        422,
        'model_mismatch',
        `the model lacks parts the options drive: ${problems
          .slice(0, 5)
          .map((p) => p.name)
          .join(', ')}; map them to parts of the model before publishing`,
        { problems },
      );
    const version = await this.ctx.catalog.publish({ product: check.product, assets: files, note: input.note, userId });
    await this.repo.saveDraft(id, d.revision, { document: d.document, dirty: false, baseVersion: version }, userId);
    await this.repo.clearDraftAssets(id);
    return { version };
  }

  /** Parts the product names that its model lacks (none when the file cannot be read: publish checked it on upload). */
  private async modelProblemsOf(product: Product, content: Buffer | undefined) {
    if (!content) return [];
    const sha = createHash('sha256').update(content).digest('hex');
    let parts = this.inspections.get(sha);
    if (!parts) {
      const r = await this.inspectGlb(content, Number.MAX_SAFE_INTEGER);
      if (!r.ok) return [];
      parts = r.parts;
      this.inspections.set(sha, parts);
    }
    return modelWarnings(product, parts);
  }

  /**
   * Drop the draft's unpublished changes: the draft becomes the live version again. The
   * discarded document and its files are returned, so the studio can restore them (undo).
   */
  async discard(id: string, ifMatch: string | undefined, userId: string) {
    const p = await this.productOr404(id);
    const d = await this.draftRow(id);
    if (ifMatch === undefined || revisionOf(ifMatch) !== d.revision)
      throw await this.conflict(id, revisionOf(ifMatch ?? '') ?? -1);
    const live = await this.published(id);
    if (!live || p.currentVersion === null)
      throw AppError.conflict('not_published', 'this product was never published: there is no live version to go back to');
    if (!(await this.pending(id, d))) throw AppError.conflict('nothing_to_discard', 'the draft has no unpublished changes');
    const assets = Object.fromEntries(await this.repo.draftAssets(id));
    const rev = await this.repo.saveDraft(
      id,
      d.revision,
      { document: JSON.stringify(live.product), dirty: false, baseVersion: p.currentVersion },
      userId,
    );
    if (rev === null) throw await this.conflict(id, d.revision);
    await this.repo.clearDraftAssets(id);
    return { draft: await this.getDraft(id), discarded: { document: JSON.parse(d.document) as unknown, assets } };
  }

  /** Undo a discard: the discarded document becomes the draft again, with the files it had (by content hash). */
  async restore(
    id: string,
    ifMatch: string | undefined,
    input: { document: unknown; assets: Record<string, string> },
    userId: string,
  ) {
    for (const [rel, sha] of Object.entries(input.assets))
      if (!(await this.repo.assetContent(sha)))
        throw AppError.badRequest(`the file ${rel} of the discarded draft is not stored on this server`);
    await this.saveDraft(id, ifMatch, input.document, userId);
    await this.repo.copyDraftAssets(new Map(Object.entries(input.assets)), id);
    return this.getDraft(id);
  }

  async rollback(id: string, input: { version: number; note: string }, userId: string) {
    await this.productOr404(id);
    const v = await this.ctx.catalog.getVersion(id, input.version);
    if (!v) throw AppError.notFound(`product "${id}" has no version ${input.version}`);
    const files = new Map<string, Buffer>();
    for (const [rel, sha] of await this.repo.versionAssets(id, v.version)) {
      const a = await this.repo.assetContent(sha);
      if (a) files.set(rel, a.content);
    }
    const note = input.note || `rollback to version ${v.version}`;
    const version = await this.ctx.catalog.publish({ product: v.product, assets: files, note, userId });
    // An untouched draft follows the live version; unpublished work is left as it is.
    const d = await this.repo.getDraft(id);
    if (d && !d.dirty)
      await this.repo.saveDraft(
        id,
        d.revision,
        { document: JSON.stringify(v.product), dirty: false, baseVersion: version },
        userId,
      );
    return { version, from: v.version };
  }

  async versions(id: string) {
    const p = await this.productOr404(id);
    const list = await this.ctx.catalog.listVersions(id);
    return { current: p.currentVersion, versions: list.map((v) => ({ ...v, version: Number(v.version) })) };
  }

  async version(id: string, n: number) {
    const v = await this.ctx.catalog.getVersion(id, n);
    if (!v) throw AppError.notFound(`product "${id}" has no version ${n}`);
    return v;
  }

  /** A side of a diff: a version number, or the draft (which must parse). */
  private async side(id: string, which: number | 'draft'): Promise<Product> {
    if (which !== 'draft') return (await this.version(id, which)).product;
    const check = await this.check((await this.draftRow(id)).document);
    if (!check.product)
      throw new AppError(422, 'draft_invalid', 'the draft does not parse, so it cannot be compared', { schema: check.schema });
    return check.product;
  }

  async diff(id: string, from: number | 'draft', to: number | 'draft') {
    await this.productOr404(id);
    return { from, to, changes: diffProducts(await this.side(id, from), await this.side(id, to)) };
  }

  /** A .glb read in a task thread (glTF-Transform and the texture checks stay off the event loop). */
  private inspectGlb(content: Buffer, maxBytes: number): Promise<GlbInspection> {
    if (content.length > maxBytes)
      return Promise.resolve({
        ok: false,
        code: 'model_too_large',
        message: `the model is ${content.length} bytes; the limit is ${maxBytes}`,
      });
    return this.ctx.tasks.run('inspectGlb', { bytes: content, maxBytes }).catch((e: unknown) => taskRefusal(e, 'model'));
  }

  async uploadAsset(id: string, rel: string, content: Buffer) {
    await this.productOr404(id);
    const ext = path.extname(rel).toLowerCase();
    let parts: ModelParts | null = null;
    const imageType = IMAGE_TYPES[ext];
    if (ext === '.glb') {
      const r = await this.inspectGlb(content, this.maxModelBytes);
      if (!r.ok) throw new AppError(r.code === 'model_too_large' ? 413 : 422, r.code, r.message);
      parts = r.parts;
    } else if (imageType) {
      if (content.length > this.maxModelBytes)
        throw new AppError(413, 'file_too_large', `the limit is ${this.maxModelBytes} bytes`);
      const r = await this.ctx.tasks
        .run('checkImage', { bytes: content, type: imageType })
        .catch((e: unknown) => taskRefusal(e, 'image'));
      if (!r.ok)
        throw new AppError(
          422,
          r.code === 'image_too_large' ? 'image_too_large' : 'file_not_image',
          `${ext} texture: ${r.message}`,
        );
    } else throw new AppError(415, 'unsupported_file', 'upload a .glb model or a .png, .jpg or .webp texture');
    const sha256 = await this.repo.putDraftAsset(id, rel, content);
    if (parts) this.inspections.set(sha256, parts);
    const check = await this.check((await this.draftRow(id)).document);
    return {
      path: rel,
      sha256,
      size: content.length,
      ...(parts ? { parts, warnings: check.product ? modelWarnings(check.product, parts) : [] } : {}),
    };
  }

  /** The draft's file at a path: uploaded to the draft, else the version it started from. */
  async draftAsset(id: string, rel: string) {
    const d = await this.draftRow(id);
    const sha =
      (await this.repo.draftAssets(id)).get(rel) ??
      (d.baseVersion === null ? undefined : (await this.repo.versionAssets(id, d.baseVersion)).get(rel));
    const a = sha ? await this.repo.assetContent(sha) : null;
    if (!sha || !a) throw AppError.notFound(`the draft of "${id}" has no file ${rel}`);
    return { sha256: sha, ...a };
  }

  /** The parts of the draft's model and the options that point at parts it lacks. */
  async model(id: string) {
    const d = await this.draftRow(id);
    const check = await this.check(d.document);
    const file = check.product?.model.file ?? (JSON.parse(d.document) as { model?: { file?: unknown } }).model?.file;
    if (typeof file !== 'string') return { file: null, sha256: null, parts: null, warnings: [] };
    let asset;
    try {
      asset = await this.draftAsset(id, file);
    } catch {
      return {
        file,
        sha256: null,
        parts: null,
        warnings: [{ path: ['model', 'file'], message: `no model "${file}" uploaded yet` }],
      };
    }
    let parts = this.inspections.get(asset.sha256);
    if (!parts) {
      const r = await this.inspectGlb(asset.content, Number.MAX_SAFE_INTEGER);
      if (!r.ok) return { file, sha256: asset.sha256, parts: null, warnings: [{ path: ['model', 'file'], message: r.message }] };
      parts = r.parts;
      this.inspections.set(asset.sha256, parts);
    }
    return { file, sha256: asset.sha256, parts, warnings: check.product ? modelWarnings(check.product, parts) : [] };
  }

  async exportProduct(id: string, source: 'published' | 'draft'): Promise<unknown> {
    if (source === 'draft') return JSON.parse((await this.draftRow(id)).document);
    const v = await this.published(id);
    if (!v) throw AppError.notFound(`product "${id}" is not published`);
    return v.product;
  }

  async exportCatalog(source: 'published' | 'draft') {
    const products = [];
    for (const p of await this.repo.listProducts()) {
      if (p.archivedAt !== null) continue;
      if (source === 'published' && p.currentVersion === null) continue;
      const product = await this.exportProduct(p.id, source);
      const assets =
        source === 'published'
          ? [...(await this.repo.versionAssets(p.id, p.currentVersion!)).keys()].map((rel) => ({
              path: rel,
              url: `/assets/catalog/${p.id}/v${p.currentVersion}/${rel}`,
            }))
          : [];
      products.push({ id: p.id, version: p.currentVersion, product, assets });
    }
    return { format: 'maatwerk-catalog/1', exportedAt: new Date().toISOString(), products };
  }

  /**
   * Import product documents as drafts, all or nothing: every document must parse first.
   * With publish, every one must also pass the checks and have its files, or none is published.
   */
  async import(input: { products: unknown[]; publish: boolean; note: string }, userId: string) {
    const issues: { index: number; id?: unknown; path: (string | number)[]; message: string }[] = [];
    const parsed: Product[] = [];
    const seen = new Set<string>();
    input.products.forEach((doc, index) => {
      const r = parseProduct(doc);
      const id = (doc as { id?: unknown } | null)?.id;
      if (!r.ok) for (const i of r.issues.slice(0, 50)) issues.push({ index, id, ...i });
      else if (seen.has(r.product.id))
        issues.push({ index, id, path: ['id'], message: `product "${r.product.id}" is in the import twice` });
      else {
        seen.add(r.product.id);
        parsed.push(r.product);
      }
    });
    if (issues.length)
      throw new AppError(422, 'import_invalid', 'the import has problems; nothing was imported', {
        issues: issues.slice(0, 200),
      });
    if (input.publish) {
      // Checked side by side: the engine's threads take them in parallel.
      const checks = await Promise.all(parsed.map((product) => this.check(JSON.stringify(product))));
      for (const [index, product] of parsed.entries()) {
        const check = checks[index]!;
        for (const f of check.lint.filter((x) => x.severity === 'error'))
          issues.push({ index, id: product.id, path: f.path, message: f.message });
        const row = await this.repo.getProduct(product.id);
        const d = await this.repo.getDraft(product.id);
        const { missing } = await this.resolveAssets(product.id, product, d?.baseVersion ?? row?.currentVersion ?? null);
        for (const m of missing)
          issues.push({ index, id: product.id, path: ['model'], message: `file ${m} is not on the server: upload it first` });
      }
      if (issues.length)
        throw new AppError(422, 'import_invalid', 'the import cannot be published; nothing was imported', { issues });
    }
    const results = [];
    for (const product of parsed) {
      const text = JSON.stringify(product);
      const live = await this.published(product.id);
      const d0 = await this.repo.getDraft(product.id);
      if (live && JSON.stringify(live.product) === text && !d0?.dirty) {
        results.push({ id: product.id, created: false, version: null, unchanged: true });
        continue;
      }
      let created = false;
      if (!(await this.repo.getProduct(product.id))) created = await this.repo.createProduct(product.id, text, userId);
      if (!created) {
        // An import replaces the draft on purpose; an editor holding the old ETag then gets a 409.
        for (let attempt = 0; attempt < 5; attempt++) {
          const d = await this.draftRow(product.id);
          const rev = await this.repo.saveDraft(
            product.id,
            d.revision,
            { document: text, dirty: true, baseVersion: d.baseVersion },
            userId,
          );
          if (rev !== null) break;
        }
      }
      const version = input.publish ? (await this.publish(product.id, { note: input.note }, userId)).version : null;
      results.push({ id: product.id, created, version, unchanged: false });
    }
    return { imported: results };
  }
}
