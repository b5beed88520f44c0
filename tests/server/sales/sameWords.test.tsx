import { renderToStaticMarkup } from 'react-dom/server';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, localizeText, type Product } from '../../../catalog/index.js';
import { ConfigurationSummary } from '../../../client/configurator/ConfigurationSummary.js';
import { useViewStore } from '../../../client/state/viewStore.js';
import { readAssets } from '../../../server/catalog/assetFiles.js';
import { renderOrderEmail } from '../../../server/orders/orderEmailText.js';
import { loadCatalogDir } from '../../../server/catalog/loadCatalogDir.js';
import { PRODUCTS_DIR } from '../../../scripts/paths.js';
import { newKey } from '../harness.js';
import { createSalesApp, DIALECTS, type SalesTestApp } from './salesHarness.js';
import request from 'supertest';

const { products } = await loadCatalogDir(PRODUCTS_DIR);
const LOCALES = ['en', 'nl'] as const;

/** Choices that reach every option, every "none" and a personal text of each bundled product. */
function choiceSets(p: Product): Record<string, string | null>[] {
  const sets: Record<string, string | null>[] = [{}];
  for (const a of p.attributes) {
    if (a.kind === 'text') sets.push({ [a.id]: 'JD' });
    else for (const o of a.options) sets.push({ [a.id]: o.id });
    if (a.optional) sets.push({ [a.id]: null });
  }
  // Keep the sets the engine can complete (a "none" may be impossible under the defaults' rules).
  return sets.filter((c) => evaluate(p, c).ok);
}

/** The words the configurator's summary shows, per attribute, rendered by the real component. */
function shopperWords(product: Product, configuration: Record<string, string | null>, locale: 'en' | 'nl') {
  // A server render reads a zustand store's initial state (useSyncExternalStore's server snapshot).
  Object.assign(useViewStore.getInitialState(), { locale });
  const html = renderToStaticMarkup(<ConfigurationSummary product={product} configuration={configuration} />);
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<dd data-attr="([^"]+)">([^<]*)<\/dd>/g))
    out[m[1]!] = m[2]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&#x27;/g, "'");
  return out;
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The rows of an .xlsx export's sheet as header → cell text. */
async function sheetRows(body: Buffer): Promise<Record<string, string>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  const ws = wb.getWorksheet('Orders')!;
  const header: string[] = [];
  ws.getRow(1).eachCell((c, k) => (header[k - 1] = c.text));
  const rows: Record<string, string>[] = [];
  for (let i = 2; i <= ws.rowCount; i++) {
    const row = ws.getRow(i);
    rows.push(Object.fromEntries(header.map((h, k) => [h, row.getCell(k + 1).text])));
  }
  return rows;
}

