import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrders } from '../../../scripts/seedOrders.js';
import { filterWhere } from '../../../server/sales/orderFilters.js';
import { SalesRepository } from '../../../server/sales/salesRepository.js';
import type { OrderFilters } from '../../../server/sales/salesSchemas.js';
import { FAKE_GLB } from '../harness.js';
import { createSalesApp, DIALECTS, type SalesTestApp } from './salesHarness.js';

type Row = { id: string; number: number; total: number; customerName: string; status: string; createdAt: string };

/** Several statuses at once are merged from one-status legs: the pages must still be one sorted keyset walk. */
describe.each(DIALECTS)('several statuses on %s', (dialect) => {
  let t: SalesTestApp;
  const NAMES = ['Ann Peeters', 'Bram de Vries', 'Chloé Dubois', 'Dirk Jansen'];

  beforeAll(async () => {
    t = await createSalesApp(dialect);
    for (let i = 0; i < 10; i++) {
      const o = await t.place({
        choices: { colour: ['white', 'black', 'gold'][i % 3], size: i % 2 ? 'large' : 'small' },
        quantity: 1 + (i % 3),
        customer: { name: NAMES[i % NAMES.length], email: `p${i}@example.com` },
      });
      // received, in_production, cancelled in turn
      if (i % 3 === 1) expect((await t.post(`/api/sales/orders/${o.id}/status`, { status: 'in_production' })).status).toBe(200);
      if (i % 3 === 2) expect((await t.post(`/api/sales/orders/${o.id}/status`, { status: 'cancelled' })).status).toBe(200);
    }
  });
  afterAll(async () => t.close());

  async function all(query: string): Promise<Row[]> {
    const out: Row[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.get(`/api/sales/orders?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      out.push(...(res.body.orders as Row[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return out;
  }

  it('pages through exactly the matching orders, in order, for every sort key and direction', async () => {
    const everything = await all('sort=number');
    expect(everything).toHaveLength(10);
    const wanted = everything.filter((r) => r.status === 'received' || r.status === 'cancelled');
    expect(wanted.length).toBe(7);
    const keys: [string, (r: Row) => string | number][] = [
      ['number', (r) => r.number],
      ['createdAt', (r) => r.createdAt],
      ['total', (r) => r.total],
      ['customer', (r) => r.customerName],
    ];
    for (const [key, value] of keys)
      for (const desc of [false, true]) {
        const cmp = (a: Row, b: Row) => {
          const va = value(a);
          const vb = value(b);
          const c = va < vb ? -1 : va > vb ? 1 : a.number - b.number;
          return desc ? -c : c;
        };
        const got = await all(`status=received,cancelled&sort=${desc ? '-' : ''}${key}`);
        expect(
          got.map((r) => r.number),
          `${desc ? '-' : ''}${key}`,
        ).toEqual([...wanted].sort(cmp).map((r) => r.number));
      }
  });
});

/**
 * Sorted by total or customer, the orders are indexed per status only (migration 0010): every
 * status is a leg, and a product filter is checked along each leg (or, for a rare product on
 * SQLite, read from the product's index and sorted). Either way the pages are the exact order.
 */
describe.each(DIALECTS)('sorting by total and customer without a status filter on %s', (dialect) => {
  let t: SalesTestApp;
  type Full = Row & { productId: string };

  const publish = async (id: string) => {
    const product = { ...t.mug, id };
    await t.app.ctx.catalog.publish({ product, assets: new Map([['mini-mug.glb', FAKE_GLB]]), note: 'test' });
  };

  beforeAll(async () => {
    t = await createSalesApp(dialect);
    // Two products with more than PRODUCT_PROBE orders each (SQLite walks the status legs), then
    // a third with a few (SQLite reads its index and sorts).
    await publish('mini-mug-b');
    await seedOrders(t.db, t.app.ctx.catalog, { orders: 11_000 });
    await publish('mini-mug-c');
    for (let i = 0; i < 3; i++) await t.place({ productId: 'mini-mug-c', quantity: 1 + i });
  });
  afterAll(async () => t.close());

  async function pages(query: string, limit: number): Promise<Full[]> {
    const out: Full[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.get(`/api/sales/orders?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      out.push(...(res.body.orders as Full[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor && out.length < 400);
    return out;
  }

  it('pages in exact (key, number) order over every status, with and without a product filter', async () => {
    const rows = await t.db.kysely
      .selectFrom('orders')
      .select(['number', 'total', 'customer_name', 'product_id', 'status'])
      .execute();
    expect(new Set(rows.map((r) => r.status)).size).toBeGreaterThan(2);
    expect(rows.filter((r) => r.product_id === 'mini-mug-b').length).toBeGreaterThan(5000);
    expect(rows.filter((r) => r.product_id === 'mini-mug-c')).toHaveLength(3);
    for (const [key, col] of [
      ['total', 'total'],
      ['customer', 'customer_name'],
    ] as const)
      for (const desc of [false, true])
        for (const product of [undefined, 'mini-mug', 'mini-mug-b', 'mini-mug-c']) {
          const sorted = rows
            .filter((r) => !product || r.product_id === product)
            .sort((a, b) => {
              const c = a[col] < b[col] ? -1 : a[col] > b[col] ? 1 : Number(a.number) - Number(b.number);
              return desc ? -c : c;
            })
            .slice(0, 400)
            .map((r) => Number(r.number));
          const got = await pages(`sort=${desc ? '-' : ''}${key}${product ? `&product=${product}` : ''}`, 100);
          expect(got.map((r) => r.number).slice(0, 400), `${desc ? '-' : ''}${key} ${product ?? ''}`).toEqual(sorted);
        }
  });

  it('SQLite: a sort by total walks the per-status index, checking a common product along the way', () => {
    if (dialect !== 'sqlite') return;
    const repo = new SalesRepository(t.db.kysely, t.db);
    const q = repo.db
      .selectFrom('orders')
      .select('orders.number')
      .where((eb) =>
        filterWhere(eb, { status: ['shipped'], product: 'mini-mug' } as OrderFilters, 'scan', { productAlong: true }),
      )
      .orderBy('orders.total', 'desc')
      .orderBy('orders.number', 'desc')
      .limit(50)
      .compile();
    const plan = JSON.stringify(t.db.sqlite!.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])));
    expect(plan).toMatch(/orders_sales_status_total/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
