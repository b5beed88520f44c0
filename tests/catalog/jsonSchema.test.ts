import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { productJsonSchema, SCHEMA_FILE } from '../../scripts/writeJsonSchema.js';
import { PRODUCTS_DIR } from '../../scripts/paths.js';

describe('product.schema.json', () => {
  it('is in sync with the zod schema (run npm run schema)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(productJsonSchema());
  });

  it('describes the input: defaults optional, unknown fields refused, rule kinds named', () => {
    const schema = JSON.parse(productJsonSchema());
    expect(schema.title).toBe('Maatwerk product');
    expect(schema.required).not.toContain('rules');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$defs.StyleOption.required).not.toContain('price');
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['Condition', 'TableRule', 'PriceRule', 'TextAttribute']));
  });

  it('is what the product files point at', async () => {
    for (const id of ['lounge-chair', 'wristwatch', 'sneaker']) {
      const doc = JSON.parse(await readFile(path.join(PRODUCTS_DIR, `${id}.json`), 'utf8'));
      expect(path.resolve(PRODUCTS_DIR, doc.$schema)).toBe(SCHEMA_FILE);
    }
  });
});
