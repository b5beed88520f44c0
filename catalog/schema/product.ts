import { z } from 'zod';
import { Attribute } from './attribute.js';
import { AssetPath, Currency, Id, LocalizedText, MAX_TEXT_LENGTH, Money, Vec3 } from './primitives.js';
import { PRODUCT_FORMAT } from './formatVersion.js';
import { Rule } from './rule.js';

/** A camera framing: where the camera stands and what it looks at, in model units. */
export const CameraView = z.strictObject({ position: Vec3, target: Vec3 });

export const Step = z.strictObject({
  id: Id,
  label: LocalizedText,
  attributes: z.array(Id).min(1).max(500),
  /** The framing used while the consumer works on this step. */
  camera: CameraView.optional(),
});
export type Step = z.infer<typeof Step>;

export const Model = z.strictObject({
  /** A glTF binary (.glb) beside the product file. */
  file: AssetPath.refine((p) => p.endsWith('.glb'), { message: 'the model is a .glb file' }),
  /** The framing of the whole product. */
  camera: CameraView.optional(),
});

/**
 * A configuration value: an option id, null for "none", or for a text attribute the text
 * itself (null or "" when empty).
 */
export const Value = z.string().max(MAX_TEXT_LENGTH).nullable();
export type Value = z.infer<typeof Value>;

/** Whether the order form asks for a customer field, and whether it must be filled in. */
export const FieldRule = z.enum(['required', 'optional', 'hidden']);
export type FieldRule = z.infer<typeof FieldRule>;

/**
 * What the order form asks of the customer besides name and e-mail. A physical product is
 * delivered, so its delivery address is required unless the producer says otherwise.
 */
export const Checkout = z.strictObject({
  address: FieldRule.default('required'),
});
export type Checkout = z.infer<typeof Checkout>;

export const Product = z.strictObject({
  /** Points editors at product.schema.json; ignored otherwise. */
  $schema: z.string().max(300).optional(),
  /**
   * The document format (catalog/schema/formatVersion.ts). Optional in files: parseProduct
   * migrates a document without it and always returns the current format.
   */
  formatVersion: z.literal(PRODUCT_FORMAT).optional(),
  id: Id,
  name: LocalizedText,
  description: LocalizedText,
  currency: Currency,
  /** The price of the standard product, in minor units. */
  basePrice: Money.min(0),
  /** Starts every variant code, e.g. "LCH". */
  skuPrefix: z.string().regex(/^[A-Z0-9]{1,8}$/, 'a SKU prefix is 1-8 uppercase letters or digits'),
  model: Model,
  steps: z.array(Step).min(1).max(50),
  attributes: z.array(Attribute).min(1).max(2000),
  /** The standard product: a value for every attribute. */
  defaults: z.record(Id, Value),
  rules: z.array(Rule).max(5000).default([]),
  /** The customer fields an order of this product needs (delivery address required by default). */
  checkout: Checkout.default({ address: 'required' }),
});
export type Product = z.infer<typeof Product>;
/** A product as written in a file, before defaults are applied. */
export type ProductInput = z.input<typeof Product>;

/** Explicit choices of a consumer: some attributes, by id. */
export type Choices = Readonly<Record<string, Value>>;
/** A value for every attribute of a product. */
export type Configuration = Readonly<Record<string, Value>>;

/** The customer fields an order of the product needs and the customer left empty ("address"). */
export function missingCustomerFields(product: Pick<Product, 'checkout'>, customer: { address?: unknown }): 'address'[] {
  const a = customer.address;
  const empty = a === undefined || a === null || (typeof a === 'string' && a.trim() === '');
  return product.checkout.address === 'required' && empty ? ['address'] : [];
}
