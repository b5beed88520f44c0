import { fillPlaceholders, localizeText, type LocalizedText } from '../../catalog/index.js';
import { MESSAGES, type AppLocale, type MessageKey } from './messages.js';

/** A UI string with {placeholders} filled in. */
export function translate(locale: AppLocale, key: MessageKey, vars?: Record<string, string | number>): string {
  return fillPlaceholders(MESSAGES[locale][key], vars);
}

/** A catalog text in the locale, falling back to English, then to any language the catalog gives (catalog's localizeText). */
export function localize(text: LocalizedText | undefined, locale: string): string {
  return localizeText(text, locale);
}

/**
 * The locale dates and numbers are written in: the shop's European conventions, never the
 * browser's en-US default (a euro shop writes 6 December 2026 / 6-12-2026, not 12/6/2026).
 */
export function intlLocale(locale: AppLocale): string {
  return locale === 'nl' ? 'nl-NL' : 'en-GB';
}

/** An instant as a date and time in the shop's conventions, e.g. "6 Dec 2026, 14:05" / "6 dec 2026, 14:05". */
export function formatDateTime(iso: string, locale: AppLocale): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
