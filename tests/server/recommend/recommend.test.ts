import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeConfigCode, validate, type Choices } from '../../../catalog/index.js';
import { PreferenceModelSchema, type PreferenceModel } from '../../../catalog/recommend/index.js';
import { RecommendService } from '../../../server/recommend/recommendService.js';
import { recommendAnswer } from '../../../server/recommend/recommendThread.js';
import { compileProduct } from '../../../catalog/rules/compileProduct.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { createTestApp, DIALECTS, FAKE_GLB, newKey, parsed, validOrder, type TestApp } from '../harness.js';

describe.each(DIALECTS)('recommendations learned from orders (%s)', (dialect) => {
  let t: TestApp;
  let producer: string;
  let order: (choices: Record<string, string | null>) => request.Test;
  beforeAll(async () => {
    // A budget no busy test machine reaches: the heavy model below is read in a few seconds.
    t = await createTestApp(dialect, { settings: { recommendBudgetMs: 120_000 } });
    producer = (await t.userWithToken('producer')).token;
    order = (choices: Record<string, string | null>) =>
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
  afterAll(async () => {
    await t.app.recommendations.close();
    await t.close();
  });

  /** The stored model and when it was learned, as the database holds them. */
  const stored = async () => {
    const row = (await t.db.kysely
      .selectFrom('recommendation_models' as never)
      .select(['model', 'learned_at'] as never[])
      .executeTakeFirstOrThrow()) as { model: string; learned_at: string };
    return { learnedAt: row.learned_at, model: PreferenceModelSchema.parse(JSON.parse(row.model)) };
  };
  /** The answer the route must give: the catalog's computation with the stored model, run here. */
  const pure = (model: PreferenceModel, learnedAt: string, choices: Choices, minOrders = 30) => {
    const r = recommendAnswer(t.mug, model, choices);
    if (!r.ok) throw new Error('the choices cannot hold together');
    const { ok: _ok, ...answer } = r;
    return { productId: 'mini-mug', version: 1, available: true, minOrders, learnedAt, ...answer };
  };

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

  it('answers in its thread exactly what the catalog computes, with the model kept loaded there', async () => {
    const { model, learnedAt } = await stored();
    const { worker } = t.app.recommendations;
    const sent = { ...worker.sent };
    const started = worker.started;
    for (const choices of [{}, { colour: 'white' }, { finish: 'gloss', size: 'large' }] as Choices[]) {
      const res = await get(code(choices));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(pure(model, learnedAt, choices, 10));
    }
    // Neither the model nor the compiled product travels with a request once the thread has them.
    expect(worker.sent).toEqual(sent);
    expect(worker.started).toBe(started);
  });

  it('refuses a bad code and an unknown product', async () => {
    expect((await get('not-a-code')).status).toBe(400);
    expect((await request(t.app).get('/api/products/nope/recommendation')).status).toBe(404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body;
    expect(doc.paths['/api/products/{id}/recommendation'].get).toBeDefined();
    expect(doc.paths['/api/studio/products/{id}/recommendation'].put).toBeDefined();
    // The one wire schema (catalog/recommend/recommendationAnswer.ts), with its descriptions.
    expect(doc.components.schemas.Recommendation.properties.learnedAt.description).toMatch(/rebuild/);
    expect(doc.paths['/api/products/{id}/recommendation'].get.responses['503']).toBeDefined();
  });

  it('answers with the rebuilt model once it is stored, in the same thread', async () => {
    const before = await stored();
    const { worker } = t.app.recommendations;
    const started = worker.started;
    expect((await get()).body).toMatchObject({ learnedAt: before.learnedAt, attributes: { colour: { value: 'black' } } });
    // White takes over.
    for (let i = 0; i < 30; i++)
      expect((await order({ colour: 'white', finish: 'gloss', handle: 'square', size: 'small' })).status).toBe(201);
    const rebuilt = await request(t.app).post(studio('/rebuild')).set('Authorization', `Bearer ${producer}`);
    expect(rebuilt.body).toMatchObject({ orders: 66 });
    const after = await stored();
    expect(after.learnedAt).not.toBe(before.learnedAt);
    const models = worker.sent.models;
    const res = await get();
    expect(res.body).toEqual(pure(after.model, after.learnedAt, {}, 10));
    expect(res.body.attributes.colour.value).toBe('white');
    expect(worker.sent.models).toBe(models + 1);
    expect(worker.started).toBe(started);
  });

  describe('a model heavy to read', () => {
    // The learned model plus 300,000 pair weights of attributes the mug no longer has
    // (a long history of an old catalog): reading and checking it takes the thread a while.
    let heavy: { model: PreferenceModel; learnedAt: string };
    beforeAll(async () => {
      const { model } = await stored();
      const pairs = { ...model.pairs };
      for (let i = 0; i < 300; i++)
        pairs[`gone-a${i} gone-b${i}`] = Object.fromEntries(Array.from({ length: 1000 }, (_, j) => [`v${j} w${j}`, -j / 1000]));
      heavy = { model: { ...model, pairs }, learnedAt: new Date(Date.now() + 60_000).toISOString() };
      await t.db.kysely
        .updateTable('recommendation_models' as never)
        .set({ model: JSON.stringify(heavy.model), learned_at: heavy.learnedAt } as never)
        .execute();
    });

    it('keeps the event loop free while the thread works on it', async () => {
      const { worker } = t.app.recommendations;
      const models = worker.sent.models;
      let answered = false;
      const slow = get().then((r) => {
        answered = true;
        return r;
      });
      // The thread has the heavy model and is reading it...
      await vi.waitFor(() => expect(worker.sent.models).toBe(models + 1), { timeout: 60_000, interval: 5 });
      // ...and the server answers meanwhile.
      expect((await request(t.app).get('/healthz')).status).toBe(200);
      expect(answered).toBe(false);
      const res = await slow;
      expect(res.body).toEqual(pure(heavy.model, heavy.learnedAt, {}, 10));
    });

    it('past its time budget answers 503, never a partial answer; the next one starts a new thread', async () => {
      const { ctx } = t.app;
      const tight = new RecommendService(ctx.db.kysely, ctx.catalog, ctx.engine, ctx.logger, { recommendBudgetMs: 20 });
      try {
        await expect(tight.recommend('mini-mug', 1, t.mug, {})).rejects.toMatchObject({ status: 503, code: 'recommend_timeout' });
        expect(tight.worker.busy).toBe(false);
        await expect(tight.recommend('mini-mug', 1, t.mug, {})).rejects.toMatchObject({ code: 'recommend_timeout' });
        expect(tight.worker.started).toBe(2);
      } finally {
        await tight.close();
      }
    });
  });

  describe('after the heavy model', () => {
    it('remembers a stored model that does not parse, per learnedAt: not sent nor read again', async () => {
      const { worker } = t.app.recommendations;
      // One that is not a model, one that is not JSON: each is sent to the thread once, then its failure answers.
      for (const [i, model] of ['{"orders": "many"}', 'not json'].entries()) {
        const learnedAt = new Date(Date.now() + 120_000 * (i + 1)).toISOString();
        await t.db.kysely
          .updateTable('recommendation_models' as never)
          .set({ model, learned_at: learnedAt } as never)
          .execute();
        const models = worker.sent.models;
        for (let k = 0; k < 3; k++) {
          const res = await get();
          expect(res.status).toBe(200);
          expect(res.body).toMatchObject({ available: false, reason: 'not-learned' });
        }
        expect(worker.sent.models).toBe(models + 1);
      }
    });

    it('answers for a product the engine compiles to its tree form (long-range rules), as the catalog does on that form', async () => {
      const rebuilt = await request(t.app).post(studio('/rebuild')).set('Authorization', `Bearer ${producer}`);
      expect(rebuilt.status).toBe(200);
      const { model, learnedAt } = await stored();
      // Version 2 of the mug, which the engine (as for a large product with rules across groups) compiles to the tree form.
      const version = await t.app.ctx.catalog.publish({
        product: parsed(miniProduct()),
        assets: new Map([['mini-mug.glb', FAKE_GLB]]),
        note: 'tree',
      });
      const forms: string[] = [];
      const { worker } = t.app.recommendations;
      const products = worker.sent.products;
      const compile = vi.spyOn(t.app.ctx.engine, 'compile').mockImplementation(async () => {
        const { product: _p, ...compiled } = compileProduct(parsed(miniProduct()), { form: 'tree' });
        forms.push(compiled.form);
        return { ok: true, compiled, fromPrice: null };
      });
      try {
        // The same computation on this thread, on the tree form.
        const tree = parsed(miniProduct());
        expect(compileProduct(tree, { form: 'tree' }).form).toBe('tree');
        for (const choices of [{}, { colour: 'white' }, { finish: 'gloss', size: 'large' }] as Choices[]) {
          const res = await get(encodeConfigCode({ productId: 'mini-mug', version, choices }));
          expect(res.status).toBe(200);
          const r = recommendAnswer(tree, model, choices);
          if (!r.ok) throw new Error('the choices cannot hold together');
          const { ok: _ok, ...answer } = r;
          expect(res.body).toEqual({ productId: 'mini-mug', version, available: true, minOrders: 10, learnedAt, ...answer });
          expect(validate(t.mug, res.body.completion).ok).toBe(true);
          // And the same recommendation as on the single MDD.
          for (const [id, a] of Object.entries(pure(model, learnedAt, choices, 10).attributes))
            expect(res.body.attributes[id].confidence).toBeCloseTo(a.confidence, 9);
        }
        // The thread got the tree form once and kept it.
        expect(forms.length).toBeGreaterThan(0);
        expect(worker.sent.products).toBe(products + 1);
      } finally {
        compile.mockRestore();
      }
    });
  });
});
