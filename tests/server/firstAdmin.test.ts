import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { createFirstAdmin } from '../../server/bootstrap.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { createTestDb, DIALECTS, type TestDb } from './harness.js';

/** The e-mail and password as printed on the console at first start. */
function printedCredentials(printed: string) {
  const email = /e-mail:\s+(\S+)/.exec(printed)?.[1];
  const password = /password:\s+(\S+)/.exec(printed)?.[1];
  if (!email || !password) throw new Error(`no credentials in:\n${printed}`);
  return { email, password };
}

describe.each(DIALECTS)('the first admin on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => t.close());

  it('signs in through POST /api/auth/login with the credentials printed at first start (default ADMIN_EMAIL)', async () => {
    const config = loadConfig({}, '/srv/app');
    const app = createApp({ db: t.db, scryptCost: 2 ** 10 });
    let printed = '';
    const made = await createFirstAdmin(app.ctx.users, config.adminEmail, pino({ level: 'silent' }), (s) => (printed += s));
    expect(made?.email).toBe('admin@localhost');
    const { email, password } = printedCredentials(printed);
    expect(email).toBe(config.adminEmail);

    const agent = request.agent(app);
    const res = await agent.post('/api/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    expect((await agent.get('/api/auth/me')).body).toMatchObject({ user: { email, role: 'admin' }, via: 'session' });
    // Printed once: a second start finds an account and prints nothing.
    let again = '';
    expect(await createFirstAdmin(app.ctx.users, config.adminEmail, pino({ level: 'silent' }), (s) => (again += s))).toBeNull();
    expect(again).toBe('');
  });
});

describe('account e-mails: one rule (what the sign-in form accepts)', () => {
  it('takes dotless hosts such as the default, and refuses what the form refuses, everywhere', () => {
    expect(loadConfig({}, '/').adminEmail).toBe('admin@localhost');
    expect(loadConfig({ ADMIN_EMAIL: 'ops@shop.example.com' }, '/').adminEmail).toBe('ops@shop.example.com');
    for (const bad of ['admin', 'admin@', 'a b@localhost', '@localhost']) {
      expect(() => loadConfig({ ADMIN_EMAIL: bad }, '/')).toThrow(ConfigError);
    }
  });

  it('refuses to make an account that could never sign in', async () => {
    const t = await createTestDb('sqlite');
    try {
      const app = createApp({ db: t.db, scryptCost: 2 ** 10 });
      await expect(app.ctx.users.create('not-an-address', 'admin', 'long enough password')).rejects.toMatchObject({
        code: 'invalid_email',
      });
      await app.ctx.users.create('ann@intranet', 'sales', 'long enough password');
      const res = await request(app).post('/api/auth/login').send({ email: 'ann@intranet', password: 'long enough password' });
      expect(res.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
