import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, priceConfiguration, type Choices } from '../../../catalog/index.js';
import { compileProduct } from '../../../catalog/rules/compileProduct.js';
import { createTestApp, DIALECTS, FAKE_GLB, newKey, parsed, validOrder, type TestApp } from '../harness.js';
import { pairsProduct } from './pairsProduct.js';

/** Choices that put some options in conflict (their reasons are lazy getters, computed when serialised). */
const CHOICES: Choices = { a0: 'o0', a5: 'o1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The evaluation computed in this process, on a product object of our own compiled here. */
let local: { product: ReturnType<typeof parsed>; json: string } | undefined;
function reference() {
  if (!local) {
    const product = parsed(pairsProduct());
    const compiled = compileProduct(product);
    expect(compiled.form).toBe('diagram');
    expect(compiled.formReason).toContain('diagram');
    local = { product, json: JSON.stringify(evaluate(product, CHOICES)) };
  }
  return local;
}

/** Published as version 1, as the harness publishes the mug (the studio's import wants the model uploaded). */
async function publishPairs(t: TestApp): Promise<void> {
  await t.app.ctx.catalog.publish({
    product: parsed(pairsProduct()),
    assets: new Map([['synthetic.glb', FAKE_GLB]]),
    note: 'test',
  });
}

const order = (choices: Choices) =>
  validOrder({ productId: 'pairs', version: 1, choices, quantity: 1 }) as ReturnType<typeof validOrder>;

describe.each(DIALECTS)('on %s', (dialect) => {
  describe('a product in the diagram form', () => {
    let t: TestApp;
    beforeAll(async () => {
      // A budget far above a click's cost: these tests are about where the evaluation runs.
      t = await createTestApp(dialect, { settings: { evaluateBudgetMs: 300_000 } });
      await publishPairs(t);
    }, 300_000);
    afterAll(async () => {
      await t.app.ctx.engine.evaluations.close();
      await t.close();
    });

    it('is evaluated in the evaluation thread, answering the JSON of evaluate(), while /healthz answers', async () => {
      const { engine, catalog } = t.app.ctx;
      const v = (await catalog.getCurrent('pairs'))!;
      await engine.ready(v.product);
      expect(engine.formOf(v.product)).toBe('diagram');
      const answered = engine.evaluations.answered;

      let done = false;
      const pending = request(t.app)
        .post('/api/products/pairs/evaluate')
        .send({ choices: CHOICES })
        .then((r) => ((done = true), r));
      let duringEvaluation = 0;
      while (!done) {
        const r = await request(t.app).get('/healthz');
        expect(r.status).toBe(200);
        if (!done && engine.evaluations.busy) duringEvaluation++;
        await sleep(10);
      }
      expect(duringEvaluation).toBeGreaterThan(0);
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(engine.evaluations.answered).toBe(answered + 1);
      expect(engine.evaluations.sent).toBe(1);

      // Byte for byte what res.json({ version, evaluation: evaluate(product, choices) }) writes.
      const want = `{"version":${v.version},"evaluation":${reference().json}}`;
      expect(res.text).toBe(want);
      expect(res.body.evaluation.ok).toBe(true);
      // The conflicts' lazy reasons crossed the thread boundary, filled in.
      const conflicts = Object.values(
        res.body.evaluation.attributes as Record<string, { options: Record<string, { state: string; reasons?: unknown[] }> }>,
      ).flatMap((a) => Object.values(a.options).filter((s) => s.state === 'conflict'));
      expect(conflicts.length).toBeGreaterThan(0);
      for (const c of conflicts) expect(c.reasons!.length).toBeGreaterThan(0);

      // The thread kept the compiled form: a second evaluation is not sent it again.
      const again = await request(t.app).post('/api/products/pairs/evaluate').send({ choices: CHOICES });
      expect(again.text).toBe(want);
      expect(engine.evaluations.sent).toBe(1);
      expect(engine.evaluations.answered).toBe(answered + 2);

      // The other forms evaluate on the event loop, without the thread.
      const mug = await request(t.app)
        .post('/api/products/mini-mug/evaluate')
        .send({ choices: { colour: 'black' } });
      expect(mug.status).toBe(200);
      const mugVersion = (await catalog.getCurrent('mini-mug'))!;
      expect(engine.formOf(mugVersion.product)).not.toBe('diagram');
      expect(mug.text).toBe(JSON.stringify({ version: 1, evaluation: evaluate(mugVersion.product, { colour: 'black' }) }));
      expect(engine.evaluations.answered).toBe(answered + 2);
    }, 300_000);

    it('places an order of partial choices, completed in the thread (201)', async () => {
      const { engine } = t.app.ctx;
      const answered = engine.evaluations.answered;
      const res = await request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(order(CHOICES));
      expect(res.status).toBe(201);
      expect(engine.evaluations.answered).toBe(answered + 1);
      const { product } = reference();
      const e = evaluate(product, CHOICES);
      if (!e.ok) throw new Error('the choices should hold');
      expect(res.body.configuration).toEqual(e.configuration);
      expect(res.body.configuration).toMatchObject(CHOICES);
      expect(res.body.total).toBe(priceConfiguration(product, e.configuration).total);

      // Choices that cannot hold: refused with the engine's violations (computed in the thread).
      const bad = await request(t.app)
        .post('/api/orders')
        .set('Idempotency-Key', newKey())
        .send(order({ a0: 'o0', a5: 'nope' }));
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe('invalid_configuration');
      expect(engine.evaluations.answered).toBe(answered + 2);
    }, 300_000);
  });

  describe('the evaluation budget', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { settings: { evaluateBudgetMs: 20 } });
      await publishPairs(t);
    }, 300_000);
    afterAll(async () => {
      await t.app.ctx.engine.evaluations.close();
      await t.close();
    });

    it('answers 503 evaluate_timeout past it, restarts the thread, and the fast forms carry on', async () => {
      const { engine } = t.app.ctx;
      const res = await request(t.app).post('/api/products/pairs/evaluate').send({ choices: CHOICES });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('evaluate_timeout');
      expect(res.body.error.message).toMatch(/longer than 20 ms/);
      expect(engine.evaluations.started).toBe(1);
      expect((await request(t.app).get('/healthz')).status).toBe(200);

      // An order of partial choices on it: the same 503, from a new thread; nothing is stored.
      const placed = await request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(order(CHOICES));
      expect(placed.status).toBe(503);
      expect(placed.body.error.code).toBe('evaluate_timeout');
      expect(engine.evaluations.started).toBe(2);
      expect(engine.evaluations.answered).toBe(0);

      const mug = await request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(validOrder());
      expect(mug.status).toBe(201);
      expect(await t.orderCount()).toBe(1);
    }, 300_000);
  });
});
