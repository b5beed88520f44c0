import type { Writable } from 'node:stream';
import { orderLines } from '../orders/orderRows.js';
import ExcelJS from 'exceljs';
import { describeConfiguration, minorUnitsPerMajor, parseProduct, type Product } from '../../catalog/index.js';
import { addressText, csvLine, decimal } from './cells.js';
import { Col, eachOrder, KEY_COLUMNS, type StreamRow } from './orderStream.js';
import type { ExportRow, SalesRepository } from '../sales/salesRepository.js';
import { ChunkWriter, wideCsvLine } from './wideCsv.js';
import { wideColumns, type WideColumns } from './wideColumns.js';
import type { ExportQuery, OrderFilters } from '../sales/salesSchemas.js';

export type ExportFormat = ExportQuery['format'];

export const EXPORT_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  'csv-long': { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
};

export const BASE_COLUMNS = [
  ...KEY_COLUMNS,
  'quantity',
  'currency',
  'unit_price_minor',
  'total_minor',
  'total',
  'customer_name',
  'customer_email',
  'customer_address',
  'tracking_number',
  'carrier',
  'source',
  'external_ref',
] as const;

export const LONG_COLUMNS = [...KEY_COLUMNS, 'attribute', 'attribute_label', 'value', 'value_label', 'sku'] as const;

/** The wide columns (wideColumns) over every published version of the exported products, in `locale`. */
export async function attributeColumns(repo: SalesRepository, product: string | undefined, locale: string): Promise<WideColumns> {
  const versions = (await repo.productDocuments(product)).map((d) => ({
    productId: d.product_id,
    version: d.version,
    product: productOf(d.document),
  }));
  return wideColumns(versions, locale);
}

/** Write, and when the consumer is slow, wait for it to drain (backpressure). */
async function put(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new Error('the client went away');
  if (!out.write(chunk)) {
    await new Promise<void>((resolve, reject) => {
      const done = (e?: Error) => {
        out.off('drain', ok);
        out.off('close', closed);
        out.off('error', done);
        if (e) reject(e);
        else resolve();
      };
      const ok = () => done();
      const closed = () => done(new Error('the client went away'));
      out.once('drain', ok);
      out.once('close', closed);
      out.once('error', done);
    });
  }
}

function baseValues(r: ExportRow, perMajor: (c: string) => number): (string | number)[] {
  return [
    Number(r.number),
    r.id,
    r.created_at,
    r.status,
    r.product_id,
    r.catalog_version,
    r.variant_code,
    r.quantity,
    r.currency,
    Number(r.unit_price),
    Number(r.total),
    decimal(Number(r.total), perMajor(r.currency)),
    r.customer_name,
    r.customer_email,
    addressText(r.customer_address),
    r.tracking_number ?? '',
    r.carrier ?? '',
    r.source,
    r.external_ref ?? '',
  ];
}

function memo<T>(f: (k: string) => T): (k: string) => T {
  const m = new Map<string, T>();
  return (k) => {
    let v = m.get(k);
    if (v === undefined) m.set(k, (v = f(k)));
    return v;
  };
}

/** The wide layout for .xlsx: header and a row function (the CSV builds its lines in wideCsvLine). */
function wideLayout(wide: WideColumns) {
  const header: string[] = [...BASE_COLUMNS, ...wide.header];
  const start = new Map<string, number>();
  let at = BASE_COLUMNS.length;
  for (const [product, attrs] of wide.attrs) {
    start.set(product, at);
    at += 2 * attrs.length;
  }
  const perMajor = memo(minorUnitsPerMajor);
  const width = header.length;
  const row = (r: ExportRow): (string | number | null)[] => {
    const v: (string | number | null)[] = baseValues(r, perMajor);
    v.length = width;
    const first = start.get(r.product_id);
    if (first === undefined) return v;
    const words = wide.wordsOf(r.product_id, r.catalog_version);
    const config = JSON.parse(r.configuration) as Record<string, string | null>;
    wide.attrs.get(r.product_id)!.forEach((attr, i) => {
      const value = config[attr];
      v[first + 2 * i] = words[i]!(value);
      v[first + 2 * i + 1] = value ?? null;
    });
    return v;
  };
  return { header, row };
}

