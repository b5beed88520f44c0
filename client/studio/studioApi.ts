import type { z } from 'zod';
import {
  type ArchiveBody,
  type CreateProductBody,
  Diff,
  DiscardAnswer,
  Draft,
  MissingThumbnails,
  ModelInfo,
  Published,
  type PublishBody,
  type RecommendationSettingsBody,
  RecommendationStatus,
  type RestoreBody,
  RolledBack,
  type RollbackBody,
  StoredAsset,
  StoredThumbnail,
  StudioProductList,
  VersionList,
  type Discarded,
} from '../../catalog/api/studioContract.js';
import { ApiError, requestJson } from '../api/http.js';
import { fetchMe, sessionInit, signIn, signOut, type SessionUser } from '../api/session.js';

export type StudioUser = SessionUser;
export type {
  Change,
  Check,
  Discarded,
  Draft,
  Finding,
  Issue,
  ModelInfo,
  Parts,
  RecommendationStatus,
  StudioProduct,
  Version,
} from '../../catalog/api/studioContract.js';

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

export const listProducts = async () => (await requestJson('/api/studio/products', StudioProductList, json('GET'))).products;
export const createProduct = (body: z.input<typeof CreateProductBody>) =>
  requestJson('/api/studio/products', Draft, json('POST', body));
export const archiveProduct = async (id: string, archived: boolean) => {
  const res = await fetch(`${p(id)}/archive`, json('POST', { archived } satisfies z.input<typeof ArchiveBody>));
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
  requestJson(
    `${p(id)}/publish`,
    Published,
    json('POST', { note } satisfies z.input<typeof PublishBody>, { 'If-Match': etag }),
  ).then(announce);
export const rollback = (id: string, version: number) =>
  requestJson(
    `${p(id)}/rollback`,
    RolledBack,
    json('POST', { version, note: `rollback to version ${version}` } satisfies z.input<typeof RollbackBody>),
  ).then(announce);

/** Live versions without a storefront thumbnail. */
export const missingThumbnails = async () =>
  (await requestJson('/api/studio/thumbnails/missing', MissingThumbnails, json('GET'))).missing;
export async function putThumbnail(id: string, version: number, png: Blob) {
  const init = json('PUT');
  return requestJson(`${p(id)}/versions/${version}/thumbnail`, StoredThumbnail, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'Content-Type': 'image/png' },
    body: png,
  });
}
export const listVersions = (id: string) => requestJson(`${p(id)}/versions`, VersionList, json('GET'));
export const diff = (id: string, from: number | 'draft', to: number | 'draft') =>
  requestJson(`${p(id)}/diff?from=${from}&to=${to}`, Diff, json('GET'));
export const modelInfo = (id: string) => requestJson(`${p(id)}/model`, ModelInfo, json('GET'));
export const draftAssetBase = (id: string) => `${p(id)}/draft/assets/`;

export async function uploadModel(id: string, file: File) {
  const init = json('PUT');
  return requestJson(`${p(id)}/draft/assets/${encodeURIComponent(file.name)}`, StoredAsset, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'Content-Type': 'model/gltf-binary' },
    body: file,
  });
}

export const recommendationStatus = (id: string) => requestJson(`${p(id)}/recommendation`, RecommendationStatus, json('GET'));
export const updateRecommendation = (id: string, settings: z.input<typeof RecommendationSettingsBody>) =>
  requestJson(`${p(id)}/recommendation`, RecommendationStatus, json('PUT', settings));
export const rebuildRecommendation = (id: string) =>
  requestJson(`${p(id)}/recommendation/rebuild`, RecommendationStatus, json('POST'));

/** Drop the draft's unpublished changes; the answer carries the discarded draft for undo. */
export const discardDraft = (id: string, etag: string) =>
  requestJson(`${p(id)}/draft/discard`, DiscardAnswer, json('POST', {}, { 'If-Match': etag }));
/** Undo a discard. */
export const restoreDraft = (id: string, discarded: Discarded, etag: string) =>
  requestJson(
    `${p(id)}/draft/restore`,
    Draft,
    json('POST', discarded satisfies z.input<typeof RestoreBody>, { 'If-Match': etag }),
  );

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' };
/** Upload a texture (PNG, JPEG, WebP) to the draft under textures/; answers the path to put in the material. */
export async function uploadTexture(id: string, file: File) {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  const init = json('PUT');
  const name = file.name.replace(/[^A-Za-z0-9._-]+/g, '-');
  return requestJson(`${p(id)}/draft/assets/textures/${encodeURIComponent(name)}`, StoredAsset, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'Content-Type': IMAGE_TYPES[ext] ?? 'application/octet-stream' },
    body: file,
  });
}
