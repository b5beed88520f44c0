import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { configurationsService } from '../../server/configurations/configurationsRouter.js';
import { miniProduct } from '../fixtures/miniProduct.js';
import {
  createTestApp,
  createTestDb,
  DIALECTS,
  FAKE_GLB,
  newKey,
  parsed,
  pngDataUrl,
  tinyPng,
  validOrder,
  type TestApp,
} from './harness.js';

const CHOICES = validOrder().choices; // black, matte, round, large, "Ann": 2450 a mug
const customer = { name: 'Shop Customer', email: 'buyer@example.com', address: 'Markt 1, 9000 Gent' };

describe.each(DIALECTS)('saved configurations on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const save = (body: object) => request(t.app).post('/api/configurations').send(body);
  const order = (body: object, key = newKey()) => request(t.app).post('/api/orders').set('Idempotency-Key', key).send(body);
  const saved = async (choices: object = CHOICES, extra: object = {}) => {
    const res = await save({ productId: 'mini-mug', version: 1, choices, ...extra });
    expect(res.status).toBe(201);
    return res.body as {
      id: string;
      version: number;
      total: number;
      expiresAt: string;
      createdAt: string;
      snapshotUrl: string | null;
    };
  };
  const setColumn = (id: string, values: Record<string, string>) =>
    t.db.kysely.updateTable('configurations').set(values).where('id', '=', id).execute();

  it('completes, checks and prices the choices, and keeps the record unchanged for 30 days', async () => {
    const res = await save({ productId: 'mini-mug', version: 1, choices: { colour: 'gold' }, snapshot: pngDataUrl(tinyPng()) });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/configurations/${res.body.id}`);
    expect(res.body).toMatchObject({
      productId: 'mini-mug',
      version: 1,
      choices: { colour: 'gold' },
      configuration: { colour: 'gold', finish: 'gloss', handle: 'round', size: 'small', 'name-text': null },
      total: 1500 + 900,
      currency: 'EUR',
    });
    expect(res.body.id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(res.body.price.total).toBe(2400);
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).toBe(30 * 24 * 3600_000);
    const got = await request(t.app).get(`/api/configurations/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    const png = await request(t.app).get(res.body.snapshotUrl);
    expect(png.status).toBe(200);
    expect(png.headers['cross-origin-resource-policy']).toBe('cross-origin'); // a shop's cart shows it
    expect(Buffer.compare(png.body, tinyPng())).toBe(0);
  });

  it('refuses invalid choices (422), an unknown product (404), and a price or configuration in the body (400)', async () => {
    const bad = await save({ productId: 'mini-mug', version: 1, choices: { colour: 'gold', finish: 'matte' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('invalid_configuration');
    expect((await save({ productId: 'no-such', version: 1, choices: {} })).status).toBe(404);
    for (const extra of [{ total: 1 }, { price: { total: 1 } }, { configuration: { colour: 'white' } }]) {
      const res = await save({ productId: 'mini-mug', version: 1, choices: CHOICES, ...extra });
      expect(res.status).toBe(400);
    }
    const n = await t.db.kysely
      .selectFrom('configurations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1); // only the first test's
  });

  it('deletes records a week after they expire (404 then), keeps the others and the orders made from them', async () => {
    const fresh = await saved();
    const lately = await saved();
    const old = await saved();
    const ordered = await order({ configurationId: old.id, quantity: 1, customer });
    expect(ordered.status).toBe(201);
    const day = 24 * 3600_000;
    await setColumn(lately.id, { expires_at: new Date(Date.now() - 6 * day).toISOString() });
    await setColumn(old.id, { expires_at: new Date(Date.now() - 8 * day).toISOString() });
    const service = configurationsService(t.app.ctx);
    expect(await service.purgeExpired(1)).toBeGreaterThanOrEqual(1); // batches of one still reach every row
    expect((await request(t.app).get(`/api/configurations/${old.id}`)).status).toBe(404);
    expect((await request(t.app).get(`/api/configurations/${lately.id}`)).status).toBe(410);
    expect((await request(t.app).get(`/api/configurations/${fresh.id}`)).status).toBe(200);
    expect(await service.purgeExpired()).toBe(0);
    const kept = await t.db.kysely
      .selectFrom('orders')
      .select(['configuration_id', 'has_snapshot'])
      .where('id', '=', ordered.body.id)
      .executeTakeFirstOrThrow();
    expect(kept.configuration_id).toBe(old.id);
  });

  it('answers 404 for an unknown id and 410 once expired', async () => {
    expect((await request(t.app).get('/api/configurations/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await request(t.app).get('/api/configurations/not an id')).status).toBe(400);
    const c = await saved();
    await setColumn(c.id, { expires_at: new Date(Date.now() - 1000).toISOString() });
    const gone = await request(t.app).get(`/api/configurations/${c.id}`);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('configuration_expired');
    const before = await t.orderCount();
    const o = await order({ configurationId: c.id, quantity: 1, customer });
    expect(o.status).toBe(410);
    expect((await order({ configurationId: 'AAAAAAAAAAAAAAAAAAAAAA', quantity: 1, customer })).status).toBe(404);
    expect(await t.orderCount()).toBe(before);
  });

  it('orders a saved configuration: its configuration and price, the shop reference and source, its snapshot', async () => {
    const c = await saved(CHOICES, { snapshot: pngDataUrl(tinyPng()) });
    expect(c.total).toBe(2450);
    const res = await order({ configurationId: c.id, quantity: 3, customer, externalRef: 'SHOP-1001/line-2' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      productId: 'mini-mug',
      version: 1,
      configuration: CHOICES,
      variantCode: 'MUG-2.2.1.2-P',
      unitPrice: 2450,
      total: 7350,
      quantity: 3,
      source: 'shop',
      externalRef: 'SHOP-1001/line-2',
      configurationId: c.id,
      customer: { name: 'Shop Customer', email: 'buyer@example.com' },
    });
    const got = await request(t.app).get(`/api/orders/${res.body.id}`);
    expect(got.body).toEqual(res.body);
    const png = await request(t.app).get(got.body.snapshotUrl);
    expect(Buffer.compare(png.body, tinyPng())).toBe(0);
    // An order of choices says it came from the site.
    const plain = await order(validOrder());
    expect(plain.body).toMatchObject({ source: 'site', externalRef: null, configurationId: null });
  });

  it('keeps the idempotency guarantees: a repeat is the same order (even after expiry), another body is refused', async () => {
    const c = await saved();
    const key = newKey();
    const body = { configurationId: c.id, quantity: 1, customer, externalRef: 'A-1' };
    const first = await order(body, key);
    expect(first.status).toBe(201);
    const before = await t.orderCount();
    const again = await order(body, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await order({ ...body, externalRef: 'A-2' }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    // The same key with a body of choices is another order too.
    expect((await order(validOrder(), key)).status).toBe(422);
    await setColumn(c.id, { expires_at: new Date(Date.now() - 1000).toISOString() });
    const late = await order(body, key);
    expect(late.status).toBe(201);
    expect(late.body.id).toBe(first.body.id);
    // Racing requests with one key make one order.
    const c2 = await saved();
    const k2 = newKey();
    const race = await Promise.all(Array.from({ length: 5 }, () => order({ configurationId: c2.id, quantity: 2, customer }, k2)));
    expect(new Set(race.map((r) => r.body.id)).size).toBe(1);
    expect(race.every((r) => r.status === 201)).toBe(true);
    expect(await t.orderCount()).toBe(before + 1);
  });

  it('never trusts choices or prices: in the order body they are refused, in a changed record they are caught', async () => {
    const c = await saved();
    const before = await t.orderCount();
    for (const extra of [{ choices: { colour: 'white' } }, { total: 1 }, { price: { total: 1 } }, { productId: 'mini-mug' }]) {
      const res = await order({ configurationId: c.id, quantity: 1, customer, ...extra });
      expect(res.status).toBe(400);
    }
    // The stored price lowered behind the server's back.
    const cheap = await saved();
    await setColumn(cheap.id, { price: JSON.stringify({ currency: 'EUR', lines: [], total: 1 }) });
    const r1 = await order({ configurationId: cheap.id, quantity: 1, customer });
    expect(r1.status).toBe(409);
    expect(r1.body.error.code).toBe('configuration_changed');
    // A stored choice changed to another valid one: what it makes is not what was saved.
    const swapped = await saved();
    await setColumn(swapped.id, { choices: JSON.stringify({ ...CHOICES, colour: 'white' }) });
    expect((await order({ configurationId: swapped.id, quantity: 1, customer })).body.error.code).toBe('configuration_changed');
    // A stored choice that breaks the rules.
    const broken = await saved();
    await setColumn(broken.id, { choices: JSON.stringify({ ...CHOICES, colour: 'gold' }) });
    const r3 = await order({ configurationId: broken.id, quantity: 1, customer });
    expect(r3.status).toBe(422);
    expect(r3.body.error.code).toBe('invalid_configuration');
    expect(await t.orderCount()).toBe(before);
  });

  it('answers the same through the lean route and through Express', async () => {
    const c = await saved();
    const body = { configurationId: c.id, quantity: 1, customer };
    const lean = await request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(body);
    const viaExpress = await request(t.app.express).post('/api/orders').set('Idempotency-Key', newKey()).send(body);
    expect(lean.status).toBe(201);
    expect(viaExpress.status).toBe(201);
    const strip = (o: Record<string, unknown>) => ({ ...o, id: 0, number: 0, createdAt: 0 });
    expect(strip(lean.body)).toEqual(strip(viaExpress.body));
    const bad = { ...body, quantity: 0 };
    const a = await request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(bad);
    const b = await request(t.app.express).post('/api/orders').set('Idempotency-Key', newKey()).send(bad);
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    expect(a.body.error.code).toBe(b.body.error.code);
  });

  it('orders a configuration at its version and price after a new version is published', async () => {
    const c = await saved();
    const v2 = miniProduct();
    v2.basePrice = 1600;
    await t.app.ctx.catalog.publish({
      product: parsed(v2),
      assets: new Map([['mini-mug.glb', FAKE_GLB]]),
      note: 'dearer',
    });
    const res = await order({ configurationId: c.id, quantity: 1, customer });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 1, unitPrice: 2450 });
    // A configuration saved now is priced on the new version.
    const fresh = await saved();
    expect(fresh).toMatchObject({ version: 2, total: 2550 });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/configurations'])).toEqual(['post']);
    expect(doc.paths['/api/configurations/{id}'].get.responses['410']).toBeDefined();
    const body = doc.paths['/api/orders'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(body)).toContain('ConfigurationOrderRequest');
    expect(doc.components.schemas.ConfigurationOrderRequest.required).toEqual(['configurationId', 'quantity', 'customer']);
  });
});

describe('CONFIGURATION_TTL_DAYS and EMBED_ORIGINS', () => {
  it('are read and checked at start', () => {
    expect(loadConfig({}, '/').configurationTtlMs).toBe(30 * 24 * 3600_000);
    expect(loadConfig({}, '/').embedOrigins).toEqual([]);
    const c = loadConfig({ CONFIGURATION_TTL_DAYS: '7', EMBED_ORIGINS: 'https://shop.example.com, http://127.0.0.1:8080' }, '/');
    expect(c.configurationTtlMs).toBe(7 * 24 * 3600_000);
    expect(c.embedOrigins).toEqual(['https://shop.example.com', 'http://127.0.0.1:8080']);
    for (const env of [
      { CONFIGURATION_TTL_DAYS: '0' },
      { CONFIGURATION_TTL_DAYS: 'soon' },
      { EMBED_ORIGINS: 'https://shop.example.com/' },
      { EMBED_ORIGINS: 'shop.example.com' },
      { EMBED_ORIGINS: "https://a.example.com 'unsafe-inline'" },
      { EMBED_ORIGINS: 'https://a.example.com;script-src *' },
      { EMBED_ORIGINS: '*' },
    ]) {
      expect(() => loadConfig(env, '/'), JSON.stringify(env)).toThrow(ConfigError);
    }
  });

  it('a shorter lifetime is what a new configuration gets', async () => {
    const t = await createTestDb('sqlite');
    try {
      const app = createApp({ db: t.db, settings: { configurationTtlMs: 2 * 24 * 3600_000 } });
      await app.ctx.catalog.publish({ product: parsed(miniProduct()), assets: new Map([['mini-mug.glb', FAKE_GLB]]), note: '' });
      const res = await request(app).post('/api/configurations').send({ productId: 'mini-mug', version: 1, choices: {} });
      expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).toBe(2 * 24 * 3600_000);
    } finally {
      await t.close();
    }
  });

  it('only EMBED_ORIGINS may frame /embed/*; every other page keeps frame-ancestors none', async () => {
    const t = await createTestDb('sqlite');
    try {
      const csp = (res: request.Response) => String(res.headers['content-security-policy']);
      const closed = createApp({ db: t.db });
      for (const path of ['/embed/p/mini-mug', '/p/mini-mug', '/api/products']) {
        const res = await request(closed).get(path);
        expect(csp(res)).toContain("frame-ancestors 'none'");
      }
      const open = createApp({ db: t.db, settings: { embedOrigins: ['https://shop.example.com', 'http://127.0.0.1:8080'] } });
      const embed = await request(open).get('/embed/p/mini-mug?locale=nl');
      expect(csp(embed)).toContain('frame-ancestors https://shop.example.com http://127.0.0.1:8080;');
      expect(embed.headers['x-frame-options']).toBeUndefined();
      for (const path of ['/p/mini-mug', '/embed', '/sales', '/api/products', '/embedx/p/mini-mug']) {
        const res = await request(open).get(path);
        expect(csp(res), path).toContain("frame-ancestors 'none'");
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      }
      // The script is loaded by the shops' pages: not same-origin only.
      expect((await request(open).get('/embed.js')).headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect((await request(open).get('/')).headers['cross-origin-resource-policy']).toBe('same-origin');
    } finally {
      await t.close();
    }
  });
});
