import type { Choices, Configuration, Value } from '../schema/product.js';
import type { PriceBreakdown } from '../pricing/price.js';
import { NONE_KEY, type AttributeEvaluation, type OptionState } from '../rules/types.js';
import { encodeConfigCode } from './configCode.js';
import type { ClickOutcome } from './clickOutcome.js';
import { attributeOutcomes } from './outcomeLookahead.js';
import type { ChangeNotice, ConfiguratorContext, FlowError, OrderResult, PendingConflict } from './types.js';

/**
 * Selectors for `useSelector(actor, selector)`: each returns a value whose identity only
 * changes when that part of the state changes, so components re-render only when needed.
 * They take anything with the machine's context (a snapshot, or the context in a test).
 */
type HasContext = { context: ConfiguratorContext };

export const selectStep = (s: HasContext): string => s.context.step;
export const selectChoices = (s: HasContext): Choices => s.context.choices;
export const selectConfiguration = (s: HasContext): Configuration => s.context.evaluation.configuration;
export const selectPrice = (s: HasContext): PriceBreakdown => s.context.evaluation.price;
export const selectTotal = (s: HasContext): number => s.context.evaluation.price.total;
export const selectVariantCode = (s: HasContext): string => s.context.evaluation.variantCode;
export const selectPendingConflict = (s: HasContext): PendingConflict | null => s.context.pending;
export const selectError = (s: HasContext): FlowError | null => s.context.error;
export const selectNotice = (s: HasContext): ChangeNotice | null => s.context.notice;
export const selectOrder = (s: HasContext): OrderResult | null => s.context.order;
export const canUndo = (s: HasContext): boolean => s.context.past.length > 0;
export const canRedo = (s: HasContext): boolean => s.context.future.length > 0;

/** The value of one attribute in the completed configuration. */
export const selectValue =
  (attr: string) =>
  (s: HasContext): Value | undefined =>
    s.context.evaluation.configuration[attr];

/** One attribute's evaluation: its value, whether it was chosen, the state of each option. */
export const selectAttribute =
  (attr: string) =>
  (s: HasContext): AttributeEvaluation | undefined =>
    s.context.evaluation.attributes[attr];

/**
 * The state of one option (an option id; null for "none"; TEXT_KEY from rules/types for "some text"): available,
 * conflict (with the changes it needs) or impossible (with the rules that forbid it).
 */
export const selectOptionState =
  (attr: string, option: string | null) =>
  (s: HasContext): OptionState | undefined =>
    s.context.evaluation.attributes[attr]?.options[option === null ? NONE_KEY : option];

/**
 * Whether two evaluations of one attribute show the same: its value, whether it was chosen, and
 * each option's state (with a conflict's changes). Not the reasons: they are lazy, a rule search
 * each on a product whose rules tangle, and a comparison on every click must not run them (as
 * comparing JSON did); the views show reasons from the look-ahead of the current evaluation.
 */
export function sameAttributeStates(a: AttributeEvaluation | undefined, b: AttributeEvaluation | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.value !== b.value || a.explicit !== b.explicit) return false;
  if (a.options === b.options) return true;
  const keys = Object.keys(a.options);
  if (keys.length !== Object.keys(b.options).length) return false;
  return keys.every((k) => {
    const x = a.options[k]!;
    const y = b.options[k];
    if (!y || x.state !== y.state) return false;
    return x.state !== 'conflict' || JSON.stringify(x.changes) === JSON.stringify((y as typeof x).changes);
  });
}

/** Whether the consumer chose this attribute's value (rather than it being completed). */
export const selectIsExplicit =
  (attr: string) =>
  (s: HasContext): boolean =>
    Object.prototype.hasOwnProperty.call(s.context.choices, attr);

/** The share code of the current choices (a string: cheap to compare). */
export const selectConfigCode = (s: HasContext): string =>
  encodeConfigCode({ productId: s.context.product.id, version: s.context.version, choices: s.context.choices });

/**
 * What picking each offered value of an option attribute would do (option id or NONE_KEY →
 * the other attributes it changes and the new total), from the engine, before any click.
 */
export const selectOutcomes =
  (attr: string) =>
  (s: HasContext): Readonly<Record<string, ClickOutcome>> =>
    attributeOutcomes(s.context.product, s.context.choices, s.context.evaluation, attr);
