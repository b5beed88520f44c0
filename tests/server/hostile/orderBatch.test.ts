import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { OrdersRepository } from '../../../server/orders/ordersRepository.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { newOrder } from '../../fixtures/newOrder.js';
import { createTestDb, FAKE_GLB, newKey, parsed, TEST_DATABASE_URL, validOrder, type TestDb } from '../harness.js';

const FELL_BACK = /orders failed together .*writing each alone/;

/**
 * PostgreSQL refuses NUL in text. A NUL order used to fail its whole write batch, which then went
 * one transaction per order (good-order throughput fell by 63 % under a loop of them). It is
 * refused at the edge now; the repository says when a batch falls back, which is what this watches.
 */
describe.runIf(TEST_DATABASE_URL)('the PostgreSQL order batch and NUL orders', () => {
  let t: TestDb;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestDb('postgres');
  });
  afterAll(async () => t.close());

  it('a batch holding a NUL order that got past the edge falls back, and says so (what the next test watches)', async () => {
    const warnings: string[] = [];
    const repo = new OrdersRepository(t.db, (m) => warnings.push(m));
    const results = await Promise.allSettled([
      repo.insert(newOrder(newKey()), null),
      repo.insert(newOrder(newKey(), { customer_name: 'x\u0000' }), null),
      repo.insert(newOrder(newKey()), null),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(warnings.some((w) => FELL_BACK.test(w))).toBe(true);
  });

  it('NUL orders sent with good ones are refused at the edge and never reach the batch', async () => {
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const app = createApp({ db: t.db, logger, scryptCost: 2 ** 10 });
    await app.ctx.catalog.publish({ product: parsed(miniProduct()), assets: new Map([['mini-mug.glb', FAKE_GLB]]), note: 't' });
    const send = (name: string) =>
      request(app)
        .post('/api/orders')
        .set('Idempotency-Key', newKey())
        .send(validOrder({ customer: { name, email: 'ann@example.com' } }));
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => send(i % 3 ? `Ann ${i}` : `Ann\u0000${i}`)));
      answers.forEach((a, i) => expect(a.status).toBe(i % 3 ? 201 : 400));
    }
    expect(lines.filter((l) => FELL_BACK.test(l))).toEqual([]);
    const numbers = (await t.db.kysely.selectFrom('orders').select('number').orderBy('number').execute()).map((r) =>
      Number(r.number),
    );
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });
});
