import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrders } from '../../../scripts/seedOrders.js';
import { eachOrder, Col, type StreamRow } from '../../../server/exports/orderStream.js';
import { SalesRepository } from '../../../server/sales/salesRepository.js';
import type { OrderFilters } from '../../../server/sales/salesSchemas.js';
import { createTestApp, DIALECTS, type TestApp } from '../harness.js';

const ORDERS = 700;
const SIZE = 64; // rows between pauses: 700 crosses it many times, and ends mid-batch

describe.each(DIALECTS)('eachOrder on %s', (dialect) => {
  let t: TestApp;
  let repo: SalesRepository;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedOrders(t.db, t.app.ctx.catalog, { orders: ORDERS });
    repo = new SalesRepository(t.db.kysely, t.db);
  });
  afterAll(async () => t.close());

  async function collect(raw: boolean, f: OrderFilters = {} as OrderFilters) {
    const rows: StreamRow[] = [];
    let pauses = 0;
    let sinceLastPause = 0;
    let maxBetween = 0;
    const n = await eachOrder(
      repo.db,
      raw ? repo.raw : undefined,
      f,
      (r) => {
        rows.push(r);
        maxBetween = Math.max(maxBetween, ++sinceLastPause);
      },
      async () => {
        pauses++;
        sinceLastPause = 0;
        await new Promise((r) => setImmediate(r)); // a real await between rows, as a slow client makes
      },
      SIZE,
    );
    return { n, rows, pauses, maxBetween };
  }

  it('hands over every order once, in number order, pausing every `size` rows', async () => {
    const { n, rows, pauses, maxBetween } = await collect(true);
    expect(n).toBe(ORDERS);
    expect(rows.map((r) => Number(r[Col.number]))).toEqual(Array.from({ length: ORDERS }, (_, i) => i + 1));
    expect(maxBetween).toBeLessThanOrEqual(SIZE);
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(ORDERS / SIZE));
    expect(typeof rows[0]![Col.configuration]).toBe('string');
  });

  it('the driver path and the Kysely fallback give the same rows, filtered alike', async () => {
    const f = { status: ['shipped'] } as unknown as OrderFilters;
    const raw = await collect(true, f);
    const fallback = await collect(false, f);
    expect(raw.n).toBeGreaterThan(0);
    expect(raw.n).toBeLessThan(ORDERS);
    expect(raw.rows.every((r) => r[Col.status] === 'shipped')).toBe(true);
    const norm = (rows: StreamRow[]) => rows.map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
    expect(norm(raw.rows)).toEqual(norm(fallback.rows));
  });

  it('a failing row or a client that went away stops the stream and leaves the database usable', async () => {
    const boom = new Error('row failed');
    let seen = 0;
    await expect(
      eachOrder(
        repo.db,
        repo.raw,
        {} as OrderFilters,
        () => {
          if (++seen === 100) throw boom;
        },
        async () => {},
        SIZE,
      ),
    ).rejects.toBe(boom);
    const gone = new Error('the client went away');
    await expect(
      eachOrder(
        repo.db,
        repo.raw,
        {} as OrderFilters,
        () => {},
        async () => {
          throw gone;
        },
        SIZE,
      ),
    ).rejects.toBe(gone);
    // No transaction left open on a pooled connection: a whole stream and a write still work.
    expect((await collect(true)).n).toBe(ORDERS);
    await seedOrders(t.db, t.app.ctx.catalog, { orders: 1 });
    expect(await t.orderCount()).toBe(ORDERS + 1);
  });
});
