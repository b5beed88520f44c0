import { localizeText, type LocalizedText } from '../../catalog/index.js';
import { MESSAGES, type AppLocale, type MessageKey } from './messages.js';

/** A UI string with {placeholders} filled in. */
export function translate(locale: AppLocale, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = MESSAGES[locale][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A catalog text in the locale, falling back to English, then to any language the catalog gives (catalog's localizeText). */
export function localize(text: LocalizedText | undefined, locale: string): string {
  return localizeText(text, locale);
}
