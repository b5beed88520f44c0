import { z } from 'zod';
import { ApiError, requestJson } from '../api/http.js';
import { fetchMe, sessionInit, signIn, signOut, type SessionUser } from '../api/session.js';

export type StudioUser = SessionUser;

const Issue = z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() });
export type Issue = z.infer<typeof Issue>;
const Finding = Issue.extend({ severity: z.enum(['error', 'warning']), code: z.string() });
export type Finding = z.infer<typeof Finding>;
export const Check = z.object({
  schema: z.array(Issue),
  lint: z.array(Finding),
  variants: z.string().nullable(),
  ok: z.boolean(),
  status: z.enum(['ok', 'warnings', 'errors']),
});
export type Check = z.infer<typeof Check>;
const Draft = z.object({
  productId: z.string(),
  document: z.unknown(),
  revision: z.number(),
  etag: z.string(),
  dirty: z.boolean(),
  baseVersion: z.number().nullable(),
  currentVersion: z.number().nullable(),
  archived: z.boolean(),
  updatedAt: z.string().nullable(),
  check: Check,
});
export type Draft = z.infer<typeof Draft>;
const StudioProduct = z.object({
  id: z.string(),
  name: z.unknown(),
  publishedVersion: z.number().nullable(),
  archived: z.boolean(),
  hasDraft: z.boolean(),
  lint: z.enum(['ok', 'warnings', 'errors']),
  problems: z.number(),
  variants: z.string().nullable(),
  updatedAt: z.string(),
});
export type StudioProduct = z.infer<typeof StudioProduct>;
const Parts = z.object({
  meshes: z.array(z.string()),
  materials: z.array(z.string()),
  nodes: z.array(z.string()),
  meshNodes: z.array(z.string()),
});
export type Parts = z.infer<typeof Parts>;
const ModelInfo = z.object({
  file: z.string().nullable(),
  sha256: z.string().nullable(),
  parts: Parts.nullable(),
  warnings: z.array(Issue),
});
export type ModelInfo = z.infer<typeof ModelInfo>;
const Version = z.object({ version: z.number(), note: z.string(), createdAt: z.string(), createdBy: z.string().nullable() });
export type Version = z.infer<typeof Version>;
const Change = z.object({
  section: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  path: z.array(z.union([z.string(), z.number()])),
  text: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type Change = z.infer<typeof Change>;

const json = sessionInit;
const p = (id: string) => `/api/studio/products/${encodeURIComponent(id)}`;

export async function me(): Promise<StudioUser | null> {
  try {
    return (await fetchMe()).user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export const login = async (email: string, password: string): Promise<StudioUser> => (await signIn(email, password)).user;

export const logout = signOut;

export const listProducts = async () =>
  (await requestJson('/api/studio/products', z.object({ products: z.array(StudioProduct) }), json('GET'))).products;
export const createProduct = (body: { id: string; from?: string; name?: string }) =>
  requestJson('/api/studio/products', Draft, json('POST', body));
export const archiveProduct = async (id: string, archived: boolean) => {
  const res = await fetch(`${p(id)}/archive`, json('POST', { archived }));
  if (!res.ok) throw new ApiError(res.status, 'archive_failed', `archive failed (${res.status})`);
};
export const getDraft = (id: string) => requestJson(`${p(id)}/draft`, Draft, json('GET'));
export const saveDraft = (id: string, document: unknown, etag: string) =>
  requestJson(`${p(id)}/draft`, Draft, json('PUT', document, { 'If-Match': etag }));
/** Told after every publish or rollback (a new live version): the studio renders its storefront thumbnail. */
const published = new Set<() => void>();
export function onPublished(listener: () => void): () => void {
  published.add(listener);
  return () => void published.delete(listener);
}
const announce = <T>(r: T) => {
  for (const l of published) l();
  return r;
};
export const publish = (id: string, note: string, etag: string) =>
  requestJson(`${p(id)}/publish`, z.object({ version: z.number() }), json('POST', { note }, { 'If-Match': etag })).then(announce);
export const rollback = (id: string, version: number) =>
  requestJson(
    `${p(id)}/rollback`,
    z.object({ version: z.number() }),
    json('POST', { version, note: `rollback to version ${version}` }),
  ).then(announce);

const Missing = z.object({ missing: z.array(z.object({ productId: z.string(), version: z.number() })) });
/** Live versions without a storefront thumbnail. */
export const missingThumbnails = async () => (await requestJson('/api/studio/thumbnails/missing', Missing, json('GET'))).missing;
export async function putThumbnail(id: string, version: number, png: Blob) {
  const init = json('PUT');
  return requestJson(`${p(id)}/versions/${version}/thumbnail`, z.object({ url: z.string() }), {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'Content-Type': 'image/png' },
    body: png,
  });
}
export const listVersions = (id: string) =>
  requestJson(`${p(id)}/versions`, z.object({ current: z.number().nullable(), versions: z.array(Version) }), json('GET'));
export const diff = (id: string, from: number | 'draft', to: number | 'draft') =>
  requestJson(`${p(id)}/diff?from=${from}&to=${to}`, z.object({ changes: z.array(Change) }), json('GET'));
export const modelInfo = (id: string) => requestJson(`${p(id)}/model`, ModelInfo, json('GET'));
export const draftAssetBase = (id: string) => `${p(id)}/draft/assets/`;

export async function uploadModel(id: string, file: File) {
  const init = json('PUT');
  return requestJson(
    `${p(id)}/draft/assets/${encodeURIComponent(file.name)}`,
    z.object({ path: z.string(), sha256: z.string(), parts: Parts.optional(), warnings: z.array(Issue).optional() }),
    { ...init, headers: { ...(init.headers as Record<string, string>), 'Content-Type': 'model/gltf-binary' }, body: file },
  );
}

/** A product's recommendation settings and model state (#19, server/recommend). */
export const RecommendationStatus = z.object({
  productId: z.string(),
  enabled: z.boolean(),
  minOrders: z.number(),
  orders: z.number(),
  learnedAt: z.string().nullable(),
  learnMs: z.number().nullable(),
});
export type RecommendationStatus = z.infer<typeof RecommendationStatus>;
export const recommendationStatus = (id: string) => requestJson(`${p(id)}/recommendation`, RecommendationStatus, json('GET'));
export const updateRecommendation = (id: string, settings: { enabled?: boolean; minOrders?: number }) =>
  requestJson(`${p(id)}/recommendation`, RecommendationStatus, json('PUT', settings));
export const rebuildRecommendation = (id: string) =>
  requestJson(`${p(id)}/recommendation/rebuild`, RecommendationStatus, json('POST'));

const Discarded = z.object({ document: z.unknown(), assets: z.record(z.string(), z.string()) });
export type Discarded = z.infer<typeof Discarded>;
/** Drop the draft's unpublished changes; the answer carries the discarded draft for undo. */
export const discardDraft = (id: string, etag: string) =>
  requestJson(`${p(id)}/draft/discard`, z.object({ draft: Draft, discarded: Discarded }), json('POST', {}, { 'If-Match': etag }));
/** Undo a discard. */
export const restoreDraft = (id: string, discarded: Discarded, etag: string) =>
  requestJson(`${p(id)}/draft/restore`, Draft, json('POST', discarded, { 'If-Match': etag }));

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' };
/** Upload a texture (PNG, JPEG, WebP) to the draft under textures/; answers the path to put in the material. */
export async function uploadTexture(id: string, file: File) {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  const init = json('PUT');
  const name = file.name.replace(/[^A-Za-z0-9._-]+/g, '-');
  return requestJson(`${p(id)}/draft/assets/textures/${encodeURIComponent(name)}`, z.object({ path: z.string() }), {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'Content-Type': IMAGE_TYPES[ext] ?? 'application/octet-stream' },
    body: file,
  });
}
