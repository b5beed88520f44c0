import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey } from '../harness.js';
import { createSalesApp, DIALECTS, type SalesTestApp } from './salesHarness.js';

/** Orders placed by a shop from a saved configuration (issue #17), as the sales desk shows them. */
describe.each(DIALECTS)('shop orders in the sales desk on %s', (dialect) => {
  let t: SalesTestApp;
  let shop: { id: string; number: number };
  let site: { id: string; number: number };
  let configurationId: string;

  beforeAll(async () => {
    t = await createSalesApp(dialect);
    site = await t.place();
    const saved = await request(t.app)
      .post('/api/configurations')
      .send({ productId: 'mini-mug', version: 1, choices: { colour: 'gold' } });
    configurationId = saved.body.id;
    const res = await request(t.app)
      .post('/api/orders')
      .set('Idempotency-Key', newKey())
      .send({
        configurationId,
        quantity: 1,
        customer: { name: 'Shop Buyer', email: 'buyer@example.com' },
        externalRef: 'WC-7781, line 2',
      });
    expect(res.status).toBe(201);
    shop = res.body;
  });
  afterAll(async () => t.close());

  it('lists the source and shop reference, and filters on either', async () => {
    const all = await t.get('/api/sales/orders?limit=50');
    const row = (id: string) => all.body.orders.find((o: { id: string }) => o.id === id);
    expect(row(shop.id)).toMatchObject({ source: 'shop', externalRef: 'WC-7781, line 2' });
    expect(row(site.id)).toMatchObject({ source: 'site', externalRef: null });
    const shops = await t.get('/api/sales/orders?source=shop&count=true');
    expect(shops.body.orders.map((o: { id: string }) => o.id)).toEqual([shop.id]);
    expect(shops.body.count).toBe(1);
    const sites = await t.get('/api/sales/orders?source=site');
    expect(sites.body.orders.map((o: { id: string }) => o.id)).toEqual([site.id]);
    const byRef = await t.get(`/api/sales/orders?ref=${encodeURIComponent('WC-7781, line 2')}`);
    expect(byRef.body.orders.map((o: { id: string }) => o.id)).toEqual([shop.id]);
    expect((await t.get('/api/sales/orders?ref=WC-7781')).body.orders).toEqual([]);
    expect((await t.get('/api/sales/orders?source=market')).status).toBe(400);
    // Sorted by total, statuses are legs of their own: the filters hold there too.
    const sorted = await t.get('/api/sales/orders?source=shop&sort=-total&status=received,shipped');
    expect(sorted.body.orders.map((o: { id: string }) => o.id)).toEqual([shop.id]);
  });

  it('shows them on the order detail and the production sheet', async () => {
    const detail = await t.get(`/api/sales/orders/${shop.id}`);
    expect(detail.body).toMatchObject({ source: 'shop', externalRef: 'WC-7781, line 2', configurationId });
    expect((await t.get(`/api/sales/orders/${site.id}`)).body).toMatchObject({ source: 'site', externalRef: null });
  });

  it('exports them in every format, filtered', async () => {
    const csv = (await t.get('/api/sales/orders/export?format=csv')).text;
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const cols = header!.split(',');
    const at = (name: string) => cols.indexOf(name);
    expect(at('source')).toBeGreaterThan(at('customer_address'));
    expect(at('external_ref')).toBe(at('source') + 1);
    const shopLine = lines.find((l) => l.includes(shop.id))!;
    expect(shopLine).toContain(',shop,"WC-7781, line 2",');
    expect(lines.find((l) => l.includes(site.id))).toMatch(/,site,,/);
    const jsonl = (await t.get('/api/sales/orders/export?format=jsonl&source=shop')).text.trim().split('\n');
    expect(jsonl.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ id: shop.id, source: 'shop', externalRef: 'WC-7781, line 2' }),
    ]);
    const filtered = (await t.get('/api/sales/orders/export?format=csv&ref=WC-7781%2C%20line%202')).text;
    expect(
      filtered
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toHaveLength(2);
  });
});
