import { useCallback } from 'react';
import { useViewStore } from '../state/viewStore.js';
import type { MessageKey } from './messages.js';
import { intlLocale, localize, translate } from './translate.js';
import type { LocalizedText } from '../../catalog/index.js';

/** The current locale's translator, plus a localiser for catalog texts. */
export function useT() {
  const locale = useViewStore((s) => s.locale);
  const t = useCallback((key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars), [locale]);
  const l = useCallback((text: LocalizedText | undefined) => localize(text, locale), [locale]);
  return { t, l, locale, intl: intlLocale(locale) };
}
