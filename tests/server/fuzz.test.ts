import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../catalog/index.js';
import { createTestApp, newKey, validOrder, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('sqlite');
});
afterAll(async () => t.close());

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    "'; drop table orders; --",
    '\u0000',
    '💥'.repeat(50),
    'x'.repeat(5000),
    '',
  ),
);
const attrIds = ['colour', 'finish', 'handle', 'size', 'name-text'];
const optionIds = ['white', 'black', 'gold', 'gloss', 'matte', 'round', 'square', 'small', 'large', 'Ann', 'R2D2', null];
const choices = fc.dictionary(
  fc.oneof(fc.constantFrom(...attrIds), hostileString),
  fc.oneof(fc.constantFrom(...optionIds), hostileString, fc.anything()),
  {
    maxKeys: 8,
  },
);
const quantity = fc.oneof(
  fc.integer({ min: -5, max: 2000 }),
  fc.double(),
  fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER),
  fc.string(),
);
const customer = fc.oneof(
  fc.record({ name: hostileString, email: fc.oneof(fc.emailAddress(), hostileString) }, { requiredKeys: [] }),
  fc.record({ name: fc.constant('Ann'), email: fc.constant('ann@example.com'), address: fc.anything() }),
  fc.anything(),
);
const orderBody = fc.oneof(
  fc.anything(),
  fc.record(
    {
      productId: fc.oneof(fc.constant('mini-mug'), hostileString),
      version: fc.oneof(fc.constant(1), fc.integer(), fc.anything()),
      choices,
      quantity,
      customer,
      snapshot: fc.oneof(
        hostileString,
        fc.constant('data:image/png;base64,AAAA'),
        fc.base64String().map((b) => `data:image/png;base64,${b}`),
      ),
      price: fc.anything(),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  // Mostly-valid orders with one field replaced.
  fc
    .tuple(fc.constantFrom('choices', 'quantity', 'customer', 'version', 'productId'), fc.anything())
    .map(([k, v]) => ({ ...validOrder(), [k]: v })),
  choices.map((c) => validOrder({ choices: c })),
);

describe('fuzzing', () => {
  it('POST /api/orders never answers 5xx, and stores only valid orders', async () => {
    await fc.assert(
      fc.asyncProperty(orderBody, async (body) => {
        const before = await t.orderCount();
        const res = await request(t.app)
          .post('/api/orders')
          .set('Idempotency-Key', newKey())
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body) ?? 'null');
        expect(res.status).toBeLessThan(500);
        expect(res.body.error?.code ?? res.body.id).toBeTypeOf('string');
        const after = await t.orderCount();
        if (res.status === 201) {
          expect(after).toBe(before + 1);
          expect(validate(t.mug, res.body.configuration).ok).toBe(true);
        } else expect(after).toBe(before);
      }),
      { numRuns: 250 },
    );
  });

  it('POST /api/products/:id/evaluate never answers 5xx', async () => {
    const body = fc.oneof(
      fc.anything(),
      fc.record({ choices, version: fc.oneof(fc.constant(1), fc.anything()) }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.oneof(fc.constant('mini-mug'), hostileString), async (b, id) => {
        const res = await request(t.app)
          .post(`/api/products/${encodeURIComponent(id)}/evaluate`)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(b) ?? 'null');
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) expect(typeof res.body.evaluation.ok).toBe('boolean');
        else expect(res.body.error.code).toBeTypeOf('string');
      }),
      { numRuns: 250 },
    );
  });
});
