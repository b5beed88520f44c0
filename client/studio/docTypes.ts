import type { LocalizedText, ProductInput } from '../../catalog/index.js';

/** A draft as the forms edit it: shaped like a product, though it may not (yet) be a valid one. */
export type DraftDoc = ProductInput;
export type Update = (mutate: (d: DraftDoc) => void) => void;

/** The English and Dutch of a text, for two inputs. */
export function bilingual(t: LocalizedText | undefined): { en: string; nl: string } {
  if (t === undefined) return { en: '', nl: '' };
  if (typeof t === 'string') return { en: t, nl: t };
  return { en: t.en ?? '', nl: t.nl ?? '' };
}

export const textLabel = (t: LocalizedText | undefined, locale: string) =>
  t === undefined ? '' : typeof t === 'string' ? t : (t[locale] ?? t.en ?? Object.values(t)[0] ?? '');

/** A kebab-case id from a label: "Navy blue" → "navy-blue". */
export const idFrom = (label: string) =>
  label
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'item';
