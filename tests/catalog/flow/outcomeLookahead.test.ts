import { describe, expect, it } from 'vitest';
import type { Choices } from '../../../catalog/index.js';
import { evaluateComplete } from '../../../catalog/flow/choiceState.js';
import type { ClickOutcome } from '../../../catalog/flow/clickOutcome.js';
import { attributeOutcomes, outcomeLookahead } from '../../../catalog/flow/outcomeLookahead.js';
import { sameAttributeStates } from '../../../catalog/flow/selectors.js';
import { compileProduct } from '../../../catalog/rules/compileProduct.js';
import { loadBundled } from '../../fixtures/bundledProducts.js';

/** The toe cap chosen: suede on the upper is then in conflict (it needs the overlay toe cap). */
const CHOICES: Choices = { 'toe-cap': 'toe-cap-rubber' };

/** The sneaker, compiled to the given form (a product object of its own: the form is cached per object). */
function sneaker(diagram: boolean) {
  const product = loadBundled('sneaker.json');
  expect(compileProduct(product, diagram ? { form: 'diagram' } : {}).form === 'diagram').toBe(diagram);
  const evaluation = evaluateComplete(product, CHOICES);
  if (!evaluation) throw new Error('the choices should hold');
  return { product, evaluation };
}

const plain = (outcomes: Readonly<Record<string, ClickOutcome>>) =>
  Object.fromEntries(
    Object.entries(outcomes).map(([k, o]) => [
      k,
      { state: o.state, changes: o.changes, total: o.total, delta: o.delta, choices: o.choices },
    ]),
  );

describe('the look-ahead of a product in the diagram form', () => {
  it('computes nothing until an attribute is asked for and stepped, then fills it in to what the fast forms answer at once', () => {
    const lazy = sneaker(true);
    const la = outcomeLookahead(lazy.product, CHOICES, lazy.evaluation);
    expect(la.eager).toBe(false);
    const before = la.known('upper-material');
    expect(before).toMatchObject({ outcomes: {}, reasons: {}, done: false });
    expect(la.known('upper-material')).toBe(before); // the same object until more is known

    let told = 0;
    const cancel = la.request('upper-material', () => told++);
    // One option per unit of work: after one, at most one outcome and no reason.
    let units = 0;
    expect(la.step(() => units++ >= 1)).toBe(true);
    expect(told).toBe(1);
    const one = la.known('upper-material');
    expect(one).not.toBe(before);
    expect(Object.keys(one.outcomes).length).toBeLessThanOrEqual(1);
    expect(one.done).toBe(false);

    expect(la.step(() => false)).toBe(false);
    expect(la.pending).toBe(false);
    const all = la.known('upper-material');
    expect(all.done).toBe(true);
    // An attribute not asked for was never computed.
    expect(la.known('toe-cap')).toMatchObject({ outcomes: {}, reasons: {}, done: false });
    cancel();

    // The very outcomes and reasons of the eager look-ahead (the fast form, all at once).
    const fast = sneaker(false);
    const eager = outcomeLookahead(fast.product, CHOICES, fast.evaluation);
    expect(eager.eager).toBe(true);
    const now = eager.known('upper-material');
    expect(now.done).toBe(true);
    expect(plain(all.outcomes)).toEqual(plain(attributeOutcomes(fast.product, CHOICES, fast.evaluation, 'upper-material')));
    expect(plain(all.outcomes)).toEqual(plain(now.outcomes));
    expect(all.outcomes.suede!.state).toBe('conflict');
    expect(all.outcomes.suede!.changes).toEqual([
      { attr: 'toe-cap', from: 'toe-cap-rubber', to: 'toe-cap-overlay', explicit: true },
    ]);
    expect(Object.keys(all.reasons)).toEqual(['suede']);
    expect(all.reasons.suede!.length).toBeGreaterThan(0);
    expect(all.reasons).toEqual(now.reasons);
  });

  it('computes the outcomes of every asked attribute before any reasons', () => {
    const lazy = sneaker(true);
    const la = outcomeLookahead(lazy.product, CHOICES, lazy.evaluation);
    const attrs = ['upper-material', 'toe-cap'];
    for (const a of attrs) la.request(a, () => {});
    const options = attrs.reduce((n, a) => n + Object.keys(lazy.evaluation.attributes[a]!.options).length, 0);
    let units = 0;
    expect(la.step(() => units++ >= options)).toBe(true);
    for (const a of attrs) {
      const k = la.known(a);
      expect(k.reasons).toEqual({});
      expect(plain(k.outcomes)).toEqual(plain(attributeOutcomes(lazy.product, CHOICES, lazy.evaluation, a)));
    }
    la.step(() => false);
    expect(la.known('upper-material').reasons.suede!.length).toBeGreaterThan(0);
  });

  it('a click compares the attributes it shows without searching any reasons (sameAttributeStates)', () => {
    const { product, evaluation } = sneaker(true);
    const ct = compileProduct(product);
    const searches = ct.reasonSearches;
    const again = evaluateComplete(product, { ...CHOICES })!;
    // Not the same object (a matcher would print them, reading their reasons: compare by hand).
    expect(again.attributes['upper-material'] !== evaluation.attributes['upper-material']).toBe(true);
    expect(sameAttributeStates(evaluation.attributes['upper-material'], again.attributes['upper-material'])).toBe(true);
    const other = evaluateComplete(product, { 'toe-cap': 'toe-cap-overlay' })!;
    expect(sameAttributeStates(evaluation.attributes['upper-material'], other.attributes['upper-material'])).toBe(false);
    expect(sameAttributeStates(evaluation.attributes['toe-cap'], other.attributes['toe-cap'])).toBe(false);
    // Comparing their JSON (as the views did) reads every lazy reason: the suede conflict's included.
    expect(ct.reasonSearches).toBe(searches);
    JSON.stringify(evaluation.attributes['upper-material']);
    expect(ct.reasonSearches).toBeGreaterThan(searches);
  });
});
