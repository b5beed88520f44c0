import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { deleteInBatches } from '../db/purge.js';
import type { ArModelsRepository } from './arModelsRepository.js';

/** URL of a stored AR model. */
export const arModelUrl = (sha256: string): string => `/api/ar-models/${sha256}.glb`;

/** Is this a whole binary glTF 2.0 file? Checks the header, the declared length and the JSON chunk. */
export function checkGlb(buf: Buffer): { ok: true } | { ok: false; message: string } {
  if (buf.length < 20 || buf.toString('ascii', 0, 4) !== 'glTF') return { ok: false, message: 'not a binary glTF (.glb) file' };
  if (buf.readUInt32LE(4) !== 2) return { ok: false, message: 'only glTF 2.0 is accepted' };
  if (buf.readUInt32LE(8) !== buf.length) return { ok: false, message: 'the .glb is cut off or has bytes after its end' };
  const jsonLength = buf.readUInt32LE(12);
  if (buf.toString('ascii', 16, 20) !== 'JSON' || 20 + jsonLength > buf.length)
    return { ok: false, message: 'the .glb has no JSON chunk first' };
  try {
    const doc = JSON.parse(buf.toString('utf8', 20, 20 + jsonLength)) as { asset?: { version?: unknown } };
    if (doc.asset?.version !== '2.0') return { ok: false, message: 'the .glb does not say asset.version "2.0"' };
  } catch {
    return { ok: false, message: 'the .glb JSON chunk does not parse' };
  }
  return { ok: true };
}

/** What a stored model counts for beyond its bytes, so that many tiny models cannot grow the table without bound. */
export const AR_MODEL_ROW_CHARGE = 4096;

export interface ArModelStoreOptions {
  /** Total of the stored models (each counts its size plus AR_MODEL_ROW_CHARGE); the ones that expire first go. */
  maxBytes?: number;
  /** How long a model is kept after it was last posted. */
  ttlMs?: number;
  /** The read cache of this instance, in bytes (0: none). */
  cacheBytes?: number;
  now?: () => number;
}

/**
 * The configured variants shoppers view in AR on Android: Scene Viewer fetches the model by URL,
 * so the model the browser exported is kept for a while, named by its hash (the same
 * configuration is stored once). In the database, so behind a load balancer any instance serves
 * what another took; bounded in total size and time. Each instance keeps the models it served
 * lately in a small read cache: the bytes under a hash never change, so the cache can only be
 * wrong about the expiry, which it keeps with them.
 */
export class ArModelStore {
  private readonly cache: LRUCache<string, { glb: Buffer; expiresAt: number }> | undefined;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly repo: ArModelsRepository,
    {
      maxBytes = 128 * 1024 * 1024,
      ttlMs = 60 * 60 * 1000,
      cacheBytes = 32 * 1024 * 1024,
      now = Date.now,
    }: ArModelStoreOptions = {},
  ) {
    this.maxBytes = maxBytes;
    this.ttlMs = ttlMs;
    this.now = now;
    this.cache =
      cacheBytes > 0 ? new LRUCache({ maxSize: cacheBytes, sizeCalculation: (e) => Math.max(1, e.glb.length) }) : undefined;
  }

  /** Stores a checked .glb (or pushes its expiry on); returns its SHA-256. */
  async put(glb: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(glb).digest('hex');
    const now = this.now();
    const expiresAt = now + this.ttlMs;
    const expires_at = new Date(expiresAt).toISOString();
    if (!(await this.repo.refresh(sha256, expires_at))) {
      await this.repo.insert({ sha256, glb, size: glb.length, created_at: new Date(now).toISOString(), expires_at });
      await this.fitWithin(sha256);
    }
    if (this.cache && glb.length <= this.cache.maxSize) this.cache.set(sha256, { glb, expiresAt });
    return sha256;
  }

  /** The model, unless it is unknown, expired, or was dropped for room. */
  async get(sha256: string): Promise<Buffer | undefined> {
    const now = this.now();
    const cached = this.cache?.get(sha256);
    if (cached && cached.expiresAt > now) return cached.glb;
    const row = await this.repo.find(sha256, new Date(now).toISOString());
    if (!row) {
      this.cache?.delete(sha256);
      return undefined;
    }
    if (this.cache && row.glb.length <= this.cache.maxSize)
      this.cache.set(sha256, { glb: row.glb, expiresAt: Date.parse(row.expires_at) });
    return row.glb;
  }

  /** Deletes expired models in batches of `batch` (any instance may run it); says how many went. */
  async purgeExpired(batch = 500): Promise<number> {
    const now = new Date(this.now()).toISOString();
    return deleteInBatches((limit) => this.repo.deleteExpired(now, limit), batch);
  }

  /** Drops the models that expire first (never `keep`, the one just stored) until the total is within maxBytes. */
  private async fitWithin(keep: string): Promise<void> {
    const charge = (size: number) => size + AR_MODEL_ROW_CHARGE;
    for (;;) {
      const { count, bytes } = await this.repo.usage();
      let excess = bytes + count * AR_MODEL_ROW_CHARGE - this.maxBytes;
      if (excess <= 0) return;
      const candidates = await this.repo.oldest(200, keep);
      if (!candidates.length) return;
      const drop: string[] = [];
      for (const c of candidates) {
        if (excess <= 0) break;
        drop.push(c.sha256);
        excess -= charge(c.size);
      }
      await this.repo.delete(drop);
      for (const sha of drop) this.cache?.delete(sha);
    }
  }
}
