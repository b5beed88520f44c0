import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { AppError } from '../http/AppError.js';
import { clientKey } from '../http/ipAddress.js';
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

/** How long an address an account signed in from stays known (may sign in past the account-wide limit). */
const KNOWN_FOR_MS = 90 * 24 * 3600_000;

/** The table of migration 0011, as Kysely sees it. */
type SignInTables = { sign_in_addresses: { email: string; address: string; last_at: string } };
const signInDb = (db: Kysely<Database>) => db.withTables<SignInTables>();

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

  /** Password checks run (each costs a scrypt): what the sign-in limits bound. */
  readonly stats = { verifications: 0 };

  private tooMany(now: number): AppError {
    const secs = Math.max(1, Math.ceil(this.limiter.retryAfterMs(now) / 1000));
    return new AppError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${secs} s`, undefined, {
      'Retry-After': String(secs),
    });
  }

  /**
   * Check a password; returns a new session. Each attempt is reserved before the password is
   * hashed, by one atomic increment in the database per counter (shared by every instance), so
   * parallel guesses cannot pass a limit by racing it. Three counters, per window:
   * - the client address (IPv6 by its /64): 5 × LOGIN_MAX_ATTEMPTS attempts, over all accounts;
   * - the account and address together: LOGIN_MAX_ATTEMPTS — the lockout, which only stops that
   *   address: guesses from elsewhere cannot lock the owner out;
   * - the account over all addresses: 3 × LOGIN_MAX_ATTEMPTS, against guessing from many
   *   addresses; past it, only addresses the account has signed in from before may still try.
   * A right password gives its attempt back and clears the account-and-address counter.
   */
  async login(emailInput: string, password: string, ip: string) {
    const email = normaliseEmail(emailInput);
    const client = clientKey(ip);
    const now = Date.now();
    const max = this.opts.loginMaxAttempts;
    const addressKey = `login:ip:${client}`;
    const pairKey = `login:pair:${email}|${client}`;
    const accountKey = `login:email:${email}`;
    if ((await this.limiter.hit(addressKey, now)) > max * 5) throw this.tooMany(now);
    if ((await this.limiter.hit(pairKey, now)) > max) throw this.tooMany(now);
    if ((await this.limiter.hit(accountKey, now)) > max * 3 && !(await this.knownAddress(email, client))) throw this.tooMany(now);

    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    // Verify against a dummy hash for unknown e-mails so timing does not tell which accounts exist.
    this.dummyHash ??= hashPassword(DUMMY_HASH_PASSWORD, this.opts.scryptCost);
    this.stats.verifications++;
    const ok = await verifyPassword(password, row?.password_hash ?? (await this.dummyHash));
    if (!row || !ok) throw new AppError(401, 'invalid_credentials', 'wrong e-mail or password');
    await this.limiter.reset(pairKey, now);
    await this.limiter.release(addressKey, now);
    await this.limiter.release(accountKey, now);
    await this.rememberAddress(email, client, now);
    const token = randomToken(32);
    const csrfToken = randomToken(24);
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

  private async knownAddress(email: string, client: string): Promise<boolean> {
    const r = await signInDb(this.db)
      .selectFrom('sign_in_addresses')
      .select('email')
      .where('email', '=', email)
      .where('address', '=', client)
      .where('last_at', '>=', new Date(Date.now() - KNOWN_FOR_MS).toISOString())
      .executeTakeFirst();
    return !!r;
  }

  private async rememberAddress(email: string, client: string, now: number): Promise<void> {
    const at = new Date(now).toISOString();
    const db = signInDb(this.db);
    await db
      .insertInto('sign_in_addresses')
      .values({ email, address: client, last_at: at })
      .onConflict((oc) => oc.columns(['email', 'address']).doUpdateSet({ last_at: at }))
      .execute();
    if (Math.random() < 0.05)
      await db
        .deleteFrom('sign_in_addresses')
        .where('last_at', '<', new Date(now - KNOWN_FOR_MS).toISOString())
        .execute();
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
