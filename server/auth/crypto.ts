import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/**
 * A random, URL-safe secret of `bytes` bytes of entropy from the CSPRNG (base64url). Bytes are drawn 4 KiB at a time
 * and each is handed out once (as node:crypto's randomUUID does): one getrandom call per order
 * would be ~2 % of an order's CPU.
 */
export function randomToken(bytes = 32): string {
  if (bytes > 256) return randomBytes(bytes).toString('base64url');
  if (used + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const token = pool.toString('base64url', used, used + bytes);
  pool.fill(0, used, used + bytes); // nothing handed out stays in memory
  used += bytes;
  return token;
}

/** For high-entropy secrets (session cookies, API tokens) a fast hash is enough: nothing to brute-force. */
export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** scrypt cost (N). 2^17 with r=8 is OWASP's recommendation: 128 MiB and ~0.3 s per hash. */
export const DEFAULT_SCRYPT_COST = 2 ** 17;

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Hash a password as "scrypt$N$r$p$salt$key" (base64url), so the cost can rise without breaking old hashes. */
export async function hashPassword(password: string, cost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const r = 8;
  const p = 1;
  const key = await scryptAsync(password, salt, 32, { N: cost, r, p, maxmem: 256 * cost * r + 1024 * 1024 });
  return ['scrypt', cost, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const N = Number(n);
  const R = Number(r);
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: R,
    p: Number(p),
    maxmem: 256 * N * R + 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/** A password hash nobody can match, verified against to take the same time for unknown e-mails. */
export const DUMMY_HASH_PASSWORD = 'not-a-password';
