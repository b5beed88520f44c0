import { skuFragment } from '../pricing/variantCode.js';
import type { Attribute } from '../schema/attribute.js';
import type { LocalizedText } from '../schema/primitives.js';
import type { Configuration, Product, Value } from '../schema/product.js';

/** The word for an optional attribute left empty when the producer gave it no `noneLabel`. */
export const NONE_TEXT = { en: 'None', nl: 'Geen' } as const satisfies LocalizedText;

/**
 * A catalog text in the reader's language: the locale ("nl-BE"), then its language ("nl"), then
 * English, then any language the catalog gives. Every reader (shopper, sales, exports) uses it.
 */
export function localizeText(text: LocalizedText | Record<string, string> | null | undefined, locale: string): string {
  if (text === undefined || text === null) return '';
  if (typeof text === 'string') return text;
  return text[locale] ?? text[locale.slice(0, 2)] ?? text.en ?? Object.values(text)[0] ?? '';
}

/**
 * A configured value in the shopper's words: the option's label; a personal text in quotes
 * (“JD”); an empty optional attribute as the producer named it ("No armrests", "Wood, as the
 * frame"), else "None". A value the attribute does not know (an order on a removed option) is
 * shown as it is stored. The configurator, the confirmation, the sales desk, the production
 * sheet, the exports, e-mails and webhooks all describe values with this one function.
 */
export function describeValue(attr: Attribute, value: Value | undefined, locale: string): string {
  const none = () => localizeText(attr.noneLabel ?? NONE_TEXT, locale);
  if (attr.kind === 'text') return value === null || value === undefined || value === '' ? none() : `“${value}”`;
  if (value === null || value === undefined) return none();
  const o = attr.options.find((x) => x.id === value);
  return o ? localizeText(o.label, locale) : value;
}

/** One attribute of a configuration, described for a reader. */
export interface DescribedValue {
  /** The attribute id. */
  attr: string;
  kind: Attribute['kind'] | 'unknown';
  /** The attribute's label in the locale ("Metal finish"). */
  label: string;
  /** The stored value: an option id, the personal text, or null. */
  value: string | null;
  /** The value in the shopper's words (describeValue). */
  text: string;
  /** The value's fragment of the variant code (as variantCode makes it: "0" for none); null for texts. */
  sku: string | null;
}

/**
 * Every attribute of the product with its value described (describeValue), in catalog order.
 * Without the product (a version that cannot be read) every stored value is listed as it is.
 */
export function describeConfiguration(
  product: Product | undefined,
  config: Configuration | Record<string, Value | undefined>,
  locale: string,
): DescribedValue[] {
  if (!product)
    return Object.entries(config).map(([attr, value]) => ({
      attr,
      kind: 'unknown',
      label: attr,
      value: value ?? null,
      text: value ?? localizeText(NONE_TEXT, locale),
      sku: null,
    }));
  return product.attributes.map((a) => {
    const value = config[a.id] ?? null;
    const text = describeValue(a, value, locale);
    const label = localizeText(a.label, locale);
    return { attr: a.id, kind: a.kind, label, value, text, sku: a.kind === 'text' ? null : skuFragment(a, value) };
  });
}

/** "Frame colour: Black; Seat: Leather; …": a configuration as one line (the 3D preview's text alternative). */
export function describeConfigurationLine(product: Product, config: Configuration, locale: string): string {
  return describeConfiguration(product, config, locale)
    .map((d) => `${d.label}: ${d.text}`)
    .join('; ');
}
