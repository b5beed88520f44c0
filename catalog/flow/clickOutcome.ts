import type { Choices, Product, Value } from '../schema/product.js';
import { NONE_KEY, TEXT_KEY } from '../rules/types.js';
import {
  choiceState,
  configurationChanges,
  evaluateComplete,
  normaliseValue,
  resolveConflict,
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
    const pending = resolveConflict(product, choices, evaluation, attr, v, state);
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

const cache = new WeakMap<CompleteEvaluation, Map<string, Readonly<Record<string, ClickOutcome>>>>();

/**
 * The outcome of picking each offered value of one option attribute (keyed by option id, or
 * NONE_KEY for "none"), memoised per evaluation so that a selector returns the same object until
 * the configuration changes. Values the machine would not take are left out.
 */
export function attributeOutcomes(
  product: Product,
  choices: Choices,
  evaluation: CompleteEvaluation,
  attr: string,
): Readonly<Record<string, ClickOutcome>> {
  let perAttr = cache.get(evaluation);
  if (!perAttr) cache.set(evaluation, (perAttr = new Map()));
  const hit = perAttr.get(attr);
  if (hit) return hit;
  const out: Record<string, ClickOutcome> = {};
  const a = product.attributes.find((x) => x.id === attr);
  const options = evaluation.attributes[attr]?.options;
  if (a && options && a.kind !== 'text') {
    for (const key of Object.keys(options)) {
      if (key === TEXT_KEY) continue;
      const o = clickOutcome(product, choices, evaluation, attr, key === NONE_KEY ? null : key);
      if (o) out[key] = o;
    }
  }
  const frozen = Object.freeze(out);
  perAttr.set(attr, frozen);
  return frozen;
}
