import { z } from 'zod';
import { Id, singleLine } from '../schema/primitives.js';

/*
 * The bodies of the studio's routes (/api/studio/…): one zod schema each, imported by the server
 * (validation at its edge, the OpenAPI document) and by the client (client/studio/studioApi.ts
 * types its calls with them and checks every answer against them). Plain zod only: `.meta()`
 * carries what the OpenAPI document says (`id` names a component), so catalog/ stays pure.
 */

/** A product document as the studio edits it: any JSON object (a draft may be invalid). */
export const Json = z.unknown().meta({ type: 'object' });
const Path = z.array(z.union([z.string(), z.number()]));
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

// Requests

export const CreateProductBody = z
  .strictObject({ id: Id, from: Id.optional(), name: singleLine().min(1).max(200).optional() })
  .meta({ id: 'StudioCreateProduct', description: 'A new product from scratch, or a copy of `from` (its draft and files).' });
export const ArchiveBody = z.strictObject({ archived: z.boolean().default(true) });
export const PublishBody = z
  .strictObject({ note: z.string().trim().min(1, 'say what changed').max(2000) })
  .meta({ id: 'StudioPublish' });
export const RestoreBody = z
  .strictObject({
    document: Json,
    assets: z.record(z.string().max(400), Sha256).default({}),
  })
  .meta({ id: 'StudioRestoreDraft', description: 'A discarded draft (as the discard answered it) to make the draft again.' });
export const RollbackBody = z.strictObject({ version: z.number().int().min(1), note: z.string().max(2000).default('') });
export const ImportBody = z
  .strictObject({
    products: z.array(Json).min(1).max(500),
    publish: z.boolean().default(false),
    note: z.string().max(2000).default('imported'),
  })
  .meta({ id: 'StudioImport' });
export const RecommendationSettingsBody = z.strictObject({
  enabled: z.boolean().optional(),
  minOrders: z.number().int().min(1).max(1_000_000).optional(),
});

// Answers

export const Issue = z.object({ path: Path, message: z.string() });
export type Issue = z.infer<typeof Issue>;
export const Finding = Issue.extend({ severity: z.enum(['error', 'warning']), code: z.string() });
export type Finding = z.infer<typeof Finding>;
export const Check = z
  .object({
    schema: z.array(Issue),
    lint: z.array(Finding),
    variants: z.string().nullable(),
    ok: z.boolean(),
    status: z.enum(['ok', 'warnings', 'errors']),
  })
  .meta({ id: 'StudioCheck' });
export type Check = z.infer<typeof Check>;
export const Draft = z
  .object({
    productId: z.string(),
    document: Json,
    revision: z.number().int(),
    etag: z.string(),
    dirty: z.boolean(),
    baseVersion: z.number().int().nullable(),
    currentVersion: z.number().int().nullable(),
    archived: z.boolean(),
    updatedAt: z.string().nullable(),
    check: Check,
  })
  .meta({ id: 'StudioDraft' });
export type Draft = z.infer<typeof Draft>;
export const StudioProduct = z
  .object({
    id: z.string(),
    name: Json,
    publishedVersion: z.number().int().nullable(),
    archived: z.boolean(),
    hasDraft: z.boolean(),
    lint: z.enum(['ok', 'warnings', 'errors']),
    problems: z.number().int(),
    variants: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'StudioProduct' });
export type StudioProduct = z.infer<typeof StudioProduct>;
export const StudioProductList = z.object({ products: z.array(StudioProduct) });
export const Parts = z.object({
  meshes: z.array(z.string()),
  materials: z.array(z.string()),
  nodes: z.array(z.string()),
  meshNodes: z.array(z.string()),
});
export type Parts = z.infer<typeof Parts>;
export const ModelInfo = z.object({
  file: z.string().nullable(),
  sha256: z.string().nullable().meta({ description: 'Content hash of the file (changes with every new upload)' }),
  parts: Parts.nullable(),
  warnings: z.array(Issue),
});
export type ModelInfo = z.infer<typeof ModelInfo>;
/** A stored file of the draft; a .glb's parts and warnings with it. */
export const StoredAsset = z.object({
  path: z.string(),
  sha256: z.string(),
  size: z.number(),
  parts: Parts.optional(),
  warnings: z.array(Issue).optional(),
});
export const Published = z.object({ version: z.number().int() });
export const RolledBack = z.object({ version: z.number().int(), from: z.number().int() });
export const Discarded = z.object({ document: Json, assets: z.record(z.string(), z.string()) });
export type Discarded = z.infer<typeof Discarded>;
export const DiscardAnswer = z.object({ draft: Draft, discarded: Discarded });

export const Version = z.object({
  version: z.number().int(),
  note: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable().meta({ description: "The author's e-mail" }),
});
export type Version = z.infer<typeof Version>;
/** The published versions of a product, newest first. */
export const VersionList = z.object({ current: z.number().int().nullable(), versions: z.array(Version) });
export const VersionDocument = z.object({ version: z.number().int(), note: z.string(), createdAt: z.string(), product: Json });

export const Change = z.object({
  section: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  path: Path,
  text: z.string(),
  before: Json.optional(),
  after: Json.optional(),
});
export type Change = z.infer<typeof Change>;
export const Diff = z.object({
  from: z.union([z.number(), z.string()]),
  to: z.union([z.number(), z.string()]),
  changes: z.array(Change),
});

export const CatalogExport = z.object({ format: z.string(), exportedAt: z.string(), products: z.array(Json) });
/** What an import did with each document. */
export const ImportResult = z.object({
  imported: z.array(z.object({ id: z.string(), created: z.boolean(), version: z.number().nullable(), unchanged: z.boolean() })),
});

/** Live versions without a storefront thumbnail (the studio renders them). */
export const MissingThumbnails = z.object({ missing: z.array(z.object({ productId: z.string(), version: z.number().int() })) });
export const StoredThumbnail = z.object({
  productId: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  url: z.string(),
});

/** A product's recommendation settings and model state (server/recommend). */
export const RecommendationStatus = z
  .object({
    productId: z.string(),
    enabled: z.boolean(),
    minOrders: z.number().int(),
    orders: z.number().int(),
    learnedAt: z.string().nullable(),
    learnMs: z.number().int().nullable(),
  })
  .meta({ id: 'RecommendationStatus' });
export type RecommendationStatus = z.infer<typeof RecommendationStatus>;
