import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type Choices, type Rule } from '../../../catalog/index.js';
import { compileProduct } from '../../../catalog/rules/compileProduct.js';
import { evaluateAnswer } from '../../../server/engine/evaluateThread.js';
import { createTestApp, DIALECTS, FAKE_GLB, parsed, type TestApp } from '../harness.js';
import { pairsProduct } from './pairsProduct.js';

/** Two rules that together rule a1 = o8 out of every configuration (a dead value, whatever the choices). */
const DEAD: Rule[] = [
  {
    id: 'dead-1',
    kind: 'requires',
    message: 'o8 on a1 needs o8 on a2',
    if: { attr: 'a1', is: 'o8' },
    then: { attr: 'a2', is: 'o8' },
  },
  {
    id: 'dead-2',
    kind: 'excludes',
    message: 'o8 on a2 forbids o8 on a1',
    if: { attr: 'a2', is: 'o8' },
    then: { attr: 'a1', is: 'o8' },
  },
];
const input = () => pairsProduct('pairs-dead', DEAD);
/** Choices that put some options in conflict, whose reasons the thread searches. */
const CHOICES: Choices = { a0: 'o0', a5: 'o1' };

type States = Record<string, { options: Record<string, { state: string; reasons?: { id: string }[] }> }>;

describe.each(DIALECTS)('on %s, the dead values of a product in the diagram form', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { settings: { evaluateBudgetMs: 300_000 } });
    await t.app.ctx.catalog.publish({
      product: parsed(input()),
      assets: new Map([['synthetic.glb', FAKE_GLB]]),
      note: 'test',
    });
  }, 300_000);
  afterAll(async () => {
    await t.app.ctx.engine.evaluations.close();
    await t.close();
  });

  it('get their reasons once per version, in the compile worker, and every evaluation reuses them', async () => {
    const { engine, catalog } = t.app.ctx;
    const v = (await catalog.getCurrent('pairs-dead'))!;
    const compiled = await engine.compile(v.product);
    if (!compiled.ok) throw new Error('the product should compile');
    expect(compiled.compiled.form).toBe('diagram');
    // Searched beside the compile: the compiled form carries them.
    expect(compiled.compiled.reasonSearches).toBeGreaterThan(0);
    expect(engine.evaluations.reasonSearches).toBe(0);

    const res = await request(t.app).post('/api/products/pairs-dead/evaluate').send({ choices: {} });
    expect(res.status).toBe(200);
    const dead = (res.body.evaluation.attributes as States).a1!.options.o8!;
    expect(dead.state).toBe('impossible');
    expect(dead.reasons!.map((r) => r.id)).toEqual(['dead-1', 'dead-2']);
    // The JSON of evaluate() as before: the same states and reasons as found lazily here.
    const local = parsed(input());
    expect(res.text).toBe(JSON.stringify({ version: v.version, evaluation: evaluate(local, {}) }));
    // The thread serialised the dead value's reasons without searching for them.
    expect(engine.evaluations.reasonSearches).toBe(0);

    // With choices: the thread searches the conflicts' reasons, one search each, and not the dead value's.
    const withChoices = await request(t.app).post('/api/products/pairs-dead/evaluate').send({ choices: CHOICES });
    expect(withChoices.status).toBe(200);
    const states = Object.values(withChoices.body.evaluation.attributes as States).flatMap((a) => Object.values(a.options));
    const conflicts = states.filter((s) => s.state === 'conflict');
    expect(conflicts.length).toBeGreaterThan(0);
    expect((withChoices.body.evaluation.attributes as States).a1!.options.o8!.reasons!.map((r) => r.id)).toEqual([
      'dead-1',
      'dead-2',
    ]);
    expect(engine.evaluations.reasonSearches).toBe(conflicts.length);
    expect(engine.evaluations.sent).toBe(1);
  }, 300_000);

  it('are not searched beside the compile of the fast forms (they evaluate on the event loop, lazily)', async () => {
    const { engine, catalog } = t.app.ctx;
    const mug = (await catalog.getCurrent('mini-mug'))!;
    const compiled = await engine.compile(mug.product);
    if (!compiled.ok) throw new Error('the mug should compile');
    expect(compiled.compiled.form).not.toBe('diagram');
    expect(compiled.compiled.reasonSearches).toBe(0);
  });
});

describe("the evaluation thread's budget for the conflicts' reasons", () => {
  const conflictsOf = (json: string) =>
    Object.values((JSON.parse(json) as { attributes: States }).attributes)
      .flatMap((a) => Object.values(a.options))
      .filter((s) => s.state === 'conflict');

  it('gives the conflicts past it no reasons, without searching them, and the dead values theirs', () => {
    const product = parsed(input());
    const ct = compileProduct(product);
    expect(ct.form).toBe('diagram');
    const none = evaluateAnswer(product, 'json', CHOICES, 0);
    if (none.mode !== 'json') throw new Error('json asked');
    const conflicts = conflictsOf(none.json);
    expect(conflicts.length).toBeGreaterThan(0);
    for (const c of conflicts) expect(c.reasons).toEqual([]);
    // Only the dead value's reasons were searched (lazily: no compile worker here).
    expect(ct.reasonSearches).toBe(1);
    expect((JSON.parse(none.json) as { attributes: States }).attributes.a1!.options.o8!.reasons!.length).toBe(2);

    // Within the budget, every conflict has its reasons (nothing was cached for the ones forgone).
    const all = evaluateAnswer(product, 'json', CHOICES, 60_000);
    if (all.mode !== 'json') throw new Error('json asked');
    const found = conflictsOf(all.json);
    expect(found.length).toBe(conflicts.length);
    for (const c of found) expect(c.reasons!.length).toBeGreaterThan(0);
    expect(ct.reasonSearches).toBe(1 + conflicts.length);
  });
});
