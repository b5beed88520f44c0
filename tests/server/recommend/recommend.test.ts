import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeConfigCode, validate } from '../../../catalog/index.js';
import { createTestApp, DIALECTS, newKey, validOrder, type TestApp } from '../harness.js';

describe.each(DIALECTS)('recommendations learned from orders (%s)', (dialect) => {
  let t: TestApp;
  let producer: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    producer = (await t.userWithToken('producer')).token;
    const order = (choices: Record<string, string | null>) =>
      request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(validOrder({ choices }));
    // Black goes with matte, white with gloss; black is the favourite.
    for (let i = 0; i < 24; i++)
      expect((await order({ colour: 'black', finish: 'matte', handle: 'round', size: 'large' })).status).toBe(201);
    for (let i = 0; i < 12; i++)
      expect((await order({ colour: 'white', finish: 'gloss', handle: 'square', size: 'small' })).status).toBe(201);
    // A cancelled order is not learned from.
    const cancelled = await order({ colour: 'gold', finish: 'gloss', handle: 'round', size: 'small' });
    await t.db.kysely.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', cancelled.body.id).execute();
  });
  afterAll(async () => t.close());

  const get = (code?: string) =>
    request(t.app).get(`/api/products/mini-mug/recommendation${code ? `?code=${encodeURIComponent(code)}` : ''}`);
  const code = (choices: Record<string, string | null>) => encodeConfigCode({ productId: 'mini-mug', version: 1, choices });
  const studio = (path = '') => `/api/studio/products/mini-mug/recommendation${path}`;

  it('is not available before the model is learned', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ productId: 'mini-mug', version: 1, available: false, reason: 'not-learned', orders: 0 });
  });

  it('learns on demand from the orders, then recommends within the rules', async () => {
    const rebuilt = await request(t.app).post(studio('/rebuild')).set('Authorization', `Bearer ${producer}`);
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toMatchObject({ enabled: true, orders: 36 });
    expect(rebuilt.body.learnedAt).toEqual(expect.any(String));

    const open = await get();
    expect(open.body).toMatchObject({ available: true, orders: 36 });
    expect(open.body.attributes.colour.value).toBe('black');
    expect(open.body.attributes.colour.confidence).toBeGreaterThan(0.5);
    expect(validate(t.mug, open.body.completion).ok).toBe(true);

    const white = await get(code({ colour: 'white' }));
    expect(white.body.attributes.colour).toBeUndefined();
    expect(white.body.attributes.finish.value).toBe('gloss');
    expect(white.body.completion).toMatchObject({ colour: 'white', finish: 'gloss', handle: 'square', size: 'small' });
    expect(white.body.completionTotal).toBe(1500);

    // The stored model holds counts and weights of option values, nothing of a customer.
    const row = await t.db.kysely
      .selectFrom('recommendation_models' as never)
      .select('model' as never)
      .executeTakeFirstOrThrow();
    const stored = (row as { model: string }).model;
    expect(JSON.parse(stored).values.colour).toEqual({ black: 24, white: 12 });
    expect(stored).not.toMatch(/Ann|example\.com|Kerkstraat/);
  });

  it('lets the producer turn it off and set the minimum number of orders', async () => {
    const auth = { Authorization: `Bearer ${producer}` };
    expect((await request(t.app).put(studio()).set(auth).send({ minOrders: 100 })).body).toMatchObject({
      minOrders: 100,
      orders: 36,
    });
    expect((await get()).body).toMatchObject({ available: false, reason: 'too-few-orders', minOrders: 100 });
    expect((await request(t.app).put(studio()).set(auth).send({ minOrders: 10, enabled: false })).status).toBe(200);
    expect((await get()).body).toMatchObject({ available: false, reason: 'off' });
    expect((await request(t.app).get(studio()).set(auth)).body).toMatchObject({ enabled: false, minOrders: 10 });
    expect((await request(t.app).put(studio()).set(auth).send({ enabled: true })).status).toBe(200);
    expect((await get()).body.available).toBe(true);
    expect((await request(t.app).put(studio()).set(auth).send({ minOrders: 0 })).status).toBe(400);
    expect((await request(t.app).put(studio()).send({ enabled: false })).status).toBe(401);
  });

  it('refuses a bad code and an unknown product', async () => {
    expect((await get('not-a-code')).status).toBe(400);
    expect((await request(t.app).get('/api/products/nope/recommendation')).status).toBe(404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body;
    expect(doc.paths['/api/products/{id}/recommendation'].get).toBeDefined();
    expect(doc.paths['/api/studio/products/{id}/recommendation'].put).toBeDefined();
  });
});
