import type { Choices, Product, Value } from '../schema/product.js';
import {
  acceptedConflict,
  choiceState,
  configurationChanges,
  evaluateComplete,
  normaliseValue,
  withChoice,
} from './choiceState.js';
import type { CompleteEvaluation, ValueChange } from './types.js';

/**
 * What picking a value does, before it is picked: every other attribute it changes and the new
 * total. `state` says how it happens: `available` applies at once (changes, if any, are of
 * completed values only), `conflict` asks first (some changes undo explicit choices).
 */
export interface ClickOutcome {
  state: 'available' | 'conflict';
  changes: ValueChange[];
  total: number;
  /** total − the current total, integer minor units. */
  delta: number;
  /** The explicit choices and evaluation after the click (after accepting, for a conflict). */
  choices: Choices;
  evaluation: CompleteEvaluation;
}

/**
 * The outcome of `option.select` (or `text.set` for kind 'text') of `value` on `attr` from the
 * given explicit choices and their evaluation, through the very operations the configurator
 * machine performs on that event (`applyChoice`, or `proposeConflict` then `conflict.accept`
 * with the engine's fewest explicit changes). Undefined when the machine would not take the
 * event (impossible or unknown value) or when nothing would change.
 */
export function clickOutcome(
  product: Product,
  choices: Choices,
  evaluation: CompleteEvaluation,
  attr: string,
  value: Value,
  kind: 'option' | 'text' = 'option',
): ClickOutcome | undefined {
  const v = normaliseValue(product, attr, value);
  const state = choiceState(product, evaluation, kind, attr, v);
  if (!state || state.state === 'impossible') return undefined;
  let next: Choices;
  let after: CompleteEvaluation;
  if (state.state === 'available') {
    if (Object.prototype.hasOwnProperty.call(choices, attr) && choices[attr] === v) return undefined;
    next = withChoice(choices, attr, v);
    const e = evaluateComplete(product, next);
    if (!e) return undefined;
    after = e;
  } else {
    // Not resolveConflict: the outcome needs no reasons, and reading them searches the rules.
    const pending = acceptedConflict(product, choices, evaluation, attr, v, state);
    if (!pending) return undefined;
    next = pending.choices;
    after = pending.evaluation;
  }
  const total = after.price.total;
  return {
    state: state.state,
    changes: configurationChanges(product, evaluation.configuration, after.configuration, choices, attr),
    total,
    delta: total - evaluation.price.total,
    choices: next,
    evaluation: after,
  };
}
