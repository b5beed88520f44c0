/**
 * The languages of the shop's own texts (the catalog's texts may carry others). The view store
 * keeps the chosen one, so the list lives beside it and i18n reads it from here (arrows go
 * i18n → state, never back). A leaf: no imports.
 */
export const LOCALES = ['en', 'nl'] as const;
export type AppLocale = (typeof LOCALES)[number];

export function isLocale(v: unknown): v is AppLocale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}
