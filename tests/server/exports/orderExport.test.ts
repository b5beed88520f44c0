import ExcelJS from 'exceljs';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesApp, DIALECTS, pngDataUrl, tinyPng, type SalesTestApp } from '../sales/salesHarness.js';

/** A small RFC 4180 parser (quoted fields, doubled quotes, CRLF inside quotes) to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * An order id is base64url, so about one in 64 starts with "-" and is neutralised like any other
 * cell ("'-x…"); the apostrophe is the export's doing, not part of the id.
 */
const unformula = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: SalesTestApp;
  type Api = { id: string; number: number; variantCode: string; total: number; configuration: Record<string, string | null> };
  const orders: (Api & { name: string; email: string; quantity: number })[] = [];
  const NASTY = [
    '=HYPERLINK("http://evil","x")',
    '+31 6 1234',
    '-2+3',
    '@SUM(A1)',
    'Tab\tinside',
    'Comma, "quoted"\r\nnewline',
    'Émile Zoë',
  ];

  beforeAll(async () => {
    t = await createSalesApp(dialect);
    for (let i = 0; i < NASTY.length; i++) {
      const name = NASTY[i]!;
      const email = `c${i}@example.com`;
      const quantity = i + 1;
      const choices =
        i % 2 ? { colour: 'black', size: 'large', 'name-text': 'Ann' } : { colour: 'gold', handle: null, size: 'large' };
      // A name is one line since issue #13; orders stored before may still hold a tab or a line
      // break, so those names are written into the order directly, after it is placed.
      const multiLine = /[\t\r\n]/.test(name);
      const o = (await t.place({
        choices,
        quantity,
        customer: { name: multiLine ? 'Stand-in' : name, email },
        ...(i === 0 ? { snapshot: pngDataUrl(tinyPng()) } : {}),
      })) as Api;
      if (multiLine) await t.db.kysely.updateTable('orders').set({ customer_name: name }).where('id', '=', o.id).execute();
      orders.push({ ...o, name: name.trim(), email, quantity });
    }
  });
  afterAll(async () => t.close());

  const exportOf = (q: string) => t.get(`/api/sales/orders/export?${q}`).buffer(true).parse(binary);

  it('CSV (wide): UTF-8 with BOM, one row per order, one column per attribute, parsed back equal to the orders', async () => {
    const res = await exportOf('format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    const buf = res.body as Buffer;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(buf.toString('utf8').slice(1));
    expect(header).toContain('mini-mug.colour');
    expect(header).toContain('mini-mug.name-text');
    expect(rows).toHaveLength(orders.length);
    const col = (r: string[], name: string) => r[header!.indexOf(name)]!;
    for (const o of orders) {
      const r = rows.find((x) => unformula(col(x, 'id')) === o.id)!;
      expect(Number(col(r, 'number'))).toBe(o.number);
      expect(col(r, 'variant_code')).toBe(o.variantCode);
      expect(Number(col(r, 'total_minor'))).toBe(o.total);
      expect(col(r, 'total')).toBe((o.total / 100).toFixed(2));
      expect(Number(col(r, 'quantity'))).toBe(o.quantity);
      expect(col(r, 'customer_email')).toBe(o.email);
      // Formula starters get an apostrophe; everything else comes back as it went in.
      expect(col(r, 'customer_name')).toBe(/^[=+\-@\t\r]/.test(o.name) ? `'${o.name}` : o.name);
      // Each attribute twice: the stored value (option id, personal text) and the shopper's words.
      for (const [attr, value] of Object.entries(o.configuration)) expect(col(r, `mini-mug.${attr}.value`)).toBe(value ?? '');
      const words = o.configuration.colour === 'gold' ? 'Gold' : 'Black';
      expect(col(r, 'mini-mug.colour')).toBe(words);
      if (o.configuration['name-text']) expect(col(r, 'mini-mug.name-text')).toBe(`“${o.configuration['name-text']}”`);
    }
    expect(rows.some((r) => r.some((c) => /^[=+\-@\t\r]/.test(c)))).toBe(false);
  });

  it('CSV (long): one row per order × attribute with the labels and SKU fragments of its version', async () => {
    const res = await exportOf('format=csv-long');
    expect(res.status).toBe(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
      'number',
      'id',
      'created_at',
      'status',
      'product_id',
      'catalog_version',
      'variant_code',
      'attribute',
      'attribute_label',
      'value',
      'value_label',
      'sku',
    ]);
    expect(rows).toHaveLength(orders.length * 5);
    const back = new Map<string, Record<string, string | null>>();
    for (const r of rows) {
      const c = back.get(unformula(r[1]!)) ?? {};
      c[r[7]!] = r[9] === '' ? null : r[9]!;
      back.set(unformula(r[1]!), c);
    }
    for (const o of orders) expect(back.get(o.id)).toEqual(o.configuration);
    const gold = rows.find((r) => r[7] === 'colour' && r[9] === 'gold')!;
    expect(gold.slice(8)).toEqual(['Colour', 'gold', 'Gold', 'GLD']);
  });

  it('.xlsx read back with exceljs equals the orders: text exactly as typed, in string cells (finding 9)', async () => {
    const res = await exportOf('format=xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.getWorksheet('Orders')!;
    const header: string[] = [];
    ws.getRow(1).eachCell((c, k) => (header[k - 1] = c.text));
    expect(ws.rowCount).toBe(orders.length + 1);
    for (let i = 2; i <= ws.rowCount; i++) {
      const row = ws.getRow(i);
      const cell = (name: string) => row.getCell(header.indexOf(name) + 1);
      const o = orders.find((x) => x.id === cell('id').text)!;
      expect(o).toBeDefined();
      expect(cell('number').value).toBe(o.number);
      expect(cell('total_minor').value).toBe(o.total);
      expect(cell('variant_code').text).toBe(o.variantCode);
      // XML keeps no bare CR: a CRLF inside a cell comes back as LF.
      const name = o.name.replace(/\r\n/g, '\n');
      // "=HYPERLINK(…)" reads "=HYPERLINK(…)": no apostrophe shown, a string cell, not a formula.
      expect(cell('customer_name').text).toBe(name);
      expect(cell('customer_name').type).toBe(ExcelJS.ValueType.RichText);
      expect(cell('mini-mug.colour.value').text).toBe(o.configuration.colour);
      expect(cell('mini-mug.colour').text).toBe(o.configuration.colour === 'gold' ? 'Gold' : 'Black');
      row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula));
    }
  });

  it('JSON Lines parsed back equals the orders', async () => {
    const res = await exportOf('format=jsonl');
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = (res.body as Buffer)
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.number)).toEqual(orders.map((o) => o.number));
    for (const [i, o] of orders.entries())
      expect(lines[i]).toMatchObject({
        id: o.id,
        total: o.total,
        variantCode: o.variantCode,
        customer: { name: o.name, email: o.email },
        configuration: o.configuration,
      });
  });

  it('applies the same filters as the table', async () => {
    const res = await exportOf(`format=jsonl&q=${encodeURIComponent('Émile')}`);
    const lines = (res.body as Buffer).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).customer.name).toBe('Émile Zoë');
    const none = await exportOf('format=csv&status=shipped');
    expect(parseCsv((none.body as Buffer).toString('utf8').slice(1))).toHaveLength(1);
  });

  it('production sheet: a PDF naming the variant code, every part with option and SKU, the personal text', async () => {
    const o = orders[1]!;
    const res = await t.get(`/api/sales/orders/${o.id}/production-sheet.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = (res.body as Buffer).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    // pdfkit writes standard-font text as hex strings in TJ arrays; join them back into words.
    const shown = [...pdf.matchAll(/\[([^\]]*)\] TJ/g)]
      .map((m) => [...m[1]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''))
      .join('\n');
    expect(shown).toContain(o.variantCode);
    expect(shown).toContain('Black (black)');
    expect(shown).toContain('"Ann"');
    expect(shown).toContain('Large (large)');
    const withImage = await t.get(`/api/sales/orders/${orders[0]!.id}/production-sheet.pdf`).buffer(true).parse(binary);
    expect((withImage.body as Buffer).toString('latin1')).toMatch(/\/Subtype \/Image/);
  });
});
