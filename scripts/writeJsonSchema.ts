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

/** Names (and editor hover texts) for the shared parts, so that $defs read well. */
function registry() {
  const r = z.registry<{ id: string; description?: string }>();
  const name = (schema: z.ZodType, id: string, description?: string) => r.add(schema, description ? { id, description } : { id });
  name(S.Id, 'Id', 'kebab-case identifier: lowercase letters and digits separated by single hyphens, e.g. "frame-colour".');
  name(S.LocalizedText, 'LocalizedText', 'Text for consumers: one string, or a map of locales naming at least "en" and "nl".');
  name(S.Money, 'Money', 'An amount in integer minor units (cents for EUR).');
  name(S.HexColour, 'HexColour', 'A colour as "#rrggbb" (sRGB).');
  name(S.AssetPath, 'AssetPath', 'A file beside the product file: a relative path without "..".');
  name(S.ModelPartName, 'ModelPartName', "The name of a node, mesh or material in the product's glTF model.");
  name(S.Unit, 'Unit', 'A number from 0 to 1.');
  name(S.CameraView, 'CameraView', 'A camera framing in model units: where the camera stands and what it looks at.');
  name(S.Effect, 'Effect', 'What choosing an option does to the 3D model.');
  name(S.Pbr, 'Pbr', 'glTF metallic-roughness material parameters.');
  name(
    S.Condition,
    'Condition',
    'A condition on attribute values: {attr, is} | {attr, in} | {attr, notIn} | {all} | {any} | {not}.',
  );
  name(S.ConditionValue, 'ConditionValue', 'An option id, or null for "none".');
  name(S.ColourAttribute, 'ColourAttribute');
  name(S.MaterialAttribute, 'MaterialAttribute');
  name(S.StyleAttribute, 'StyleAttribute');
  name(S.ChoiceAttribute, 'ChoiceAttribute');
  name(S.TextAttribute, 'TextAttribute', 'A personal text drawn on a mesh of the model.');
  name(S.ColourOption, 'ColourOption');
  name(S.MaterialOption, 'MaterialOption');
  name(S.StyleOption, 'StyleOption');
  name(S.ChoiceOption, 'ChoiceOption');
  name(S.TextPlacement, 'TextPlacement', 'The mesh whose UV space (0..1) receives the text.');
  name(S.Step, 'Step');
  name(S.RequiresRule, 'RequiresRule', 'When "if" holds, "then" must hold too.');
  name(S.ExcludesRule, 'ExcludesRule', '"if" and "then" never hold together.');
  name(S.RestrictRule, 'RestrictRule', 'When "if" holds (always, without it), attribute "attr" takes one of "to".');
  name(
    S.TableRule,
    'TableRule',
    'Allowed combinations: every configuration matches one row; a cell is an option id, null or "*".',
  );
  name(S.PriceRule, 'PriceRule', 'A surcharge (positive) or discount (negative) when "if" holds.');
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
