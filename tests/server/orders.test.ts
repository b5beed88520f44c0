import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniProduct } from '../fixtures/miniProduct.js';
import { createTestApp, FAKE_GLB, newKey, parsed, pngDataUrl, tinyPng, validOrder, type TestApp, DIALECTS } from './harness.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const post = (body: unknown, key = newKey()) =>
    request(t.app)
      .post('/api/orders')
      .set('Idempotency-Key', key)
      .send(body as object);

  describe('POST /api/orders', () => {
    it('records a valid order at the price the catalog sets', async () => {
      const before = await t.orderCount();
      const res = await post(validOrder({ snapshot: pngDataUrl(tinyPng()) }));
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
      expect(res.headers.location).toBe(`/api/orders/${res.body.id}`);
      // 1500 base + 200 black + 100 matte + 300 large + 500 text − 150 offer = 2450 a mug.
      expect(res.body).toMatchObject({
        productId: 'mini-mug',
        version: 1,
        unitPrice: 2450,
        total: 4900,
        currency: 'EUR',
        quantity: 2,
        status: 'received',
      });
      expect(res.body.variantCode).toBe('MUG-2.2.1.2-P');
      expect(res.body.id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(Number.isInteger(res.body.number)).toBe(true);
      expect(res.body.price.lines.map((l: { amount: number }) => l.amount)).toEqual([1500, 200, 100, 300, 500, -150]);
      expect(await t.orderCount()).toBe(before + 1);

      const got = await request(t.app).get(`/api/orders/${res.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
      expect(got.body.configuration).toEqual(validOrder().choices);
      const png = await request(t.app).get(got.body.snapshotUrl);
      expect(png.status).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(png.body, tinyPng())).toBe(0);
    });

    it('completes partial choices with the engine and numbers orders sequentially', async () => {
      const a = await post(validOrder({ choices: { colour: 'gold' } }));
      const b = await post(validOrder({ choices: { size: 'large', handle: null } }));
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(a.body.configuration).toMatchObject({ colour: 'gold', finish: 'gloss' });
      expect(a.body.unitPrice).toBe(1500 + 900);
      expect(b.body.number).toBe(a.body.number + 1);
    });

    it('refuses a price in the body (the server prices the choices) and prices them itself', async () => {
      for (const extra of [{ price: { total: 1 } }, { total: 1 }, { unitPrice: 1 }]) {
        const res = await post({ ...validOrder(), ...extra });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
      }
      const res = await post(validOrder());
      expect(res.status).toBe(201);
      expect(res.body.unitPrice).toBe(2450);
      expect(res.body.total).toBe(4900);
    });

    it('refuses an impossible option with 422 and the violations, storing nothing', async () => {
      const before = await t.orderCount();
      const gold = await post(validOrder({ choices: { ...validOrder().choices, colour: 'gold', finish: 'matte' } }));
      expect(gold.status).toBe(422);
      expect(gold.body.error.code).toBe('invalid_configuration');
      expect(gold.body.error.details.violations.map((v: { rule: string }) => v.rule)).toContain('gold-is-gloss');
      const unknown = await post(validOrder({ choices: { colour: 'purple' } }));
      expect(unknown.status).toBe(422);
      const text = await post(validOrder({ choices: { 'name-text': 'R2-D2!' } }));
      expect(text.status).toBe(422);
      expect(await t.orderCount()).toBe(before);
    });

    it('refuses an order for a version that does not exist (999) with 404, even when its choices hold (finding 9)', async () => {
      const before = await t.orderCount();
      const res = await post(validOrder({ version: 999, choices: { colour: 'white' } }));
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        code: 'unknown_version',
        message: 'product "mini-mug" has no version 999; the current version is 1',
        details: { requestedVersion: 999, currentVersion: 1 },
      });
      expect(await t.orderCount()).toBe(before);
    });

    it('takes a whitespace-only personal text as no text: stored as none and not charged (finding 9)', async () => {
      const plain = await post(validOrder({ choices: { ...validOrder().choices, 'name-text': null } }));
      const blank = await post(validOrder({ choices: { ...validOrder().choices, 'name-text': '    ' } }));
      expect(blank.status).toBe(201);
      expect(blank.body.unitPrice).toBe(plain.body.unitPrice);
      expect(blank.body.price.lines.map((l: { kind: string }) => l.kind)).not.toContain('text');
      expect(blank.body.configuration['name-text']).toBe(null);
      expect(blank.body.variantCode).toBe(plain.body.variantCode);
      // A real text is still charged (the mug's text costs 500).
      const named = await post(validOrder({ choices: { ...validOrder().choices, 'name-text': ' Ann ' } }));
      expect(named.body.unitPrice).toBe(plain.body.unitPrice + 500);
    });

    it('answers 409 for a superseded version whose choices no longer hold, and orders on the current one otherwise', async () => {
      const v2 = miniProduct();
      const colour = v2.attributes.find((a) => a.id === 'colour')!;
      if (colour.kind === 'text') throw new Error('fixture changed');
      colour.options = colour.options.filter((o) => o.id !== 'black');
      v2.basePrice = 1600;
      v2.rules = v2.rules!.filter((r) => r.id !== 'large-discount');
      const version = await t.app.ctx.catalog.publish({
        product: parsed(v2),
        assets: new Map([['mini-mug.glb', FAKE_GLB]]),
        note: 'no black',
      });
      expect(version).toBe(2);

      const before = await t.orderCount();
      const stale = await post(validOrder({ version: 1 }));
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('stale_version');
      expect(stale.body.error.details).toMatchObject({
        requestedVersion: 1,
        currentVersion: 2,
        choices: [{ attr: 'colour', value: 'black' }],
      });
      const unknownVersion = await post(validOrder({ version: 99 }));
      expect(unknownVersion.status).toBe(404);
      expect(unknownVersion.body.error.code).toBe('unknown_version');
      expect(await t.orderCount()).toBe(before);

      const stillFine = await post(validOrder({ version: 1, choices: { ...validOrder().choices, colour: 'white' } }));
      expect(stillFine.status).toBe(201);
      expect(stillFine.body.version).toBe(2);
      expect(stillFine.body.unitPrice).toBe(1600 + 100 + 300 + 500);

      // The product API serves both versions.
      expect((await request(t.app).get('/api/products/mini-mug')).body.version).toBe(2);
      expect((await request(t.app).get('/api/products/mini-mug?version=1')).body.version).toBe(1);
    });

    it('returns the same order for a retried key and refuses the key for another body', async () => {
      const key = newKey();
      const body = validOrder({ version: 2, choices: { colour: 'white' } });
      const first = await post(body, key);
      const before = await t.orderCount();
      const again = await post(body, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const other = await post({ ...body, quantity: 5 }, key);
      expect(other.status).toBe(422);
      expect(other.body.error.code).toBe('idempotency_key_reused');
      expect(await t.orderCount()).toBe(before);
    });

    it('records one order for concurrent requests with the same key', async () => {
      const key = newKey();
      const body = validOrder({ version: 2, choices: { colour: 'white' } });
      const before = await t.orderCount();
      const answers = await Promise.all(Array.from({ length: 12 }, () => post(body, key)));
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await t.orderCount()).toBe(before + 1);
    });

    it('refuses malformed requests with 400 and stores nothing', async () => {
      const before = await t.orderCount();
      const png = tinyPng();
      const cases: [unknown, string?][] = [
        [validOrder(), ''],
        [validOrder({ quantity: 0 })],
        [validOrder({ quantity: -1 })],
        [validOrder({ quantity: 1e9 })],
        [validOrder({ quantity: 1.5 })],
        [validOrder({ customer: { name: 'A', email: 'not-an-email' } })],
        [validOrder({ extra: true })],
        [validOrder({ choices: { colour: 5 } })],
        [{ ...validOrder(), choices: JSON.parse('{"__proto__": {"polluted": "yes"}}') }],
        [validOrder({ productId: "mini-mug'; drop table orders; --" })],
        [validOrder({ snapshot: 'data:image/png;base64,' + Buffer.from('GIF89a not a png at all, really').toString('base64') })],
        [validOrder({ snapshot: 'data:image/jpeg;base64,' + png.toString('base64') })],
        [validOrder({ customer: { name: 'x'.repeat(10_000), email: 'a@b.co' } })],
      ];
      for (const [body, key] of cases) {
        const res =
          key === ''
            ? await request(t.app)
                .post('/api/orders')
                .send(body as object)
            : await post(body);
        expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(400);
        expect(res.body.error.code).toBeTypeOf('string');
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const malformed = await request(t.app)
        .post('/api/orders')
        .set('Idempotency-Key', newKey())
        .set('Content-Type', 'application/json')
        .send('{"productId": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('malformed_json');
      // 200,000 nested brackets: JSON.parse copes, a recursive walk of the body would overflow the stack (a 500).
      for (const deep of [
        '['.repeat(200_000) + ']'.repeat(200_000),
        `{"productId":"mini-mug","choices":${'{"a":'.repeat(65)}1${'}'.repeat(65)}}`,
      ]) {
        const nested = await request(t.app)
          .post('/api/orders')
          .set('Idempotency-Key', newKey())
          .set('Content-Type', 'application/json')
          .send(deep);
        expect(nested.status).toBe(400);
        expect(nested.body.error).toMatchObject({
          code: 'invalid_request',
          message: 'the value is nested more than 64 levels deep',
        });
      }
      const huge = await post(validOrder({ snapshot: 'data:image/png;base64,' + 'A'.repeat(5 * 1024 * 1024) }));
      expect(huge.status).toBe(413);
      expect(await t.orderCount()).toBe(before);
    });

    it('answers 404 for an unknown product or order', async () => {
      expect((await post(validOrder({ productId: 'no-such-thing' }))).status).toBe(404);
      expect((await request(t.app).get('/api/orders/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    });
  });

  describe('POST /api/products/:id/evaluate', () => {
    it("returns the engine's evaluation", async () => {
      const res = await request(t.app)
        .post('/api/products/mini-mug/evaluate')
        .send({ choices: { colour: 'gold' }, version: 1 });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
      expect(res.body.evaluation.ok).toBe(true);
      expect(res.body.evaluation.configuration.finish).toBe('gloss');
      expect(res.body.evaluation.attributes.finish.options.matte.state).toBe('conflict');
    });

    it('reports contradicting choices as a value, and bad bodies as 400', async () => {
      const res = await request(t.app)
        .post('/api/products/mini-mug/evaluate')
        .send({ choices: { colour: 'gold', finish: 'matte' } });
      expect(res.status).toBe(200);
      expect(res.body.evaluation.ok).toBe(false);
      expect((await request(t.app).post('/api/products/mini-mug/evaluate').send({ choices: [] })).status).toBe(400);
      expect((await request(t.app).post('/api/products/nope/evaluate').send({ choices: {} })).status).toBe(404);
    });
  });
});
