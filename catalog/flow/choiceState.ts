import type { Choices, Product, Value } from '../schema/product.js';
import { isEmptyText, normaliseText, textProblem } from '../schema/validateProduct.js';
import { evaluate } from '../configuration/evaluate.js';
import { NONE_KEY, TEXT_KEY, type OptionState } from '../rules/types.js';
import type { Configuration } from '../schema/product.js';
import type { CompleteEvaluation, PendingConflict, ValueChange } from './types.js';

/** How a value is offered: `option.select` picks options and none, `text.set` sets texts. */
export type ChoiceKind = 'option' | 'text';

/**
 * The engine's state for giving `attr` the value `value` through an event of the given kind,
 * or undefined when the value does not fit the attribute at all (unknown attribute or option,
 * a text for an option attribute, a text breaking the attribute's pattern or length).
 */
export function choiceState(
  product: Product,
  evaluation: CompleteEvaluation,
  kind: ChoiceKind,
  attr: string,
  value: Value,
): OptionState | undefined {
  const a = product.attributes.find((x) => x.id === attr);
  const options = evaluation.attributes[attr]?.options;
  if (!a || !options) return undefined;
  if (a.kind === 'text') {
    if (isEmptyText(value)) return options[NONE_KEY];
    if (kind !== 'text' || textProblem(a, value!) !== null) return undefined;
    return options[TEXT_KEY];
  }
  if (kind !== 'option') return undefined;
  const key = value === null ? NONE_KEY : value;
  return Object.prototype.hasOwnProperty.call(options, key) ? options[key] : undefined;
}

/** A text attribute's empty value is kept as null, so "" and null are one choice; texts are normalised (NFC, case). */
export function normaliseValue(product: Product, attr: string, value: Value): Value {
  const a = product.attributes.find((x) => x.id === attr);
  if (a?.kind !== 'text') return value;
  return isEmptyText(value) ? null : normaliseText(a, value!);
}

/** The explicit choices with `attr` set to `value`. */
export function withChoice(choices: Choices, attr: string, value: Value): Choices {
  return { ...choices, [attr]: value };
}

/** The explicit choices without `attr`. */
export function withoutChoice(choices: Choices, attr: string): Choices {
  const next = { ...choices };
  delete (next as Record<string, Value>)[attr];
  return next;
}

/** Evaluate choices, keeping only an outcome that holds together. */
export function evaluateComplete(product: Product, choices: Choices): CompleteEvaluation | null {
  const e = evaluate(product, choices);
  return e.ok ? e : null;
}

/**
 * The explicit choices after accepting a conflict: the engine's proposed changes applied, then
 * the new value. The changed choices are first kept explicit at their new values (exactly what
 * the consumer was shown); should that not hold, they are dropped and completed instead.
 */
export function resolveConflict(
  product: Product,
  choices: Choices,
  current: CompleteEvaluation,
  attr: string,
  value: Value,
  state: Extract<OptionState, { state: 'conflict' }>,
): PendingConflict | null {
  const accepted = acceptedConflict(product, choices, current, attr, value, state);
  return accepted && { attr, value, changes: state.changes, reasons: state.reasons, ...accepted };
}

/**
 * resolveConflict without the conflict's reasons (a rule search, costly on a product whose rules
 * tangle): what the look-ahead needs of each option in conflict.
 */
export function acceptedConflict(
  product: Product,
  choices: Choices,
  current: CompleteEvaluation,
  attr: string,
  value: Value,
  state: Extract<OptionState, { state: 'conflict' }>,
): Pick<PendingConflict, 'consequences' | 'choices' | 'evaluation'> | null {
  let changed: Choices = choices;
  for (const c of state.changes) changed = withChoice(changed, c.attr, normaliseValue(product, c.attr, c.to));
  changed = withChoice(changed, attr, value);
  let evaluation = evaluateComplete(product, changed);
  if (!evaluation) {
    changed = choices;
    for (const c of state.changes) changed = withoutChoice(changed, c.attr);
    changed = withChoice(changed, attr, value);
    evaluation = evaluateComplete(product, changed);
  }
  if (!evaluation) return null;
  const consequences = configurationChanges(product, current.configuration, evaluation.configuration, choices, attr);
  return { consequences, choices: changed, evaluation };
}

/** Whether two sets of explicit choices are the same (order aside). */
export function sameChoices(a: Choices, b: Choices): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** Every attribute but `attr` whose value differs between two configurations, in product order. */
export function configurationChanges(
  product: Product,
  before: Configuration,
  after: Configuration,
  explicitBefore: Choices,
  attr: string | null,
): ValueChange[] {
  const out: ValueChange[] = [];
  for (const a of product.attributes) {
    if (a.id === attr) continue;
    const from = before[a.id] ?? null;
    const to = after[a.id] ?? null;
    if (from === to) continue;
    out.push({ attr: a.id, from, to, explicit: Object.prototype.hasOwnProperty.call(explicitBefore, a.id) });
  }
  return out;
}
