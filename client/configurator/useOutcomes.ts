import { useEffect, useReducer } from 'react';
import { outcomeLookahead, type KnownOutcomes } from '../../catalog/index.js';
import type { ConfiguratorSnapshot } from '../../catalog/flow/configuratorMachine.js';
import { useConfiguratorSelector } from '../state/configuratorActor.js';

const selectEvaluation = (s: ConfiguratorSnapshot) => s.context.evaluation;
const selectChoices = (s: ConfiguratorSnapshot) => s.context.choices;
const selectProduct = (s: ConfiguratorSnapshot) => s.context.product;

/** Longest stretch of look-ahead work without a yield when the browser gives no idle deadline. */
const SLICE_MS = 12;

type Idle = (tick: (timeLeft: () => number) => void) => () => void;

/** requestIdleCallback where there is one (not Safari, not jsdom), else a zero timeout and a fixed slice. */
const whenIdle: Idle = (tick) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback((d) => tick(() => d.timeRemaining()), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(() => {
    const end = performance.now() + SLICE_MS;
    tick(() => end - performance.now());
  }, 0);
  return () => clearTimeout(id);
};

/**
 * The look-ahead of one option attribute as the configurator shows it: what picking each option
 * would do, and why the options in conflict are. On the fast forms it is all known at once (the
 * engine's answers cost milliseconds). On the diagram form it is asked for while the attribute
 * is shown and computed in idle time, a slice at a time, after the click's own evaluation is on
 * screen: each slice re-renders the attribute with what it added, a click in between starts
 * over with the new evaluation, and attributes not shown are never computed.
 */
export function useOutcomes(attr: string): KnownOutcomes {
  const product = useConfiguratorSelector(selectProduct);
  const choices = useConfiguratorSelector(selectChoices);
  const evaluation = useConfiguratorSelector(selectEvaluation);
  const lookahead = outcomeLookahead(product, choices, evaluation);
  const [, more] = useReducer((n: number) => n + 1, 0);
  const known = lookahead.known(attr);
  const done = known.done;
  useEffect(() => {
    if (done) return;
    const cancelRequest = lookahead.request(attr, more);
    let cancelIdle = () => {};
    const tick = (timeLeft: () => number) => {
      // At least one option a tick, so that a page never idle (or a callback run at its
      // timeout, with no time left) still fills in.
      let first = true;
      const stop = () => (first ? (first = false) : timeLeft() <= 1);
      if (lookahead.step(stop)) cancelIdle = whenIdle(tick);
    };
    cancelIdle = whenIdle(tick);
    return () => {
      cancelIdle();
      cancelRequest();
    };
  }, [lookahead, attr, done]);
  return known;
}
