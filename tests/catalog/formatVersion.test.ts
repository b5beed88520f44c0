import { describe, expect, it } from 'vitest';
import {
  migrateProductDocument,
  parseProduct,
  PRODUCT_FORMAT,
  productFormatMigrations,
  type FormatMigration,
} from '../../catalog/index.js';
import { miniProduct } from '../fixtures/miniProduct.js';

/** A document as each earlier format wrote it (format 0: before documents named their format). */
const earlier: Record<number, () => Record<string, unknown>> = {
  0: () => {
    const { formatVersion: _drop, ...doc } = miniProduct() as Record<string, unknown>;
    return doc;
  },
};

describe('product document format', () => {
  it('has a migration for every format up to the current one, in order', () => {
    expect(productFormatMigrations.map((m) => m.to)).toEqual(Array.from({ length: PRODUCT_FORMAT }, (_, i) => i + 1));
  });

  it('reads a document of every earlier format and returns the current format', () => {
    for (let format = 0; format < PRODUCT_FORMAT; format++) {
      const make = earlier[format];
      expect(make, `a sample document of format ${format}`).toBeDefined();
      const r = parseProduct(make!());
      expect(r.ok, `format ${format}`).toBe(true);
      if (r.ok) expect(r.product.formatVersion).toBe(PRODUCT_FORMAT);
    }
  });

  it('reads the current format unchanged', () => {
    const r = parseProduct({ ...miniProduct(), formatVersion: PRODUCT_FORMAT });
    expect(r.ok && r.product.formatVersion).toBe(PRODUCT_FORMAT);
  });

  it('refuses a document from a newer Maatwerk, or a format that is not a version', () => {
    const newer = parseProduct({ ...miniProduct(), formatVersion: PRODUCT_FORMAT + 1 });
    expect(newer.ok).toBe(false);
    if (!newer.ok)
      expect(newer.issues[0]).toMatchObject({ path: ['formatVersion'], message: expect.stringMatching(/newer Maatwerk/) });
    for (const bad of [0, -1, 1.5, '1', null])
      expect(parseProduct({ ...miniProduct(), formatVersion: bad }).ok, JSON.stringify(bad)).toBe(false);
  });

  it('runs only the steps a document still needs, in order', () => {
    const seen: number[] = [];
    const steps: FormatMigration[] = [1, 2, 3].map((to) => ({
      to,
      summary: `step ${to}`,
      up: (doc) => {
        seen.push(to);
        return { ...doc, formatVersion: to, [`f${to}`]: true };
      },
    }));
    const fromOne = migrateProductDocument({ formatVersion: 1 }, steps);
    expect(fromOne).toEqual({ ok: true, from: 1, value: { formatVersion: 3, f2: true, f3: true } });
    expect(seen).toEqual([2, 3]);
    seen.length = 0;
    expect(migrateProductDocument({}, steps)).toMatchObject({ ok: true, from: 0, value: { formatVersion: 3, f1: true } });
    expect(seen).toEqual([1, 2, 3]);
    // The document handed in is not changed.
    const input = { formatVersion: 2 };
    migrateProductDocument(input, steps);
    expect(input).toEqual({ formatVersion: 2 });
  });
});
