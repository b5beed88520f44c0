import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
