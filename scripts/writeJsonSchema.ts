/**
 * `npm run schema`: writes catalog/schema/product.schema.json from the zod schema, so that a
 * producer editing a product file in an editor gets completion and errors ("$schema").
 * Input mode: fields with defaults are optional, as they are in the files.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import * as S from '../catalog/schema/index.js';
import SCHEMA_NAMES from './schemaNames.json' with { type: 'json' };

/**
 * Names (and editor hover texts) for the shared parts, so that $defs read well: the table is
 * scripts/schemaNames.json, keyed by the name of the schema's export in catalog/schema (null: no text).
 */
function registry() {
  const r = z.registry<{ id: string; description?: string }>();
  for (const [id, description] of Object.entries(SCHEMA_NAMES as Record<string, string | null>)) {
    const schema = (S as Record<string, unknown>)[id];
    if (!(schema instanceof z.ZodType)) throw new Error(`schemaNames.json: catalog/schema exports no schema "${id}"`);
    r.add(schema, description ? { id, description } : { id });
  }
  return r;
}

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../catalog/schema/product.schema.json');

/** The JSON Schema text, exactly as written to the file. */
export function productJsonSchema(): string {
  const schema = z.toJSONSchema(S.Product, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    metadata: registry(),
  });
  const doc = {
    $schema: schema.$schema,
    $id: 'https://maatwerk.dev/schema/product.schema.json',
    title: 'Maatwerk product',
    description:
      'One configurable product of a Maatwerk catalog: attributes grouped into steps, the default configuration, rules and the 3D model. Generated from catalog/schema by `npm run schema`; see docs/catalog-format.md.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

async function main() {
  await writeFile(SCHEMA_FILE, productJsonSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
