import { z } from 'zod';

/**
 * Names that would reach Object.prototype if used as a key in a plain object.
 * Catalog ids become object keys (configurations, defaults), so they are refused outright.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

export const MAX_ID_LENGTH = 64;
export const MAX_LABEL_LENGTH = 200;
export const MAX_TEXT_LENGTH = 4000;
export const MAX_MONEY = 1_000_000_000; // 10 million in a two-decimal currency

/** kebab-case identifier: lowercase letters and digits separated by single hyphens. */
export const Id = z
  .string()
  .max(MAX_ID_LENGTH, `an id is at most ${MAX_ID_LENGTH} characters`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an id is kebab-case: lowercase letters, digits and single hyphens, e.g. "frame-colour"')
  .refine((s) => !RESERVED_KEYS.has(s), { message: 'this id is reserved' });
export type Id = z.infer<typeof Id>;

/** A name given to a part of a glTF model (node, mesh or material) by the modelling tool. */
export const ModelPartName = z
  .string()
  .min(1)
  .max(MAX_LABEL_LENGTH)
  .refine((s) => !RESERVED_KEYS.has(s), { message: 'this name is reserved' });

/**
 * A string of one line: no line breaks or tabs. Names, e-mail-like fields, URLs and search text
 * use it; notes and addresses keep their line breaks. (The server refuses control characters in
 * every string at its edge besides.)
 */
export const singleLine = () => z.string().regex(/^[^\t\n\r\u2028\u2029]*$/, 'one line: no line breaks or tabs');

export const Locale = z.string().regex(/^[a-z]{2}(?:-[A-Z]{2})?$/, 'a locale is like "en" or "nl-BE"');

/**
 * Text shown to a consumer: one string for every language, or a map of locales that names at
 * least English and Dutch.
 */
export const LocalizedText = z.union([
  z.string().min(1).max(MAX_TEXT_LENGTH),
  z.record(Locale, z.string().min(1).max(MAX_TEXT_LENGTH)).refine((m) => typeof m.en === 'string' && typeof m.nl === 'string', {
    message: 'a localised text names at least "en" and "nl"',
  }),
]);
export type LocalizedText = z.infer<typeof LocalizedText>;

/** An amount of money in integer minor units (cents for EUR). May be negative for discounts. */
export const Money = z
  .number()
  .int('money is an integer number of minor units (cents), not a decimal')
  .min(-MAX_MONEY)
  .max(MAX_MONEY);

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'a currency is an ISO 4217 code such as "EUR"');

export const HexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is "#rrggbb"');

/** A file beside the product JSON: relative, forward slashes, no "..", no scheme. */
export const AssetPath = z
  .string()
  .max(200)
  .regex(
    /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/,
    'an asset is a relative path beside the product file, without ".." or a leading "/"',
  );

export const Unit = z.number().min(0).max(1);
export const Vec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);
