import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/database.js';
import type { Database, Role } from '../db/schema.js';
import { AppError } from '../http/AppError.js';
import { hashPassword, randomToken, sha256 } from './crypto.js';
import { AccountEmail } from './accountEmail.js';

export const ROLES = ['producer', 'sales', 'admin'] as const satisfies readonly Role[];

export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
}

const toUser = (r: { id: string; email: string; role: Role; created_at: string }): User => ({
  id: r.id,
  email: r.email,
  role: r.role,
  createdAt: r.created_at,
});

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Accounts, their passwords and API tokens; shared by the HTTP API and `npm run users`. */
export class UsersRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly scryptCost?: number,
  ) {}

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async create(email: string, role: Role, password: string): Promise<User> {
    // Every way in (HTTP, `npm run users`, the first admin) makes only accounts that can sign in.
    if (!AccountEmail.safeParse(email.trim()).success)
      throw new AppError(400, 'invalid_email', `"${email}" is not an e-mail address the sign-in form accepts`);
    const row = {
      id: randomToken(12),
      email: normaliseEmail(email),
      role,
      password_hash: await hashPassword(password, this.scryptCost),
      created_at: new Date().toISOString(),
    };
    try {
      await this.db.insertInto('users').values(row).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict('user_exists', `an account for ${row.email} already exists`);
      throw e;
    }
    return toUser(row);
  }

  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').select(['id', 'email', 'role', 'created_at']).orderBy('email').execute();
    return rows.map(toUser);
  }

  async findByEmail(email: string) {
    return this.db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  }

  async findById(id: string): Promise<User | undefined> {
    const r = await this.db
      .selectFrom('users')
      .select(['id', 'email', 'role', 'created_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toUser(r);
  }

  /** Remove an account with its sessions and tokens. */
  async remove(email: string): Promise<boolean> {
    const user = await this.findByEmail(email);
    if (!user) return false;
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      await tx.deleteFrom('api_tokens').where('user_id', '=', user.id).execute();
      await tx.deleteFrom('users').where('id', '=', user.id).execute();
    });
    return true;
  }

  /** Set a new password and end every session of the account. */
  async resetPassword(email: string, password: string): Promise<boolean> {
    const user = await this.findByEmail(email);
    if (!user) return false;
    const hash = await hashPassword(password, this.scryptCost);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
      await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    });
    return true;
  }

  /** Make an API token; only its hash is stored, so the returned secret is shown once. */
  async createToken(userId: string, name: string): Promise<{ id: string; token: string }> {
    const id = randomToken(12);
    const token = `mwt_${randomToken(32)}`;
    await this.db
      .insertInto('api_tokens')
      .values({ id, user_id: userId, token_hash: sha256(token), name, created_at: new Date().toISOString(), last_used_at: null })
      .execute();
    return { id, token };
  }

  async revokeTokens(userId: string): Promise<number> {
    const r = await this.db.deleteFrom('api_tokens').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
