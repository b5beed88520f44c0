import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniProduct } from '../fixtures/miniProduct.js';
import { createTestApp, DIALECTS, FAKE_GLB, newKey, parsed, validOrder, type TestApp } from './harness.js';

/** Issue #15: the customer fields a product requires are enforced by the server too. */
describe.each(DIALECTS)('checkout fields on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // The same mug as a product that says nothing about checkout: a physical good, address required.
    const { checkout: _, ...rest } = miniProduct();
    const jug = parsed({ ...rest, id: 'plain-jug' });
    expect(jug.checkout).toEqual({ address: 'required' });
    await t.app.ctx.catalog.publish({ product: jug, assets: new Map([['mini-mug.glb', FAKE_GLB]]), note: 'test' });
  });
  afterAll(async () => t.close());

  const post = (body: unknown) =>
    request(t.app)
      .post('/api/orders')
      .set('Idempotency-Key', newKey())
      .send(body as object);

  it('refuses an order without the required delivery address with a clear 422, and writes nothing', async () => {
    const before = await t.orderCount();
    const res = await post(validOrder({ productId: 'plain-jug', customer: { name: 'Ann', email: 'ann@example.com' } }));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'customer_fields_missing',
      message: 'a delivery address is required for this product',
      details: { fields: ['address'] },
    });
    expect(await t.orderCount()).toBe(before);
  });

  it('refuses a blank address as a 400 and accepts a real one, which the order keeps', async () => {
    const blank = await post(
      validOrder({ productId: 'plain-jug', customer: { name: 'Ann', email: 'ann@example.com', address: '   ' } }),
    );
    expect(blank.status).toBe(400);
    const ok = await post(validOrder({ productId: 'plain-jug' }));
    expect(ok.status).toBe(201);
    expect(ok.body.customer.address).toBe('Kerkstraat 1, 1000 Brussel');
    const read = await request(t.app).get(`/api/orders/${ok.body.id}`);
    expect(read.body.customer.address).toBe('Kerkstraat 1, 1000 Brussel');
  });

  it('lets a product make the address optional', async () => {
    const res = await post(validOrder({ customer: { name: 'Ann', email: 'ann@example.com' } }));
    expect(res.status).toBe(201);
  });
});
