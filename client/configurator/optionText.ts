import {
  describeValue,
  formatMoney,
  type ChoiceChange,
  type OptionState,
  type Product,
  type RuleRef,
} from '../../catalog/index.js';
import type { MessageKey } from '../i18n/messages.js';
import { localize } from '../i18n/translate.js';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** "Upper colour to Tan, Laces to White": what accepting a conflict changes. */
export function describeChanges(product: Product, changes: readonly ChoiceChange[], locale: string, t: Translate): string {
  return changes
    .map((c) => {
      const a = product.attributes.find((x) => x.id === c.attr);
      if (!a) return c.attr;
      return t('cfg.changeItem', { attr: localize(a.label, locale), value: describeValue(a, c.to, locale) });
    })
    .join(', ');
}

/** The producer's explanations of the rules involved, joined into one sentence. */
export function describeReasons(reasons: readonly RuleRef[], locale: string): string {
  return reasons.map((r) => localize(r.message, locale)).join(' ');
}

/**
 * The accessible name of an option: its label, and for a conflict what picking it changes,
 * e.g. "Suede — changes Upper colour to Tan".
 */
export function optionName(
  product: Product,
  label: string,
  state: OptionState | undefined,
  locale: string,
  t: Translate,
): string {
  if (state?.state !== 'conflict') return label;
  return t('cfg.changes', { option: label, changes: describeChanges(product, state.changes, locale, t) });
}

/** "+ €20.00" for a surcharge, "− €5.00" for a discount, "" for none. */
export function priceDelta(amount: number, currency: string, locale: string): string {
  if (amount === 0) return '';
  return `${amount > 0 ? '+' : '−'} ${formatMoney(Math.abs(amount), currency, locale)}`;
}
