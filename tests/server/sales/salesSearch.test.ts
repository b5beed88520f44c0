import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrders } from '../../../scripts/seedOrders.js';
import { filterWhere, searchMode } from '../../../server/sales/orderFilters.js';
import { SalesRepository } from '../../../server/sales/salesRepository.js';
import type { OrderFilters } from '../../../server/sales/salesSchemas.js';
import { createSalesApp, DIALECTS, type SalesTestApp } from './salesHarness.js';

/** Free text through the search index of each dialect (migration 0006_sales_search). */
describe.each(DIALECTS)('free-text search on %s', (dialect) => {
  let t: SalesTestApp;
  let repo: SalesRepository;
  const NAMES = ['Zoë Van Den Broeck', 'Jan "Jantje" Peeters', 'Anna-Lena OR Müller', 'Émile Zola'];

  beforeAll(async () => {
    t = await createSalesApp(dialect);
    // A bulk load first (seedOrders turns SQLite's search triggers off and fills the index after),
    // then orders through the API (the triggers / the GIN index on each insert).
    await seedOrders(t.db, t.app.ctx.catalog, { orders: 2000 });
    for (const [i, name] of NAMES.entries())
      await t.place({ customer: { name, email: `buyer${i}@shop-${i}.example` }, quantity: 1 });
    repo = new SalesRepository(t.db.kysely, t.db);
  });
  afterAll(async () => t.close());

  const names = async (q: string) => {
    const res = await t.get(`/api/sales/orders?q=${encodeURIComponent(q)}&limit=50`);
    expect(res.status).toBe(200);
    return (res.body.orders as { customerName: string }[]).map((o) => o.customerName).sort();
  };

  it('finds a piece of a name, an e-mail or a variant code, in any case, and only those orders', async () => {
    expect(await names('broeck')).toEqual(['Zoë Van Den Broeck']);
    expect(await names('VAN DEN')).toEqual(['Zoë Van Den Broeck']);
    expect(await names('shop-2.exa')).toEqual(['Anna-Lena OR Müller']);
    expect(await names('Émile')).toEqual(['Émile Zola']);
    expect(await names('buyer')).toHaveLength(4);
    expect(await names('@shop-')).toHaveLength(4);
    expect(await names('nobody-like-this')).toEqual([]);
    // Two characters: below a trigram, found by the scan instead.
    expect(await names('zo')).toEqual(['Zoë Van Den Broeck', 'Émile Zola']);
  });

  it('takes search-syntax characters literally (quotes, operators, wildcards)', async () => {
    expect(await names('"Jantje"')).toEqual(['Jan "Jantje" Peeters']);
    expect(await names('n "J')).toEqual(['Jan "Jantje" Peeters']);
    expect(await names('Lena OR')).toEqual(['Anna-Lena OR Müller']);
    expect(await names('OR Zola')).toEqual([]); // no boolean OR
    expect(await names('"')).toEqual(['Jan "Jantje" Peeters']);
    for (const q of ['NEAR(a b)', 'a*', '""', '^zo', 'col:val', '(((', '%_%', "'; drop table orders; --"])
      expect(await names(q)).toEqual([]);
  });

  it('finds personal texts (two letters by the scan, more through the index) and product names', async () => {
    await t.place({ customer: { name: 'Text Owner', email: 'owner@example.com' }, choices: { 'name-text': 'JD' }, quantity: 1 });
    await t.place({
      customer: { name: 'Long Text', email: 'long@example.com' },
      choices: { 'name-text': 'Zyxw Vuts' },
      quantity: 1,
    });
    expect(await names('JD')).toContain('Text Owner');
    expect(await names('xw vu')).toEqual(['Long Text']);
    // The JSON's keys and quotes are not searched, only its values.
    expect(await names('name-text')).toEqual([]);
    // The mug is named "Mug" / "Mok": its name finds its orders, in either language.
    const mok = await t.get('/api/sales/orders?q=Mok&limit=5&count=true');
    expect(mok.body.count).toBe((await t.get('/api/sales/orders?limit=5&count=true')).body.count);
    expect(mok.body.orders[0].productName).toEqual({ en: 'Mug', nl: 'Mok' });
  });

  it('keeps the index in step with new orders', async () => {
    expect(await names('newcomer')).toEqual([]);
    await t.place({ customer: { name: 'Newcomer Nina', email: 'nina@example.com' }, quantity: 1 });
    expect(await names('newcomer')).toEqual(['Newcomer Nina']);
  });

  it('SQLite looks for a common text by the scan that stops at a page, a rare one through the index', () => {
    if (dialect !== 'sqlite') {
      expect(searchMode(t.db, { q: 'example' })).toBe('trgm'); // PostgreSQL's planner decides, by statistics
      return;
    }
    // Migration 0008: segments merged less eagerly (cheaper order inserts).
    expect(t.db.sqlite!.prepare(`select v from orders_search_config where k = 'automerge'`).get()).toEqual({ v: 16 });
    expect(searchMode(t.db, { q: 'example' })).toBe('scan'); // every seeded order
    expect(searchMode(t.db, { q: 'broeck' })).toBe('fts');
    expect(searchMode(t.db, { q: 'zo' })).toBe('scan'); // under a trigram
    expect(searchMode(t.db, { q: '#12' })).toBe('scan'); // an order number
  });

  it('the query takes the search index (the planner would otherwise read every order)', async () => {
    const query = repo.db
      .selectFrom('orders')
      .select('orders.number')
      .where((eb) => filterWhere(eb, { q: 'peeters' } as OrderFilters, dialect === 'sqlite' ? 'fts' : 'trgm'))
      .orderBy('orders.number', 'desc')
      .limit(50)
      .compile();
    if (dialect === 'sqlite') {
      const plan = t.db.sqlite!.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[]));
      expect(JSON.stringify(plan)).toMatch(/VIRTUAL TABLE INDEX/);
    } else {
      const plan = await t.db.kysely.connection().execute(async (c) => {
        // Only bitmap scans left: the trigram index is taken if its expression is the query's.
        await sql`set enable_seqscan = off`.execute(c);
        await sql`set enable_indexscan = off`.execute(c);
        try {
          const r = await c.executeQuery<Record<string, string>>({ ...query, sql: `explain ${query.sql}` });
          return r.rows.map((row) => Object.values(row)[0]).join('\n');
        } finally {
          await sql`reset enable_seqscan`.execute(c);
          await sql`reset enable_indexscan`.execute(c);
        }
      });
      expect(plan).toMatch(/Bitmap Index Scan on orders_search_trgm/);
    }
    const found = await repo.page({ q: 'peeters' } as OrderFilters, 'number', true, 5000, null);
    const expected = await t.db.kysely
      .selectFrom('orders')
      .select('number')
      .where(sql<boolean>`lower(customer_name) like '%peeters%' or lower(customer_email) like '%peeters%'`)
      .orderBy('number', 'desc')
      .execute();
    expect(found.map((r) => Number(r.number))).toEqual(expected.map((r) => Number(r.number)));
    expect(found.length).toBeGreaterThan(10);
  });
});
