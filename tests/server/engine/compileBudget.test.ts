import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProduct, type ProductInput } from '../../../catalog/index.js';
import { ConfigError, loadConfig } from '../../../server/config.js';
import { CompileWorkers } from '../../../server/engine/compileWorkers.js';
import { EngineService } from '../../../server/engine/engineService.js';
import { syntheticProduct } from '../../bench/syntheticProduct.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { createTestApp, DIALECTS, newKey, sharedCompileWorkers, validOrder, type TestApp } from '../harness.js';
import { auth } from '../studio/studioSupport.js';

/**
 * A product the single-MDD compiler cannot finish (docs/benchmarks.md: 20 % long-range rules
 * do not compile in 100 s; the tree form takes seconds): 200 attributes of 10 options, 300 rules, a tenth of them crossing groups.
 */
const hardProduct = (): ProductInput => ({
  ...syntheticProduct({ attributes: 200, options: 10, rules: 300, seed: 1, longRange: 0.1 }),
  id: 'tangled',
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DIALECTS)('on %s', (dialect) => {
  describe('a product over the compile time budget', () => {
    let t: TestApp;
    let h: Record<string, string>;
    beforeAll(async () => {
      t = await createTestApp(dialect, { settings: { engineCompileBudgetMs: 300 } });
      h = auth((await t.userWithToken('producer')).token);
    });
    afterAll(async () => t.close());

    it('is checked in a worker while /healthz answers, gets a lint error and cannot be published', async () => {
      const imported = await request(t.app)
        .post('/api/studio/import')
        .set(h)
        .send({ products: [hardProduct()] });
      expect(imported.status).toBe(200);

      const workers = sharedCompileWorkers();
      let answered = false;
      const draft = request(t.app)
        .get('/api/studio/products/tangled/draft')
        .set(h)
        .then((r) => ((answered = true), r));
      // /healthz keeps answering; some answers come while the compile job is still in its thread.
      let duringCompile = 0;
      let health = 0;
      while (!answered) {
        const r = await request(t.app).get('/healthz');
        expect(r.status).toBe(200);
        health++;
        if (!answered && workers.running > 0) duringCompile++;
        await sleep(10);
      }
      expect(health).toBeGreaterThan(0);
      expect(duringCompile).toBeGreaterThan(0);

      const res = await draft;
      expect(res.status).toBe(200);
      expect(res.body.check.status).toBe('errors');
      expect(res.body.check.variants).toBeNull();
      const finding = (res.body.check.lint as { code: string; message: string; severity: string }[]).find(
        (f) => f.code === 'too-complex',
      );
      expect(finding?.severity).toBe('error');
      expect(finding?.message).toMatch(
        /^The rules of this product are too complex to compile within 0\.3 s \/ 1 GB \(it ran out of time\)/,
      );
      expect(finding?.message).toMatch(/the largest group of linked rules joins attributes "a\d+", "a\d+"/);
      expect(finding?.message).toMatch(/split this table or loosen these rules/);

      // The studio list shows it with an error; opening it again answers from the cache (no second compile).
      const list = await request(t.app).get('/api/studio/products').set(h);
      expect(list.body.products.find((p: { id: string }) => p.id === 'tangled')).toMatchObject({ lint: 'errors', problems: 1 });
      const compiles = t.app.ctx.engine.compiles;
      const again = await request(t.app).get('/api/studio/products/tangled/draft').set(h);
      expect(again.body.check).toEqual(res.body.check);
      expect(t.app.ctx.engine.compiles).toBe(compiles);

      const publish = await request(t.app).post('/api/studio/products/tangled/publish').set(h).send({ note: 'try' });
      expect(publish.status).toBe(422);
      expect(publish.body.error.code).toBe('draft_invalid');
      expect(publish.body.error.details.lint[0].code).toBe('too-complex');
      const importPublish = await request(t.app)
        .post('/api/studio/import')
        .set(h)
        .send({ products: [hardProduct()], publish: true });
      expect(importPublish.status).toBe(422);
      expect(JSON.stringify(importPublish.body.error.details.issues)).toContain('too complex to compile');
      expect((await request(t.app).get('/api/products/tangled')).status).toBe(404);

      // The server and the engine carry on: the mug still sells.
      const order = await request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(validOrder());
      expect(order.status).toBe(201);
    });
  });

  describe('single flight', () => {
    let t: TestApp;
    let h: Record<string, string>;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      h = auth((await t.userWithToken('producer')).token);
    });
    afterAll(async () => t.close());

    it('compiles a published version not compiled yet once for two orders arriving together, in the worker', async () => {
      const { engine } = t.app.ctx;
      const v = (await t.app.ctx.catalog.getCurrent('mini-mug'))!;
      expect(engine.isReady(v.product)).toBe(false);
      const before = engine.compiles;
      const [a, b] = await Promise.all([
        request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(validOrder()),
        request(t.app).post('/api/orders').set('Idempotency-Key', newKey()).send(validOrder()),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(engine.compiles - before).toBe(1);
      expect(engine.isReady(v.product)).toBe(true);
      // Later questions use the adopted form: no other compile.
      const ev = await request(t.app)
        .post('/api/products/mini-mug/evaluate')
        .send({ choices: { colour: 'black' } });
      expect(ev.body.evaluation.ok).toBe(true);
      expect(engine.compiles - before).toBe(1);
    });

    it('checks a draft once for two requests at the same time, and the version published from it is not compiled again', async () => {
      const doc = { ...miniProduct(), id: 'mug-two' };
      expect(
        (
          await request(t.app)
            .post('/api/studio/import')
            .set(h)
            .send({ products: [doc] })
        ).status,
      ).toBe(200);
      const { engine } = t.app.ctx;
      const before = engine.compiles;
      const [a, b] = await Promise.all([
        request(t.app).get('/api/studio/products/mug-two/draft').set(h),
        request(t.app).get('/api/studio/products/mug-two/draft').set(h),
      ]);
      expect(a.body.check).toEqual(b.body.check);
      expect(a.body.check.variants).not.toBeNull();
      expect(engine.compiles - before).toBe(1);
    });
  });
});

describe('the memory cap', () => {
  it('fails a compile that passes the heap cap with a lint error, and the next compile works', async () => {
    const workers = new CompileWorkers({ memoryMb: 32, threads: 1 });
    const engine = new EngineService(workers, { budgetMs: 600_000, memoryMb: 32 });
    try {
      const hard = parseProduct(hardProduct());
      if (!hard.ok) throw new Error('the synthetic product does not parse');
      const outcome = await engine.check(hard.product);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.finding.code).toBe('too-complex');
      expect(outcome.finding.message).toMatch(/too complex to compile within 600 s \/ 32 MB \(it ran out of memory\)/);
      // A new thread takes the next job.
      const mug = parseProduct(miniProduct());
      if (!mug.ok) throw new Error('the mini mug does not parse');
      const ok = await engine.check(mug.product);
      expect(ok.ok).toBe(true);
    } finally {
      await engine.close();
    }
  });
});

describe('configuration', () => {
  it('reads the budget and the heap cap, with defaults of 20 s and 1024 MB, and refuses values out of range', () => {
    expect(loadConfig({}, '/')).toMatchObject({ engineCompileBudgetMs: 20_000, engineCompileMemoryMb: 1024 });
    expect(loadConfig({ ENGINE_COMPILE_BUDGET_MS: '300', ENGINE_COMPILE_MEMORY_MB: '64' }, '/')).toMatchObject({
      engineCompileBudgetMs: 300,
      engineCompileMemoryMb: 64,
    });
    for (const env of [
      { ENGINE_COMPILE_BUDGET_MS: '0' },
      { ENGINE_COMPILE_MEMORY_MB: '8' },
      { ENGINE_COMPILE_MEMORY_MB: 'lots' },
    ]) {
      expect(() => loadConfig(env, '/')).toThrow(ConfigError);
      expect(() => loadConfig(env, '/')).toThrow(Object.keys(env)[0]!);
    }
  });
});
