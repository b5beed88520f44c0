import { describeValue, formatMoney, type Product, type RuleRef, type Value } from '../../catalog/index.js';
import type { MessageKey } from '../i18n/messages.js';
import { localize } from '../i18n/translate.js';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** "Upper colour to Tan, Laces to White": what accepting a conflict changes. */
export function describeChanges(
  product: Product,
  changes: readonly { attr: string; to: Value }[],
  locale: string,
  t: Translate,
): string {
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
 * The accessible name (and tooltip) of an option: its label and, when picking it changes any
 * other attribute (a chosen one or a default), what it changes and by how much the total moves,
 * e.g. "Black — also changes Fabric to Leather, + €450.00". The changes are the engine's
 * (`clickOutcome` / `selectOutcomes`), never re-derived here.
 */
export function optionName(
  product: Product,
  label: string,
  outcome: { changes: readonly { attr: string; to: Value }[]; delta: number } | undefined,
  locale: string,
  t: Translate,
): string {
  if (!outcome || outcome.changes.length === 0) return label;
  const changes = describeChanges(product, outcome.changes, locale, t);
  const delta = priceDelta(outcome.delta, product.currency, locale);
  return delta ? t('cfg.alsoChangesPrice', { option: label, changes, delta }) : t('cfg.alsoChanges', { option: label, changes });
}

/** "+ €20.00" for a surcharge, "− €5.00" for a discount, "" for none. */
export function priceDelta(amount: number, currency: string, locale: string): string {
  if (amount === 0) return '';
  return `${amount > 0 ? '+' : '−'} ${formatMoney(Math.abs(amount), currency, locale)}`;
}