describe.each(DIALECTS)('the same words for every reader, on %s', (dialect) => {
  let t: SalesTestApp;
  const placed: { id: string; product: Product }[] = [];

  beforeAll(async () => {
    t = await createSalesApp(dialect);
    for (const p of products) {
      const { files } = await readAssets(p.product, p.dir);
      await t.app.ctx.catalog.publish({ product: p.product, assets: files, note: 'bundled' });
    }
    await t.put('/api/sales/webhook', { url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(16), enabled: true }).expect(200);
    for (const { product } of products)
      for (const choices of choiceSets(product)) {
        const res = await request(t.app)
          .post('/api/orders')
          .set('Idempotency-Key', newKey())
          .send({
            productId: product.id,
            version: 1,
            choices,
            quantity: 1,
            customer: { name: 'Jo Dee', email: 'jo@example.com', address: 'Kerkstraat 1, 5611 Eindhoven' },
          });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        placed.push({ id: res.body.id, product });
      }
  });
  afterAll(async () => t.close());

  it('sales detail, wide and long CSV, .xlsx, JSON Lines and webhooks describe each value as the configurator does, in English and Dutch', async () => {
    expect(placed.length).toBeGreaterThan(40);
    const exports: Record<
      string,
      {
        csv: Record<string, string>[];
        wide: Record<string, string>[];
        xlsx: Record<string, string>[];
        jsonl: { id: string; lines: { attr: string; text: string }[] }[];
      }
    > = {};
    for (const locale of LOCALES) {
      const csv = await t.get(`/api/sales/orders/export?format=csv-long&locale=${locale}`).buffer(true).expect(200);
      const jsonl = await t.get(`/api/sales/orders/export?format=jsonl&locale=${locale}`).buffer(true).expect(200);
      const wide = await t.get(`/api/sales/orders/export?format=csv&locale=${locale}`).buffer(true).expect(200);
      const xlsx = await t.get(`/api/sales/orders/export?format=xlsx&locale=${locale}`).buffer(true).parse(binary).expect(200);
      exports[locale] = {
        csv: Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data,
        wide: Papa.parse<Record<string, string>>(wide.text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data,
        xlsx: await sheetRows(xlsx.body as Buffer),
        jsonl: jsonl.text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { id: string; lines: { attr: string; text: string }[] }),
      };
    }
    let compared = 0;
    for (const { id, product } of placed) {
      for (const locale of LOCALES) {
        const detail = (await t.get(`/api/sales/orders/${id}?locale=${locale}`).expect(200)).body as {
          configuration: Record<string, string | null>;
          lines: { attr: string; label: string; text: string }[];
        };
        const shopper = shopperWords(product, detail.configuration, locale);
        expect(Object.keys(shopper)).toHaveLength(product.attributes.length);
        const api = Object.fromEntries(detail.lines.map((l) => [l.attr, l.text]));
        expect(api).toEqual(shopper);
        // A cell that starts like a formula gets an apostrophe (an id may start with "-"); none of these words do.
        const csv = Object.fromEntries(
          exports[locale]!.csv.filter((r) => r.id!.replace(/^'/, '') === id).map((r) => [r.attribute, r.value_label]),
        );
        expect(csv).toEqual(shopper);
        // The wide CSV and .xlsx: `product.attr` in the shopper's words, `product.attr.value` the stored value.
        for (const format of ['wide', 'xlsx'] as const) {
          const row = exports[locale]![format].find((r) => r.id!.replace(/^'/, '') === id)!;
          const words = Object.fromEntries(product.attributes.map((a) => [a.id, row[`${product.id}.${a.id}`]]));
          expect(words, format).toEqual(shopper);
          const values = Object.fromEntries(product.attributes.map((a) => [a.id, row[`${product.id}.${a.id}.value`] || null]));
          expect(values, format).toEqual(
            Object.fromEntries(product.attributes.map((a) => [a.id, detail.configuration[a.id] ?? null])),
          );
        }
        const json = exports[locale]!.jsonl.find((o) => o.id === id)!;
        expect(Object.fromEntries(json.lines.map((l) => [l.attr, l.text]))).toEqual(shopper);
        compared += product.attributes.length;
      }
      // Webhooks speak English: the receiver gets the shopper's English words.
      await t.post(`/api/sales/orders/${id}/status`, { status: 'cancelled' }).expect(200);
      const d = await t.db.kysely
        .selectFrom('webhook_deliveries' as never)
        .select('payload' as never)
        .where('order_id' as never, '=', id as never)
        .executeTakeFirstOrThrow();
      const payload = JSON.parse((d as { payload: string }).payload) as {
        data: { order: { lines: { attr: string; text: string }[]; configuration: Record<string, string | null> } };
      };
      const en = shopperWords(product, payload.data.order.configuration, 'en');
      expect(Object.fromEntries(payload.data.order.lines.map((l) => [l.attr, l.text]))).toEqual(en);
    }
    expect(compared).toBeGreaterThan(500);
  }, 120_000); // every order × two locales × five readers: ~8 s on a quiet machine

  it('order e-mails describe each value as the configurator does, in English and Dutch', async () => {
    let compared = 0;
    for (const { id, product } of placed.filter((_, i) => i % 3 === 0))
      for (const locale of LOCALES) {
        const detail = (await t.get(`/api/sales/orders/${id}`).expect(200)).body as {
          configuration: Record<string, string | null>;
        };
        const order = {
          ...{ id, number: 1, customerName: 'Jo Dee', productId: product.id, quantity: 1, total: 100, currency: 'EUR' },
          ...{ variantCode: 'X', configuration: detail.configuration, status: 'received' },
        };
        const mail = renderOrderEmail('received', order, product, locale, undefined).text;
        const shopper = shopperWords(product, detail.configuration, locale);
        for (const a of product.attributes) {
          expect(mail).toContain(`  ${localizeText(a.label, locale)}: ${shopper[a.id]}\n`);
          compared++;
        }
      }
    expect(compared).toBeGreaterThan(100);
  });

  it('sales sees "Wood, as the frame" and "No armrests" where the shopper did, not "None"', async () => {
    const chair = products.find((p) => p.product.id === 'lounge-chair')!.product;
    const res = await request(t.app)
      .post('/api/orders')
      .set('Idempotency-Key', newKey())
      .send({
        productId: 'lounge-chair',
        version: 1,
        choices: { armrests: null, 'base-finish': null, base: 'legs-tapered' },
        quantity: 1,
        customer: { name: 'Jo Dee', email: 'jo@example.com', address: 'Kerkstraat 1, 5611 Eindhoven' },
      })
      .expect(201);
    const words = async (locale: string) =>
      Object.fromEntries(
        (
          (await t.get(`/api/sales/orders/${res.body.id}?locale=${locale}`).expect(200)).body.lines as {
            attr: string;
            text: string;
          }[]
        ).map((l) => [l.attr, l.text]),
      );
    expect(await words('en')).toMatchObject({ armrests: 'No armrests', 'base-finish': 'Wood, as the frame' });
    expect(await words('nl')).toMatchObject({ armrests: 'Zonder armleuningen', 'base-finish': 'Hout, zoals het frame' });
    expect(shopperWords(chair, res.body.configuration, 'en')).toMatchObject({ armrests: 'No armrests' });
  });
});
