import { describe, expect, it } from 'vitest';
import { attributeOutcomes, evaluate, parseProduct, type Product } from '../../../catalog/index.js';
import { describeChanges, optionName, priceDelta } from '../../../client/configurator/optionText.js';
import { translate } from '../../../client/i18n/translate.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

const parsed = parseProduct(miniProduct());
if (!parsed.ok) throw new Error('fixture');
const product: Product = parsed.product;
const tEn = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('en', k, v);
const tNl = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('nl', k, v);

describe('option texts', () => {
  it('names an option with everything picking it changes and the new total, from the engine', () => {
    // Gold needs gloss: with matte chosen, gold is a conflict that changes the finish.
    const e = evaluate(product, { finish: 'matte' });
    if (!e.ok) throw new Error('evaluate');
    expect(e.attributes.colour!.options.gold?.state).toBe('conflict');
    const outcomes = attributeOutcomes(product, { finish: 'matte' }, e, 'colour');
    const gold = outcomes.gold!;
    expect(gold.changes).toEqual([{ attr: 'finish', from: 'matte', to: 'gloss', explicit: true }]);
    const delta = priceDelta(gold.delta, 'EUR', 'en');
    expect(optionName(product, 'Gold', gold, 'en', tEn)).toBe(
      delta ? `Gold — also changes Finish to Gloss, ${delta}` : 'Gold — also changes Finish to Gloss',
    );
    expect(optionName(product, 'Goud', gold, 'nl', tNl)).toMatch(/^Goud — wijzigt ook Finish in Gloss/);
    // An option that changes nothing else keeps its plain label.
    expect(optionName(product, 'Black', outcomes.black, 'en', tEn)).toBe('Black');
    expect(optionName(product, 'Black', { changes: [{ attr: 'finish', to: 'gloss' }], delta: 45000 }, 'en', tEn)).toBe(
      'Black — also changes Finish to Gloss, + €450.00',
    );
  });

  it('describes changes with localised attribute labels', () => {
    expect(describeChanges(product, [{ attr: 'colour', to: 'black' }], 'nl', tNl)).toBe('Kleur in Black');
  });

  it('formats price differences with a sign', () => {
    expect(priceDelta(0, 'EUR', 'en')).toBe('');
    expect(priceDelta(900, 'EUR', 'en')).toBe('+ €9.00');
    expect(priceDelta(-150, 'EUR', 'nl')).toMatch(/^− €\s1,50$/);
  });
});
