import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { AppError } from '../http/AppError.js';
import { DUMMY_HASH_PASSWORD, hashPassword, randomToken, sha256, verifyPassword } from './crypto.js';
import { RateLimiter } from './rateLimiter.js';
import { normaliseEmail, type User } from './usersRepository.js';

export interface AuthContext {
  user: User;
  /** How the request proved who it is: a session cookie (writes need CSRF) or an API token. */
  via: 'session' | 'token';
  /** The session's CSRF token (sessions only). */
  csrfToken?: string;
  sessionHash?: string;
}

export interface AuthOptions {
  sessionTtlMs: number;
  loginMaxAttempts: number;
  loginWindowMs: number;
  scryptCost?: number | undefined;
}

const userColumns = ['users.id', 'users.email', 'users.role', 'users.created_at'] as const;

/** Sign-in, sessions and token checks, all state in the database. */
export class AuthService {
  private readonly limiter: RateLimiter;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: AuthOptions,
  ) {
    this.limiter = new RateLimiter(db, opts.loginWindowMs);
  }

  /** Check a password, rate-limited per e-mail and per client address; returns a new session. */
  async login(emailInput: string, password: string, ip: string) {
    const email = normaliseEmail(emailInput);
    const keys = [`login:email:${email}`, `login:ip:${ip}`];
    const limits = [this.opts.loginMaxAttempts, this.opts.loginMaxAttempts * 5];
    const counts = await Promise.all(keys.map((k) => this.limiter.count(k)));
    if (counts.some((c, i) => c >= limits[i]!)) {
      const secs = Math.ceil(this.limiter.retryAfterMs() / 1000);
      throw new AppError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${secs} s`, undefined, {
        'Retry-After': String(secs),
      });
    }
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    // Verify against a dummy hash for unknown e-mails so timing does not tell which accounts exist.
    this.dummyHash ??= hashPassword(DUMMY_HASH_PASSWORD, this.opts.scryptCost);
    const ok = await verifyPassword(password, row?.password_hash ?? (await this.dummyHash));
    if (!row || !ok) {
      await Promise.all(keys.map((k) => this.limiter.hit(k)));
      throw new AppError(401, 'invalid_credentials', 'wrong e-mail or password');
    }
    await this.limiter.reset(keys[0]!);
    const token = randomToken(32);
    const csrfToken = randomToken(24);
    const now = Date.now();
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: sha256(token),
        user_id: row.id,
        csrf_token: csrfToken,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + this.opts.sessionTtlMs).toISOString(),
      })
      .execute();
    if (Math.random() < 0.05)
      await this.db.deleteFrom('sessions').where('expires_at', '<', new Date(now).toISOString()).execute();
    const user: User = { id: row.id, email: row.email, role: row.role, createdAt: row.created_at };
    return { token, csrfToken, user, expiresAt: new Date(now + this.opts.sessionTtlMs) };
  }

  async logout(sessionHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', sessionHash).execute();
  }

  async fromSession(token: string): Promise<AuthContext | null> {
    const hash = sha256(token);
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([...userColumns, 'sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', hash)
      .executeTakeFirst();
    if (!r || r.expires_at < new Date().toISOString()) return null;
    return {
      user: { id: r.id, email: r.email, role: r.role as Role, createdAt: r.created_at },
      via: 'session',
      csrfToken: r.csrf_token,
      sessionHash: hash,
    };
  }

  async fromToken(token: string): Promise<AuthContext | null> {
    const hash = sha256(token);
    const r = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([...userColumns, 'api_tokens.id as token_id', 'api_tokens.last_used_at'])
      .where('api_tokens.token_hash', '=', hash)
      .executeTakeFirst();
    if (!r) return null;
    const now = new Date().toISOString();
    // Record use at most once a minute: a token used by a busy script should not write on every call.
    if (!r.last_used_at || r.last_used_at.slice(0, 16) !== now.slice(0, 16))
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', r.token_id).execute();
    return { user: { id: r.id, email: r.email, role: r.role as Role, createdAt: r.created_at }, via: 'token' };
  }
}
