import type { Attribute, Configuration, Product, Value } from '../../catalog/index.js';
import { localize } from '../i18n/translate.js';

/** The consumer-facing label of an attribute's value: the option's label, the text in quotes, or "none". */
export function describeValue(attr: Attribute, value: Value | undefined, locale: string, noneLabel: string): string {
  if (attr.kind === 'text') return value ? `“${value}”` : attr.noneLabel ? localize(attr.noneLabel, locale) : noneLabel;
  if (value === null || value === undefined) return attr.noneLabel ? localize(attr.noneLabel, locale) : noneLabel;
  const o = attr.options.find((x) => x.id === value);
  return o ? localize(o.label, locale) : value;
}

/** "Frame colour: Black; Seat: Leather; …" — the text alternative of the 3D preview. */
export function describeConfiguration(product: Product, config: Configuration, locale: string, noneLabel: string): string {
  return product.attributes
    .map((a) => `${localize(a.label, locale)}: ${describeValue(a, config[a.id], locale, noneLabel)}`)
    .join('; ');
}
