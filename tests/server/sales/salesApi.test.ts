import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesApp, DIALECTS, pngDataUrl, tinyPng, validOrder, type SalesTestApp } from './salesHarness.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: SalesTestApp;
  const placed: { id: string; number: number; variantCode: string; total: number; name: string; colour: string }[] = [];

  const CUSTOMERS = ['Ann Peeters', 'Bram de Vries', 'Chloé Dubois', 'Dirk Jansen', 'Eva Smit', 'Femke Bakker'];
  const COLOURS = ['white', 'black', 'gold'];

  beforeAll(async () => {
    t = await createSalesApp(dialect);
    for (let i = 0; i < 12; i++) {
      const name = CUSTOMERS[i % CUSTOMERS.length]!;
      const colour = COLOURS[i % 3]!;
      const choices = { colour, size: i % 2 ? 'large' : 'small', ...(colour === 'gold' ? { finish: 'gloss' } : {}) };
      const o = await t.place({
        choices,
        quantity: 1 + (i % 4),
        customer: {
          name,
          email: `${name
            .split(' ')[0]!
            .toLowerCase()
            .normalize('NFD')
            .replace(/[^a-z]/g, '')}@example.com`,
        },
        ...(i === 0 ? { snapshot: pngDataUrl(tinyPng()) } : {}),
      });
      placed.push({ ...o, name, colour });
    }
  });
  afterAll(async () => t.close());

  type Row = { id: string; number: number; total: number; customerName: string; status: string; createdAt: string };

  async function all(query: string): Promise<Row[]> {
    const out: Row[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.get(`/api/sales/orders?${query}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      out.push(...res.body.orders);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  }

  describe('GET /api/sales/orders', () => {
    it('lists newest first by default and pages through every order exactly once', async () => {
      const rows = await all('');
      expect(rows.map((r) => r.number)).toEqual(placed.map((p) => p.number).reverse());
      const first = await t.get('/api/sales/orders?limit=5&count=true');
      expect(first.body.orders).toHaveLength(5);
      expect(first.body.count).toBe(12);
      expect(first.body.orders[0]).toMatchObject({ productId: 'mini-mug', status: 'received', currency: 'EUR' });
    });

    it('sorts by total and by customer in both directions, ties broken by number', async () => {
      const byTotal = await all('sort=total');
      const expected = [...placed].sort((a, b) => a.total - b.total || a.number - b.number).map((p) => p.number);
      expect(byTotal.map((r) => r.number)).toEqual(expected);
      const byTotalDesc = await all('sort=-total');
      expect(byTotalDesc.map((r) => r.number)).toEqual([...expected].reverse());
      const byName = await all('sort=customer');
      const names = byName.map((r) => r.customerName);
      expect(names).toEqual([...names].sort());
      expect(new Set(byName.map((r) => r.id)).size).toBe(12);
    });

    it('filters by free text (name, e-mail, number, variant code), product, status and date range', async () => {
      const ann = await all('q=peeters');
      expect(ann.map((r) => r.number).sort()).toEqual(
        placed
          .filter((p) => p.name === 'Ann Peeters')
          .map((p) => p.number)
          .sort(),
      );
      const email = await all('q=BRAM%40example');
      expect(email.every((r) => r.customerName === 'Bram de Vries')).toBe(true);
      expect(email.length).toBe(2);
      const byNumber = await all(`q=${placed[3]!.number}`);
      expect(byNumber.map((r) => r.id)).toContain(placed[3]!.id);
      const gold = placed.filter((p) => p.colour === 'gold');
      const byCode = await all(`q=${encodeURIComponent(gold[0]!.variantCode.slice(4, 7))}`);
      expect(byCode.length).toBeGreaterThanOrEqual(1);
      expect(await all('product=mini-mug')).toHaveLength(12);
      expect(await all('product=other-thing')).toHaveLength(0);
      expect(await all('status=shipped')).toHaveLength(0);
      const today = new Date().toISOString().slice(0, 10);
      expect(await all(`from=${today}&to=${today}`)).toHaveLength(12);
      expect(await all('to=2000-01-01')).toHaveLength(0);
      expect(await all('q=100%25')).toHaveLength(0); // a literal %, not a wildcard
    });

    it('refuses bad filters with a 400 that names them', async () => {
      const res = await t.get('/api/sales/orders?status=lost&sort=price');
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toMatch(/status|sort/);
      expect((await t.get('/api/sales/orders?cursor=bm9wZQ')).status).toBe(400);
      expect((await t.get('/api/sales/orders?from=2026-13-45')).status).toBe(400);
    });
  });

  describe('access', () => {
    it('lets sales and admin in, keeps producers and strangers out', async () => {
      expect((await t.get('/api/sales/orders', t.sales.token)).status).toBe(200);
      expect((await t.get('/api/sales/orders', t.admin.token)).status).toBe(200);
      expect((await t.get('/api/sales/orders', t.producer.token)).status).toBe(403);
      expect((await t.get('/api/sales/orders', '')).status).toBe(401);
      expect((await t.get(`/api/sales/orders/${placed[0]!.id}`, t.producer.token)).status).toBe(403);
      expect((await t.post(`/api/sales/orders/${placed[0]!.id}/status`, { status: 'shipped' }, t.producer.token)).status).toBe(
        403,
      );
      expect((await t.get('/api/sales/orders/export?format=csv', '')).status).toBe(401);
      expect((await t.get('/api/sales/webhook', t.sales.token)).status).toBe(403);
      expect((await t.get('/api/sales/webhook', t.admin.token)).status).toBe(200);
    });

    it('describes the sales routes in the OpenAPI document', async () => {
      const doc = (await t.get('/api/openapi.json', '')).body;
      for (const p of [
        '/api/sales/orders',
        '/api/sales/orders/{id}',
        '/api/sales/orders/{id}/status',
        '/api/sales/orders/export',
      ])
        expect(doc.paths[p], p).toBeDefined();
      expect(doc.paths['/api/sales/orders'].get['x-roles']).toEqual(['sales', 'admin']);
    });
  });

  describe('order detail and status', () => {
    it('shows the configuration with the labels of its catalog version, the breakdown, customer and history', async () => {
      const res = await t.get(`/api/sales/orders/${placed[0]!.id}`);
      expect(res.status).toBe(200);
      const d = res.body;
      expect(d.variantCode).toBe(placed[0]!.variantCode);
      expect(d.customer).toEqual({ name: 'Ann Peeters', email: 'ann@example.com' });
      expect(d.lines.find((l: { attr: string }) => l.attr === 'colour')).toMatchObject({
        label: 'Colour',
        value: 'white',
        text: 'White',
        sku: '1',
      });
      const nl = (await t.get(`/api/sales/orders/${placed[0]!.id}?locale=nl`)).body;
      expect(nl.lines.find((l: { attr: string }) => l.attr === 'colour')).toMatchObject({ label: 'Kleur', value: 'white' });
      expect(d.price.lines[0]).toMatchObject({ kind: 'base', amount: 1500 });
      expect(d.history).toEqual([{ from: null, to: 'received', at: d.createdAt, by: null, note: null }]);
      expect(d.allowedTransitions).toEqual(['in_production', 'cancelled']);
      expect(d.snapshotUrl).toMatch(/snapshot\.png$/);
      expect(d.product.id).toBe('mini-mug');
      expect(d.assetBase).toBe('/assets/catalog/mini-mug/v1/');
      expect((await t.get('/api/sales/orders/aaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    });

    it('keeps the labels of the version ordered on after a new version renames an option', async () => {
      const doc = validOrder();
      const v2 = (await import('../../fixtures/miniProduct.js')).miniProduct();
      (v2.attributes[0] as { options: { label: unknown }[] }).options[1]!.label = 'Midnight';
      const { parsed } = await import('../harness.js');
      await t.app.ctx.catalog.publish({ product: parsed(v2), assets: new Map(), note: 'rename' });
      const o = placed.find((p) => p.colour === 'black')!;
      const d = (await t.get(`/api/sales/orders/${o.id}`)).body;
      expect(d.version).toBe(1);
      expect(d.lines.find((l: { attr: string }) => l.attr === 'colour').text).toBe('Black');
      expect(doc.productId).toBe('mini-mug');
    });

    it('moves an order received → in_production → shipped, recording who and when', async () => {
      const id = placed[1]!.id;
      const a = await t.post(`/api/sales/orders/${id}/status`, { status: 'in_production', note: 'batch 7' });
      expect(a.status).toBe(200);
      expect(a.body.status).toBe('in_production');
      expect(a.body.allowedTransitions).toEqual(['shipped', 'cancelled', 'received']);
      const b = await t.post(
        `/api/sales/orders/${id}/status`,
        { status: 'shipped', trackingNumber: '3SABCD1234567', carrier: 'PostNL' },
        t.admin.token,
      );
      expect(b.status).toBe(200);
      expect(b.body).toMatchObject({ trackingNumber: '3SABCD1234567', carrier: 'PostNL' });
      // Shipped can only be taken back (undo) to in production.
      expect(b.body.allowedTransitions).toEqual(['in_production']);
      const h = b.body.history;
      expect(h.map((x: { to: string }) => x.to)).toEqual(['received', 'in_production', 'shipped']);
      expect(h[1]).toMatchObject({ from: 'received', by: t.sales.email, note: 'batch 7' });
      expect(h[2]).toMatchObject({ from: 'in_production', by: t.admin.email });
      expect(Date.parse(h[2].at)).toBeGreaterThanOrEqual(Date.parse(h[1].at));
      expect((await t.get('/api/sales/orders?status=shipped')).body.orders.map((r: Row) => r.id)).toEqual([id]);
    });

    it('refuses transitions that make no sense with a 409 that says why and what is allowed', async () => {
      const id = placed[2]!.id;
      const skip = await t.post(`/api/sales/orders/${id}/status`, { status: 'shipped' });
      expect(skip.status).toBe(409);
      expect(skip.body.error.code).toBe('invalid_transition');
      expect(skip.body.error.message).toMatch(/is received; it cannot go to shipped.*in production, cancelled/);
      expect(skip.body.error.details.allowed).toEqual(['in_production', 'cancelled']);
      expect((await t.post(`/api/sales/orders/${id}/status`, { status: 'received' })).status).toBe(409);
      expect((await t.post(`/api/sales/orders/${id}/status`, { status: 'cancelled' })).status).toBe(200);
      // A cancelled order goes back only where it was cancelled from.
      const after = await t.post(`/api/sales/orders/${id}/status`, { status: 'in_production' });
      expect(after.status).toBe(409);
      expect(after.body.error.message).toMatch(/From cancelled it can go to: received/);
      const tracking = await t.post(`/api/sales/orders/${id}/status`, { status: 'received', trackingNumber: 'X1' });
      expect(tracking.status).toBe(400);
      expect((await t.post(`/api/sales/orders/${id}/status`, { status: 'lost' })).status).toBe(400);
      expect((await t.post(`/api/sales/orders/${id}/status`, {})).status).toBe(400);
    });

    it('undoes a cancel and a shipment, clearing the tracking number, and tells the webhook each time', async () => {
      await t.put('/api/sales/webhook', { url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(16), enabled: true }).expect(200);
      const id = placed[3]!.id;
      await t.post(`/api/sales/orders/${id}/status`, { status: 'in_production' }).expect(200);
      const cancelled = await t.post(`/api/sales/orders/${id}/status`, { status: 'cancelled' }).expect(200);
      expect(cancelled.body.allowedTransitions).toEqual(['in_production']);
      const back = await t.post(`/api/sales/orders/${id}/status`, { status: 'in_production', note: 'undo' }).expect(200);
      expect(back.body.allowedTransitions).toEqual(['shipped', 'cancelled', 'received']);
      await t.post(`/api/sales/orders/${id}/status`, { status: 'shipped', trackingNumber: 'TT1', carrier: 'DHL' }).expect(200);
      const list = await t.get('/api/sales/orders/export?format=jsonl&q=' + placed[3]!.number);
      expect(JSON.parse(list.text.trim())).toMatchObject({ trackingNumber: 'TT1', carrier: 'DHL', status: 'shipped' });
      const unshipped = await t.post(`/api/sales/orders/${id}/status`, { status: 'in_production' }).expect(200);
      expect(unshipped.body).toMatchObject({ status: 'in_production', trackingNumber: null, carrier: null });
      expect(unshipped.body.history.map((h: { to: string }) => h.to)).toEqual([
        'received',
        'in_production',
        'cancelled',
        'in_production',
        'shipped',
        'in_production',
      ]);
      const rows = await t.db.kysely
        .selectFrom('webhook_deliveries' as never)
        .select(['payload' as never, 'created_at' as never])
        .where('order_id' as never, '=', id as never)
        .execute();
      const payloads = (rows as { payload: string }[]).map((r) => JSON.parse(r.payload).data);
      const shippedPayload = payloads.find((p) => p.order.status === 'shipped');
      expect(shippedPayload.order).toMatchObject({ trackingNumber: 'TT1', carrier: 'DHL' });
      expect(payloads.filter((p) => p.previousStatus === 'cancelled')).toHaveLength(1);
    });

    it('lets only one of two concurrent changes of the same order win', async () => {
      const id = placed[4]!.id;
      const [x, y] = await Promise.all([
        t.post(`/api/sales/orders/${id}/status`, { status: 'in_production' }),
        t.post(`/api/sales/orders/${id}/status`, { status: 'in_production' }, t.admin.token),
      ]);
      expect([x.status, y.status].sort()).toEqual([200, 409]);
      const d = (await t.get(`/api/sales/orders/${id}`)).body;
      expect(d.history).toHaveLength(2);
    });
  });
});
