import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createConfiguratorMachine } from '../../../catalog/flow/configuratorMachine.js';
import { canUndo, selectTotal } from '../../../catalog/flow/selectors.js';
import { parseProduct, type Product } from '../../../catalog/index.js';
import { countedAttributes, learnPreferences, recommendChoices } from '../../../catalog/recommend/index.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

const parsed = parseProduct(miniProduct());
if (!parsed.ok) throw new Error('mini mug');
const mug: Product = parsed.product;
const orders = Array.from({ length: 20 }, (_, i) =>
  i % 4
    ? { colour: 'black', finish: 'matte', handle: 'round', size: 'large' }
    : { colour: 'gold', finish: 'gloss', handle: 'square', size: 'small' },
);
const model = learnPreferences(orders, countedAttributes(mug));

describe('choices.complete ("complete it for me")', () => {
  it('fills every attribute not chosen in one undo step and keeps the consumer’s choices', () => {
    const actor = createActor(createConfiguratorMachine(mug, { version: 1 })).start();
    actor.send({ type: 'option.select', attr: 'size', option: 'small' });
    const before = actor.getSnapshot();
    const rec = recommendChoices(mug, model, before.context.choices);
    if (!rec.ok) throw new Error('no recommendation');
    actor.send({ type: 'choices.complete', completion: rec.completion });
    const after = actor.getSnapshot();
    // The consumer's choice stays; every other non-text attribute is now chosen, from the completion.
    expect(after.context.choices).toMatchObject({
      size: 'small',
      colour: rec.completion.colour,
      finish: rec.completion.finish,
      handle: rec.completion.handle,
    });
    expect(after.context.choices).not.toHaveProperty('name-text');
    expect(after.context.evaluation.configuration).toMatchObject({ size: 'small' });
    expect(after.context.past).toHaveLength(before.context.past.length + 1);
    expect(selectTotal(after)).toBe(after.context.evaluation.price.total);
    // One undo brings back exactly the choices before.
    expect(canUndo(after)).toBe(true);
    actor.send({ type: 'history.undo' });
    expect(actor.getSnapshot().context.choices).toEqual(before.context.choices);
    expect(selectTotal(actor.getSnapshot())).toBe(selectTotal(before));
  });

  it('never overrides a choice, and ignores a completion that breaks the rules', () => {
    const actor = createActor(createConfiguratorMachine(mug, { version: 1 })).start();
    actor.send({ type: 'option.select', attr: 'colour', option: 'black' });
    actor.send({ type: 'choices.complete', completion: { colour: 'white', finish: 'matte', handle: 'round', size: 'large' } });
    expect(actor.getSnapshot().context.choices).toEqual({ colour: 'black', finish: 'matte', handle: 'round', size: 'large' });
    const fresh = createActor(createConfiguratorMachine(mug, { version: 1 })).start();
    // Gold needs gloss: a completion with gold and matte is refused, nothing changes.
    fresh.send({ type: 'choices.complete', completion: { colour: 'gold', finish: 'matte', handle: 'round', size: 'large' } });
    expect(fresh.getSnapshot().context.choices).toEqual({});
    expect(fresh.getSnapshot().context.error?.kind).toBe('engine');
  });
});
