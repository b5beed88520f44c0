import type { Writable } from 'node:stream';
import { minorUnitsPerMajor } from '../../catalog/index.js';
import { addressText, csvField, decimal } from './cells.js';
import { Col, type StreamRow } from './orderStream.js';
import type { WideColumns } from './wideColumns.js';

/** A cell that needs work: a formula starter up front, or a character that forces quoting. */
const SPECIAL = /^[=+\-@\t\r]|[",\r\n]/;

/** csvField for the hot path: one regex test, and the common plain text returned as it is. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  return SPECIAL.test(v) ? csvField(v) : v;
}

/**
 * The wide CSV line of a streamed order (BASE_COLUMNS, then two columns per attribute per product
 * in `wide` order: the shopper's words and the stored value), built as one string: each product's
 * attribute cells sit between a fixed run of empty cells for the products before it and one for
 * those after it.
 */
export function wideCsvLine(wide: WideColumns): (r: StreamRow) => string {
  let total = 0;
  for (const attrs of wide.attrs.values()) total += 2 * attrs.length;
  const layout = new Map<string, { attrs: string[]; before: string; after: string }>();
  let at = 0;
  for (const [product, attrs] of wide.attrs) {
    layout.set(product, { attrs, before: ','.repeat(at), after: ','.repeat(total - at - 2 * attrs.length) });
    at += 2 * attrs.length;
  }
  const none = ','.repeat(total);
  const perMajor = new Map<string, number>();
  const money = (minor: number, currency: string) => {
    let p = perMajor.get(currency);
    if (p === undefined) perMajor.set(currency, (p = minorUnitsPerMajor(currency)));
    return decimal(minor, p);
  };
  return (r) => {
    const total = Number(r[Col.total]);
    let s =
      `${Number(r[Col.number])},${cell(r[Col.id])},${cell(r[Col.createdAt])},${cell(r[Col.status])},` +
      `${cell(r[Col.productId])},${Number(r[Col.catalogVersion])},${cell(r[Col.variantCode])},${Number(r[Col.quantity])},` +
      `${cell(r[Col.currency])},${Number(r[Col.unitPrice])},${total},${money(total, r[Col.currency] as string)},` +
      `${cell(r[Col.customerName])},${cell(r[Col.customerEmail])},${cell(addressText(r[Col.customerAddress] as string | null))},` +
      `${cell(r[Col.trackingNumber])},${cell(r[Col.carrier])},${cell(r[Col.source])},${cell(r[Col.externalRef])}`;
    const product = r[Col.productId] as string;
    const l = layout.get(product);
    if (!l) return s + none + '\r\n';
    const words = wide.wordsOf(product, Number(r[Col.catalogVersion]));
    const config = JSON.parse(r[Col.configuration] as string) as Record<string, string | null>;
    s += l.before;
    for (let i = 0; i < l.attrs.length; i++) {
      const v = config[l.attrs[i]!];
      s += ',' + cell(words[i]!(v)) + ',' + cell(v);
    }
    return s + l.after + '\r\n';
  };
}

const CHUNK = 256 * 1024;

/**
 * Text written into big Buffers (UTF-8 encoded in place, no intermediate chunk string), handed
 * to `out` a full buffer at a time, waiting for it to drain: few allocations, few syscalls, and
 * memory bounded by a couple of buffers whatever the size of the export.
 */
export class ChunkWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private off = 0;
  private full: Buffer[] = [];
  constructor(
    private readonly out: Writable,
    private readonly put: (out: Writable, chunk: Buffer | string) => Promise<void>,
  ) {}

  add(s: string): void {
    if (this.off + s.length * 3 > CHUNK) {
      this.cut();
      if (s.length * 3 > CHUNK) {
        this.full.push(Buffer.from(s));
        return;
      }
    }
    this.off += this.buf.write(s, this.off);
  }

  /** Send the full buffers (call it every few hundred lines); `all` also sends the partial one. */
  async flush(all = false): Promise<void> {
    if (all) this.cut();
    const full = this.full;
    this.full = [];
    for (const b of full) await this.put(this.out, b);
  }

  private cut() {
    if (!this.off) return;
    this.full.push(this.buf.subarray(0, this.off));
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.off = 0;
  }
}