/** Stream the filtered orders in `format` to `out` (does not end it). Returns the number of orders. */
export async function writeExport(
  repo: SalesRepository,
  filters: OrderFilters,
  format: ExportFormat,
  out: Writable,
  locale = 'en',
): Promise<number> {
  filters = await repo.withProductNames(filters);
  const each = (row: (r: StreamRow) => void, pause: () => Promise<void>) => eachOrder(repo.db, repo.raw, filters, row, pause);
  if (format === 'csv') {
    const wide = await attributeColumns(repo, filters.product, locale);
    const header: string[] = [...BASE_COLUMNS, ...wide.header];
    const line = wideCsvLine(wide);
    const w = new ChunkWriter(out, put);
    w.add('\uFEFF' + csvLine(header));
    const n = await each(
      (r) => w.add(line(r)),
      () => w.flush(),
    );
    await w.flush(true);
    return n;
  }
  // Every version an order may name, parsed up front, so a row is written without waiting.
  const versionsOf = async () => {
    const versions = new Map<string, Product | undefined>();
    for (const d of await repo.productDocuments(filters.product))
      versions.set(`${d.product_id}@${d.version}`, productOf(d.document));
    return versions;
  };
  if (format === 'csv-long') {
    const versions = await versionsOf();
    const w = new ChunkWriter(out, put);
    w.add('\uFEFF' + csvLine([...LONG_COLUMNS]));
    const n = await each(
      (row) => {
        const r = exportRow(row);
        const product = versions.get(`${r.product_id}@${r.catalog_version}`);
        const config = JSON.parse(r.configuration) as Record<string, string | null>;
        const head = [Number(r.number), r.id, r.created_at, r.status, r.product_id, r.catalog_version, r.variant_code];
        for (const line of describeConfiguration(product, config, locale))
          w.add(csvLine([...head, line.attr, line.label, line.value, line.text, line.sku]));
      },
      () => w.flush(),
    );
    await w.flush(true);
    return n;
  }
  if (format === 'jsonl') {
    const versions = await versionsOf();
    const w = new ChunkWriter(out, put);
    const n = await each(
      (row) => {
        const r = exportRow(row);
        w.add(JSON.stringify(jsonOrder(r, versions.get(`${r.product_id}@${r.catalog_version}`), locale)) + '\n');
      },
      () => w.flush(),
    );
    await w.flush(true);
    return n;
  }
  const { header, row } = wideLayout(await attributeColumns(repo, filters.product, locale));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('Orders');
  // Text as typed, as an inline string cell (<is>): a spreadsheet never reads a string cell as a
  // formula, so "=1+1" needs no protective apostrophe here (CSV, which has no cell types, keeps it).
  // exceljs writes plain strings as t="str", a formula's cached result; rich text becomes inlineStr.
  const text = (v: string | number | null) => (typeof v === 'string' && v !== '' ? { richText: [{ text: v }] } : v);
  ws.addRow(header).commit();
  const n = await each(
    (r) => ws.addRow(row(exportRow(r)).map(text)).commit(),
    async () => {
      if (out.destroyed) throw new Error('the client went away');
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
    },
  );
  ws.commit();
  await wb.commit();
  return n;
}

/** A streamed row as the object the slower formats (long CSV, JSON Lines, .xlsx) work with. */
function exportRow(r: StreamRow): ExportRow {
  return {
    number: Number(r[Col.number]),
    id: r[Col.id] as string,
    created_at: r[Col.createdAt] as string,
    status: r[Col.status] as ExportRow['status'],
    product_id: r[Col.productId] as string,
    catalog_version: Number(r[Col.catalogVersion]),
    variant_code: r[Col.variantCode] as string,
    quantity: Number(r[Col.quantity]),
    currency: r[Col.currency] as string,
    unit_price: Number(r[Col.unitPrice]),
    total: Number(r[Col.total]),
    customer_name: r[Col.customerName] as string,
    customer_email: r[Col.customerEmail] as string,
    customer_address: r[Col.customerAddress] as string | null,
    configuration: r[Col.configuration] as string,
    tracking_number: r[Col.trackingNumber] as string | null,
    carrier: r[Col.carrier] as string | null,
    source: r[Col.source] as ExportRow['source'],
    external_ref: r[Col.externalRef] as string | null,
  };
}

/**
 * An order as JSON Lines write it: the stored configuration (option ids) and `lines`, every
 * attribute in the shopper's words (describeConfiguration) in `locale`.
 */
export function jsonOrder(r: ExportRow, product: Product | undefined, locale = 'en') {
  const configuration = JSON.parse(r.configuration) as Record<string, string | null>;
  return {
    id: r.id,
    number: Number(r.number),
    createdAt: r.created_at,
    status: r.status,
    productId: r.product_id,
    version: r.catalog_version,
    variantCode: r.variant_code,
    quantity: r.quantity,
    unitPrice: Number(r.unit_price),
    total: Number(r.total),
    currency: r.currency,
    customer: {
      name: r.customer_name,
      email: r.customer_email,
      address: r.customer_address ? (JSON.parse(r.customer_address) as unknown) : null,
    },
    trackingNumber: r.tracking_number,
    carrier: r.carrier,
    source: r.source,
    externalRef: r.external_ref,
    configuration,
    lines: orderLines(product, configuration, locale),
  };
}

/** Parse a stored product document (bench and tests use it outside the catalog repository). */
export function productOf(document: string): Product | undefined {
  const r = parseProduct(JSON.parse(document));
  return r.ok ? r.product : undefined;
}
