import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

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

/**
 * The configured variants shoppers view in AR on Android: Scene Viewer fetches the model by URL,
 * so the model the browser exported is kept here for a while, named by its hash (the same
 * configuration is stored once). Bounded in bytes and time, in memory: a model is only needed
 * for the minutes between the tap and Scene Viewer's download, and the phone asks the instance
 * that answered the upload (behind a load balancer: sticky sessions, or the shopper taps again).
 */
export class ArModelStore {
  private readonly cache: LRUCache<string, Buffer>;

  constructor({ maxBytes = 128 * 1024 * 1024, ttlMs = 60 * 60 * 1000 }: { maxBytes?: number; ttlMs?: number } = {}) {
    this.cache = new LRUCache<string, Buffer>({ maxSize: maxBytes, sizeCalculation: (b) => Math.max(1, b.length), ttl: ttlMs });
  }

  /** Stores a checked .glb; returns its SHA-256. */
  put(glb: Buffer): string {
    const sha = createHash('sha256').update(glb).digest('hex');
    if (!this.cache.has(sha)) this.cache.set(sha, glb);
    return sha;
  }

  get(sha256: string): Buffer | undefined {
    return this.cache.get(sha256);
  }
}
