import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { clientKey } from '../../../server/http/ipAddress.js';
import { createTestDb, DIALECTS, type TestDb } from '../harness.js';

const MAX = 10;

describe.each(DIALECTS)('sign-in limits on %s', (dialect) => {
  let t: TestDb;
  // Two instances on one database: the limits are counted in the database, so they add up across both.
  let apps: ReturnType<typeof createApp>[];
  const verifications = () => apps.reduce((n, a) => n + a.ctx.auth.stats.verifications, 0);
  let n = 0;
  async function account() {
    const email = `owner-${++n}-${dialect}@example.com`;
    const password = 'the right password';
    await apps[0]!.ctx.users.create(email, 'admin', password);
    return { email, password };
  }
  const login = (i: number, from: string, email: string, password: string) =>
    request(apps[i % apps.length]!)
      .post('/api/auth/login')
      .set('X-Forwarded-For', from)
      .send({ email, password });

  beforeAll(async () => {
    t = await createTestDb(dialect);
    const make = () => createApp({ db: t.db, scryptCost: 2 ** 10, loginMaxAttempts: MAX, settings: { trustProxy: true } });
    apps = [make(), make()];
  });
  afterAll(async () => t.close());

  it('lets at most LOGIN_MAX_ATTEMPTS of 100 parallel wrong passwords reach the password hash', async () => {
    const { email } = await account();
    const before = verifications();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => login(i, '203.0.113.7', email, `wrong ${i}`)));
    const statuses = answers.map((a) => a.status);
    expect(verifications() - before).toBeLessThanOrEqual(MAX);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(MAX);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(100 - MAX);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const blocked = answers.find((a) => a.status === 429)!;
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('gives no session past the limit to 40 parallel guesses that include the right one', async () => {
    const { email, password } = await account();
    const before = verifications();
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 39 ? password : `guess ${i}`));
    const answers = await Promise.all(guesses.map((g, i) => login(i, '198.51.100.9', email, g)));
    const through = answers.filter((a) => a.status !== 429);
    // Only the reserved attempts were answered on their merit; the others never reached the hash.
    expect(through.length).toBeLessThanOrEqual(MAX);
    expect(verifications() - before).toBeLessThanOrEqual(MAX);
    const sessions = answers.filter((a) => a.status === 200);
    expect(sessions.length).toBeLessThanOrEqual(1);
    // Whether or not the right guess was among the reserved ones, no more than MAX were tried.
    if (sessions.length === 0) expect(answers[39]!.status).toBe(429);
  });

  it("does not lock the owner out with an attacker's wrong passwords from another address", async () => {
    const { email, password } = await account();
    for (let i = 0; i < MAX + 2; i++) await login(0, '192.0.2.66', email, `attacker ${i}`);
    expect((await login(1, '192.0.2.66', email, password)).status).toBe(429); // that address is locked
    const owner = await login(1, '192.0.2.10', email, password);
    expect(owner.status).toBe(200);
    expect(owner.body.user.email).toBe(email);
  });

  it('past the account-wide limit, lets only addresses the account signed in from try', async () => {
    const { email, password } = await account();
    expect((await login(0, '2001:db8:aaaa:1::1', email, password)).status).toBe(200); // a known address
    // Guesses from many addresses, a few each: over 3 × MAX for the account in all.
    for (let a = 0; a < 4 * MAX; a++) await login(a, `192.0.2.${100 + (a % 40)}`, email, 'guess');
    expect((await login(0, '192.0.2.250', email, password)).status).toBe(429); // a new address waits
    // The same /64 as the known address is the same client.
    expect((await login(1, '2001:db8:aaaa:1::2', email, password)).status).toBe(200);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2::ff')).toBe(clientKey('2001:db8:1:2:ffff::1'));
    expect(clientKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientKey('not an address, forwarded by a proxy')).toMatch(/^other:[0-9a-f]{16}$/);
  });
});
