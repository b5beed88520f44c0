import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/db/schema.js';
import { createTestApp, type TestApp, DIALECTS } from './harness.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  const MAX_ATTEMPTS = 3;
  beforeAll(async () => {
    t = await createTestApp(dialect, { loginMaxAttempts: MAX_ATTEMPTS });
  });
  afterAll(async () => t.close());

  /** Sign in with a fresh agent (keeps the cookie); returns the agent and the CSRF token. */
  async function signIn(role: Role) {
    const u = await t.userWithToken(role);
    const agent = request.agent(t.app);
    const res = await agent.post('/api/auth/login').send({ email: u.email, password: u.password });
    expect(res.status).toBe(200);
    return { ...u, agent, csrf: res.body.csrfToken as string, cookie: res.headers['set-cookie'] as unknown as string[] };
  }

  describe('sessions', () => {
    it('signs in with an httpOnly SameSite=Lax cookie, answers /me, and signs out', async () => {
      const s = await signIn('sales');
      expect(s.cookie[0]).toMatch(/^mw_session=[^;]+;.*HttpOnly/i);
      expect(s.cookie[0]).toMatch(/SameSite=Lax/i);
      const me = await s.agent.get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ user: { email: s.email, role: 'sales' }, via: 'session', csrfToken: s.csrf });
      expect(me.body.user).not.toHaveProperty('password_hash');
      // Writes with the cookie need the CSRF token.
      expect((await s.agent.post('/api/auth/logout')).status).toBe(403);
      expect((await s.agent.post('/api/auth/logout').set('X-CSRF-Token', 'wrong')).status).toBe(403);
      expect((await s.agent.post('/api/auth/logout').set('X-CSRF-Token', s.csrf)).status).toBe(204);
      expect((await s.agent.get('/api/auth/me')).status).toBe(401);
    });

    it('keeps sessions in the database: a second app on the same database accepts the cookie', async () => {
      const s = await signIn('producer');
      const { createApp } = await import('../../server/app.js');
      const other = createApp({ db: t.db });
      const res = await request(other).get('/api/auth/me').set('Cookie', s.cookie[0]!.split(';')[0]!);
      expect(res.status).toBe(200);
      expect(res.body.user.email).toBe(s.email);
    });

    it('refuses a wrong password and rate-limits failed sign-ins per account', async () => {
      const u = await t.userWithToken('sales');
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const r = await request(t.app).post('/api/auth/login').send({ email: u.email, password: 'wrong' });
        expect(r.status).toBe(401);
        expect(r.body.error.code).toBe('invalid_credentials');
      }
      const blocked = await request(t.app).post('/api/auth/login').send({ email: u.email, password: u.password });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      const stored = await t.db.kysely
        .selectFrom('rate_limits')
        .select(['key', 'count'])
        .where('key', '=', `login:email:${u.email}`)
        .execute();
      expect(stored[0]?.count).toBe(MAX_ATTEMPTS);
    });

    it('gives the same answer for an unknown e-mail as for a wrong password', async () => {
      const r = await request(t.app).post('/api/auth/login').send({ email: 'nobody@example.com', password: 'x' });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
    });

    it('accepts API tokens as Bearer without CSRF, and refuses unknown ones', async () => {
      const u = await t.userWithToken('admin');
      const me = await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${u.token}`);
      expect(me.body).toMatchObject({ via: 'token', user: { role: 'admin' } });
      const created = await request(t.app)
        .post('/api/admin/users')
        .set('Authorization', `Bearer ${u.token}`)
        .send({ email: 'new-person@example.com', role: 'sales', password: 'a long enough password' });
      expect(created.status).toBe(201);
      const hashes = await t.db.kysely.selectFrom('api_tokens').select('token_hash').execute();
      expect(hashes.some((h) => h.token_hash === u.token)).toBe(false);
      expect((await request(t.app).get('/api/auth/me').set('Authorization', 'Bearer mwt_notarealtokenatall')).status).toBe(401);
      expect((await request(t.app).get('/api/auth/me').set('Authorization', 'Basic abc')).status).toBe(401);
    });

    it('stores scrypt hashes, never passwords', async () => {
      const u = await t.userWithToken('sales');
      const row = await t.db.kysely
        .selectFrom('users')
        .select('password_hash')
        .where('email', '=', u.email)
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
      expect(row.password_hash).not.toContain(u.password);
    });
  });

  describe('auth matrix: every route with roles in the OpenAPI document × anonymous and each role', () => {
    it('answers 401 anonymous, 403 to other roles, and lets the named roles (and admin) through', async () => {
      const doc = (await request(t.app).get('/api/openapi.json')).body as {
        paths: Record<string, Record<string, { 'x-roles'?: Role[] }>>;
      };
      const routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op['x-roles'])
          .map(([method, op]) => ({ method, path: p.replace(/\{[^}]+\}/g, 'does-not-exist'), roles: op['x-roles']! })),
      );
      expect(routes.length).toBeGreaterThanOrEqual(6);
      const tokens = Object.fromEntries(
        await Promise.all(
          (['producer', 'sales', 'admin'] as const).map(async (r) => [r, (await t.userWithToken(r)).token] as const),
        ),
      );
      const call = (method: string, path: string) =>
        (request(t.app) as unknown as Record<string, (p: string) => request.Test>)[method]!(path);
      for (const r of routes) {
        const anon = await call(r.method, r.path).send({});
        expect(anon.status, `${r.method} ${r.path} anonymous`).toBe(401);
        for (const role of ['producer', 'sales', 'admin'] as const) {
          const res = await call(r.method, r.path).set('Authorization', `Bearer ${tokens[role]}`).send({});
          if (r.roles.includes(role)) expect([401, 403], `${r.method} ${r.path} as ${role}`).not.toContain(res.status);
          else expect(res.status, `${r.method} ${r.path} as ${role}`).toBe(403);
        }
      }
    });
  });
});
