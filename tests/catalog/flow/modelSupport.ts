import { expect } from 'vitest';
import type { ConfiguratorSnapshot } from '../../../catalog/flow/configuratorMachine.js';
import type { ConfiguratorEvent } from '../../../catalog/flow/types.js';
import { evaluate } from '../../../catalog/configuration/evaluate.js';
import { validate } from '../../../catalog/configuration/validate.js';
import { NONE_KEY, TEXT_KEY } from '../../../catalog/rules/types.js';
import type { Configuration, Product, Value } from '../../../catalog/index.js';
import { hasValue, sampleText, validConfigurations } from './oracle.js';

export const customer = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** Every event the UI can send for a product, including ones the machine must refuse. */
export function allEvents(product: Product, opts: { withOrders?: boolean } = {}): ConfiguratorEvent[] {
  const events: ConfiguratorEvent[] = [];
  for (const a of product.attributes) {
    if (a.kind === 'text') {
      events.push({ type: 'text.set', attr: a.id, text: sampleText(product, a.id) });
      events.push({ type: 'text.set', attr: a.id, text: '' });
      events.push({ type: 'text.set', attr: a.id, text: '#'.repeat(a.maxLength + 1) }); // never acceptable
    } else {
      for (const o of a.options) events.push({ type: 'option.select', attr: a.id, option: o.id });
      if (a.optional) events.push({ type: 'option.select', attr: a.id, option: null });
    }
    events.push({ type: 'choice.clear', attr: a.id });
  }
  events.push(
    { type: 'step.next' },
    { type: 'step.previous' },
    { type: 'step.go', step: product.steps.at(-1)!.id },
    { type: 'conflict.accept' },
    { type: 'conflict.cancel' },
    { type: 'history.undo' },
    { type: 'history.redo' },
    { type: 'config.reset' },
    { type: 'review.open' },
    { type: 'review.back' },
  );
  if (opts.withOrders !== false) {
    events.push(
      { type: 'order.submit', customer, quantity: 2 },
      // What the invoked order call reports; the traversal runs no promises, so it sends them.
      { type: 'xstate.done.actor.submitOrder', output: { id: 'order-1' } } as unknown as ConfiguratorEvent,
      { type: 'xstate.error.actor.submitOrder', error: new Error('service down') } as unknown as ConfiguratorEvent,
    );
  }
  return events;
}

/**
 * The abstract state the walk tells apart: while configuring, the explicit choices (with a
 * conflict, also the proposal); in review and ordering only where the machine is and whether an
 * error or an order is kept, as the configuration there is the one configuring had. History
 * stacks are left out to keep the graph finite: undo and redo are still tried in every state.
 */
export function serialize(s: ConfiguratorSnapshot): string {
  const c = s.context;
  if (s.matches('configuring')) return JSON.stringify(['configuring', sorted(c.choices)]);
  if (s.matches('resolvingConflict'))
    return JSON.stringify(['resolvingConflict', sorted(c.choices), c.pending ? sorted(c.pending.choices) : null]);
  return JSON.stringify([s.value, c.error?.kind ?? null, c.order?.id ?? null]);
}

/** Choices in attribute order: the order they were made in does not change what happens next. */
function sorted(choices: Readonly<Record<string, Value>>): [string, Value][] {
  return Object.entries(choices).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Everything a replay must reproduce exactly. */
export function fingerprint(s: ConfiguratorSnapshot): string {
  const c = s.context;
  return JSON.stringify([
    s.value,
    c.step,
    c.choices,
    c.pending?.choices ?? null,
    c.past,
    c.future,
    c.error,
    c.idempotencyKey,
    c.order,
  ]);
}

function isText(product: Product, attr: string) {
  return product.attributes.find((a) => a.id === attr)?.kind === 'text';
}

/** The oracle's view of one set of explicit choices, cached by the caller per product. */
export function oracleFor(product: Product) {
  const valid = validConfigurations(product);
  const fits = (c: Configuration, attr: string, v: Value) => hasValue(c, attr, v, isText(product, attr));
  return {
    valid,
    /** Some valid configuration gives attr the value. */
    possible: (attr: string, v: Value) => valid.some((c) => fits(c, attr, v)),
    /** Some valid configuration gives attr the value and keeps the other explicit choices. */
    keepsOthers: (choices: Record<string, Value>, attr: string, v: Value) =>
      valid.some((c) => fits(c, attr, v) && Object.entries(choices).every(([k, x]) => k === attr || fits(c, k, x))),
  };
}

/**
 * The invariants of every reachable state: a complete valid configuration that keeps every
 * explicit choice and is what the engine makes of those choices; a pending conflict that is
 * itself valid; and, checked against the brute-force oracle, the machine lets an option be
 * picked exactly when some valid configuration has it (and directly only when it keeps the
 * other choices).
 */
/** Without an oracle, only the configuration invariants are checked. */
export function checkState(product: Product, s: ConfiguratorSnapshot, oracle?: ReturnType<typeof oracleFor>) {
  const c = s.context;
  const config = c.evaluation.configuration;
  expect(validate(product, config)).toMatchObject({ ok: true });
  expect(product.attributes.every((a) => Object.prototype.hasOwnProperty.call(config, a.id))).toBe(true);
  for (const [attr, v] of Object.entries(c.choices)) expect(hasValue(config, attr, v, isText(product, attr))).toBe(true);
  const again = evaluate(product, c.choices);
  expect(again.ok && again.configuration).toEqual(config);
  expect(c.evaluation.price.total).toBe(again.ok ? again.price.total : NaN);
  if (s.matches('resolvingConflict')) {
    expect(c.pending).not.toBeNull();
    expect(validate(product, c.pending!.evaluation.configuration)).toMatchObject({ ok: true });
    expect(c.pending!.choices[c.pending!.attr]).toBe(c.pending!.value);
  } else expect(c.pending).toBeNull();
  if (s.matches('submitting')) expect(c.request?.idempotencyKey).toBe(c.idempotencyKey);
  if (!oracle || !s.matches('configuring')) return;
  for (const a of product.attributes) {
    const values: Value[] = a.kind === 'text' ? [null, sampleText(product, a.id)] : [null, ...a.options.map((o) => o.id)];
    for (const v of values) {
      const event: ConfiguratorEvent =
        a.kind === 'text' ? { type: 'text.set', attr: a.id, text: v ?? '' } : { type: 'option.select', attr: a.id, option: v };
      const offered = (a.optional || v !== null) && oracle.possible(a.id, v);
      expect(s.can(event), `${a.id}=${v} offered`).toBe(offered);
      const key = v === null ? NONE_KEY : a.kind === 'text' ? TEXT_KEY : v;
      const state = c.evaluation.attributes[a.id]!.options[key];
      if (offered) expect(state?.state, `${a.id}=${v}`).toBe(oracle.keepsOthers(c.choices, a.id, v) ? 'available' : 'conflict');
    }
  }
}
