import { Id } from '../../catalog/index.js';
import { singleLine } from '../http/text.js';
import { z } from '../http/zod.js';

/* The request and response bodies of the studio's routes (studioRouter.ts), as zod schemas that the OpenAPI document is made from. */

export const Json = z.unknown().openapi({ type: 'object' });
export const Params = z.object({ id: Id });
export const VersionParams = z.object({ id: Id, version: z.coerce.number().int().min(1).max(1_000_000_000) });
export const AssetParams = z.object({ id: Id, path: z.array(z.string().max(200)).min(1).max(20) });
export const Side = z.union([z.literal('draft'), z.coerce.number().int().min(1).max(1_000_000_000)]);
export const DiffQuery = z.strictObject({ from: Side, to: Side.default('draft') });
export const SourceQuery = z.strictObject({ source: z.enum(['published', 'draft']).default('published') });
export const CreateBody = z
  .strictObject({ id: Id, from: Id.optional(), name: singleLine().min(1).max(200).optional() })
  .openapi('StudioCreateProduct', { description: 'A new product from scratch, or a copy of `from` (its draft and files).' });
export const ArchiveBody = z.strictObject({ archived: z.boolean().default(true) });
export const PublishBody = z
  .strictObject({ note: z.string().trim().min(1, 'say what changed').max(2000) })
  .openapi('StudioPublish');
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');
export const RestoreBody = z
  .strictObject({
    document: Json,
    assets: z.record(z.string().max(400), Sha256).default({}),
  })
  .openapi('StudioRestoreDraft', { description: 'A discarded draft (as the discard answered it) to make the draft again.' });
export const RollbackBody = z.strictObject({ version: z.number().int().min(1), note: z.string().max(2000).default('') });
export const ImportBody = z
  .strictObject({
    products: z.array(Json).min(1).max(500),
    publish: z.boolean().default(false),
    note: z.string().max(2000).default('imported'),
  })
  .openapi('StudioImport');
export const IfMatch = z.object({ 'if-match': z.string().optional().openapi({ example: '"r3"' }) });

export const Issue = z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() });
export const Check = z
  .object({
    schema: z.array(Issue),
    lint: z.array(Issue.extend({ severity: z.enum(['error', 'warning']), code: z.string() })),
    variants: z.string().nullable(),
    ok: z.boolean(),
    status: z.enum(['ok', 'warnings', 'errors']),
  })
  .openapi('StudioCheck');
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
  .openapi('StudioDraft');
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
  .openapi('StudioProduct');
export const Parts = z.object({
  meshes: z.array(z.string()),
  materials: z.array(z.string()),
  nodes: z.array(z.string()),
  meshNodes: z.array(z.string()),
});
/** The published versions of a product, newest first. */
export const VersionList = z.object({
  current: z.number().int().nullable(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      note: z.string(),
      createdAt: z.string(),
      createdBy: z.string().nullable().openapi({ description: "The author's e-mail" }),
    }),
  ),
});

/** What an import did with each document. */
export const ImportResult = z.object({
  imported: z.array(z.object({ id: z.string(), created: z.boolean(), version: z.number().nullable(), unchanged: z.boolean() })),
});
