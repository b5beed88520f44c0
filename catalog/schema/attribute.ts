import { z } from 'zod';
import { AssetPath, HexColour, Id, LocalizedText, MAX_TEXT_LENGTH, ModelPartName, Money, Unit } from './primitives.js';

/** What choosing an option does to the 3D model. Names refer to parts of the product's glTF. */
export const Effect = z.strictObject({
  /** glTF material names that take this option's colour or material. */
  materials: z.array(ModelPartName).max(50).optional(),
  /** glTF mesh names whose material is replaced by this option's colour or material. */
  meshes: z.array(ModelPartName).max(50).optional(),
  /** glTF node names made visible. */
  show: z.array(ModelPartName).max(100).optional(),
  /** glTF node names hidden. */
  hide: z.array(ModelPartName).max(100).optional(),
});
export type Effect = z.infer<typeof Effect>;

const optionBase = {
  id: Id,
  label: LocalizedText,
  description: LocalizedText.optional(),
  /** Price difference against the base price, in minor units. */
  price: Money.default(0),
  /** Fragment of the SKU / variant code; defaults to the option's position. */
  sku: z
    .string()
    .regex(/^[A-Z0-9]{1,8}$/, 'a SKU fragment is 1-8 uppercase letters or digits')
    .optional(),
  effect: Effect.optional(),
};

/** PBR parameters as glTF's metallic-roughness model defines them. */
export const Pbr = z.strictObject({
  baseColor: HexColour,
  roughness: Unit.default(0.5),
  metalness: Unit.default(0),
  /** Colour texture, multiplied by baseColor. */
  map: AssetPath.optional(),
  normalMap: AssetPath.optional(),
  roughnessMap: AssetPath.optional(),
  /** How often the textures repeat across the part's UV space. */
  repeat: z.number().positive().max(100).default(1),
  clearcoat: Unit.optional(),
  sheen: Unit.optional(),
});
export type Pbr = z.infer<typeof Pbr>;

/** The producer's own code for a colour or material (e.g. "RAL 9005", a supplier's article number), for production. */
const ProducerCode = z.string().trim().min(1).max(40).optional();

export const ColourOption = z.strictObject({
  ...optionBase,
  hex: HexColour,
  code: ProducerCode,
  roughness: Unit.optional(),
  metalness: Unit.optional(),
});
export const MaterialOption = z.strictObject({ ...optionBase, material: Pbr, code: ProducerCode });
export const StyleOption = z.strictObject({ ...optionBase });
export const ChoiceOption = z.strictObject({ ...optionBase });
export type ColourOption = z.infer<typeof ColourOption>;
export type MaterialOption = z.infer<typeof MaterialOption>;
export type StyleOption = z.infer<typeof StyleOption>;
export type ChoiceOption = z.infer<typeof ChoiceOption>;
export type Option = ColourOption | MaterialOption | StyleOption | ChoiceOption;

const attributeBase = {
  id: Id,
  label: LocalizedText,
  description: LocalizedText.optional(),
  /** An optional attribute may be left empty ("none"). */
  optional: z.boolean().default(false),
  /** Label of the empty value of an optional attribute, e.g. "No monogram". */
  noneLabel: LocalizedText.optional(),
};

/** Parts that every option of a colour or material attribute applies to, unless an option says otherwise. */
const Target = z.strictObject({
  materials: z.array(ModelPartName).max(50).optional(),
  meshes: z.array(ModelPartName).max(50).optional(),
});

const options = <T extends z.ZodType>(o: T) => z.array(o).min(1, 'an attribute has at least one option').max(500);

export const ColourAttribute = z.strictObject({
  ...attributeBase,
  kind: z.literal('colour'),
  target: Target.optional(),
  options: options(ColourOption),
});
export const MaterialAttribute = z.strictObject({
  ...attributeBase,
  kind: z.literal('material'),
  target: Target.optional(),
  options: options(MaterialOption),
});
export const StyleAttribute = z.strictObject({
  ...attributeBase,
  kind: z.literal('style'),
  options: options(StyleOption),
});
export const ChoiceAttribute = z.strictObject({
  ...attributeBase,
  kind: z.literal('choice'),
  options: options(ChoiceOption),
});

/**
 * A size chart shown beside a size attribute ("Size chart" opens it): column headings and, per
 * option id, one cell per column (e.g. EU 42 → "42", "8", "26.5 cm"). It ships with the product,
 * so the shop needs no network to show it.
 */
export const SizeChart = z.strictObject({
  columns: z.array(LocalizedText).min(1).max(8),
  rows: z.record(Id, z.array(z.string().min(1).max(40)).min(1).max(8)),
  /** A note under the chart, e.g. how to measure a foot. */
  note: LocalizedText.optional(),
});
export type SizeChart = z.infer<typeof SizeChart>;

/** A size (shoe, ring, garment): options are the sizes in order, with an optional size chart. */
export const SizeAttribute = z.strictObject({
  ...attributeBase,
  kind: z.literal('size'),
  options: options(ChoiceOption),
  sizeChart: SizeChart.optional(),
});

export const Font = z.strictObject({
  /** One of the font families that ship with the app. */
  family: z.enum(['sans', 'serif', 'script', 'mono']),
  weight: z.union([z.literal(400), z.literal(700)]).default(400),
  colour: HexColour.default('#202020'),
});

/** Where personal text is drawn: a mesh of the model whose UV space (0..1) receives the text. */
export const TextPlacement = z.strictObject({
  mesh: ModelPartName,
  /** Engraved text is cut into the surface; printed and embroidered text sits on it. */
  style: z.enum(['engraved', 'printed', 'embroidered']).default('printed'),
});

export const TextAttribute = z.strictObject({
  ...attributeBase,
  kind: z.literal('text'),
  maxLength: z.number().int().min(1).max(200),
  /**
   * Characters a consumer may type, as a regular-expression character class body, e.g. "A-Za-z0-9 .&".
   * Where it allows A-Z or a-z, the Latin letters with diacritics of that case are allowed too.
   */
  allowed: z.string().min(1).max(200),
  /** "uppercase": what the consumer types is capitalised (a monogram), rather than refused. */
  transform: z.enum(['uppercase']).optional(),
  font: Font,
  placement: TextPlacement,
  /** Charged when the text is not empty, in minor units. */
  price: Money.default(0),
  placeholder: LocalizedText.optional(),
});

export const Attribute = z.discriminatedUnion('kind', [
  ColourAttribute,
  MaterialAttribute,
  StyleAttribute,
  ChoiceAttribute,
  SizeAttribute,
  TextAttribute,
]);
export type ColourAttribute = z.infer<typeof ColourAttribute>;
export type MaterialAttribute = z.infer<typeof MaterialAttribute>;
export type StyleAttribute = z.infer<typeof StyleAttribute>;
export type ChoiceAttribute = z.infer<typeof ChoiceAttribute>;
export type SizeAttribute = z.infer<typeof SizeAttribute>;
export type TextAttribute = z.infer<typeof TextAttribute>;
export type Attribute = z.infer<typeof Attribute>;
export type OptionAttribute = Exclude<Attribute, TextAttribute>;

export { MAX_TEXT_LENGTH };
