import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsersRepository } from '../../server/auth/usersRepository.js';
import { bombPng, corruptZlibPng, filter9Png } from '../fixtures/pngFixtures.js';
import { miniCatalogDir, startServer, type ChildServer } from './childServer.js';
import { createTestDb, DIALECTS, newKey, pngDataUrl, tinyPng, validOrder, type TestDb } from './harness.js';

/**
 * Findings 1 and 2 of issue #13 against a real server process: orders carrying a PNG whose zlib
 * stream is corrupt, whose rows have filter type 9, or that is an 8192×8192 bomb. Before, opening
 * the first one's production sheet ended the process (pdfkit threw in an async callback) and the
 * bomb blocked it for seconds at 1.2 GB; now each sheet is answered and the server goes on.
 */
describe.each(DIALECTS)('hostile snapshots against a server process on %s', (dialect) => {
  let t: TestDb;
  let server: ChildServer;
  let token: string;
  let log = '';
  let bomb: Buffer;

  beforeAll(async () => {
    bomb = await bombPng();
    t = await createTestDb(dialect);
    server = await startServer({ ...t.env, CATALOG_DIR: miniCatalogDir() });
    server.proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    const users = new UsersRepository(t.db.kysely, 2 ** 10);
    const sales = await users.create('sales-hostile@example.com', 'sales', 'a-long-enough-password');
    token = (await users.createToken(sales.id, 'test')).token;
  });
  afterAll(async () => {
    if (server?.proc.exitCode === null) await server.stop();
    await t?.close();
  });

  const order = async (snapshot: Buffer) => {
    const res = await fetch(`${server.url}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
      body: JSON.stringify(validOrder({ snapshot: pngDataUrl(snapshot) })),
    });
    return { status: res.status, body: (await res.json()) as { id: string; error?: { code: string; message: string } } };
  };
  const sheet = async (id: string) => {
    const res = await fetch(`${server.url}/api/sales/orders/${id}/production-sheet.pdf`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  };
  const healthy = async () => (await fetch(`${server.url}/healthz`)).status;

  it('refuses the 8192×8192 bomb when the order is placed (400, named)', async () => {
    const r = await order(bomb);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_snapshot', message: /8192×8192/ });
    expect(await healthy()).toBe(200);
  });

  it('answers the sheets of corrupt-zlib, filter-9 and (stored earlier) bomb snapshots, and stays up', async () => {
    const zlib = await order(corruptZlibPng());
    const filter = await order(filter9Png());
    const earlier = await order(tinyPng());
    expect([zlib.status, filter.status, earlier.status]).toEqual([201, 201, 201]);
    // An order stored before the order route checked snapshots: its bytes are the bomb.
    await t.db.kysely.updateTable('order_snapshots').set({ png: bomb }).where('order_id', '=', earlier.body.id).execute();

    // Twice each, and all at once: a sheet that killed the process would take the others with it.
    const ids = [zlib.body.id, filter.body.id, earlier.body.id];
    const sheets = await Promise.all([...ids, ...ids].map(sheet));
    for (const s of sheets) {
      expect(s.status).toBe(200);
      expect(s.type).toBe('application/pdf');
      const pdf = s.body.toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf).not.toMatch(/\/Subtype \/Image/); // no image drawn from hostile bytes
    }
    expect(await healthy()).toBe(200);
    expect(server.proc.exitCode).toBe(null);
    // One log line per refused snapshot, with the reason.
    const lines = log.split('\n').filter((l) => l.includes('snapshot left out of the production sheet'));
    expect(lines.length).toBe(6);
    expect(lines.some((l) => /zlib/.test(l))).toBe(true);
    expect(lines.some((l) => /filter type 9/.test(l))).toBe(true);
    expect(lines.some((l) => /8192×8192/.test(l))).toBe(true);
  });

  it('still draws a good snapshot afterwards', async () => {
    const good = await order(tinyPng());
    const s = await sheet(good.body.id);
    expect(s.status).toBe(200);
    expect(s.body.toString('latin1')).toMatch(/\/Subtype \/Image/);
  });
});
