import { describe, expect, it } from 'vitest';
import { evaluate, parseProduct, type Product } from '../../../catalog/index.js';
import { describeChanges, optionName, priceDelta } from '../../../client/configurator/optionText.js';
import { translate } from '../../../client/i18n/translate.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

const parsed = parseProduct(miniProduct());
if (!parsed.ok) throw new Error('fixture');
const product: Product = parsed.product;
const tEn = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('en', k, v);
const tNl = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('nl', k, v);

describe('option texts', () => {
  it('names a conflicting option with what picking it changes, from the real engine', () => {
    // Gold needs gloss: with matte chosen, gold is a conflict that changes the finish.
    const e = evaluate(product, { finish: 'matte' });
    if (!e.ok) throw new Error('evaluate');
    const gold = e.attributes.colour!.options.gold;
    expect(gold?.state).toBe('conflict');
    expect(optionName(product, 'Gold', gold, 'en', tEn)).toBe('Gold — changes Finish to Gloss');
    expect(optionName(product, 'Goud', gold, 'nl', tNl)).toBe('Goud — wijzigt Finish in Gloss');
    // An available option keeps its plain label.
    expect(optionName(product, 'Black', e.attributes.colour!.options.black, 'en', tEn)).toBe('Black');
  });

  it('describes changes with localised attribute labels', () => {
    expect(describeChanges(product, [{ attr: 'colour', from: 'white', to: 'black' }], 'nl', tNl)).toBe('Kleur in Black');
  });

  it('formats price differences with a sign', () => {
    expect(priceDelta(0, 'EUR', 'en')).toBe('');
    expect(priceDelta(900, 'EUR', 'en')).toBe('+ €9.00');
    expect(priceDelta(-150, 'EUR', 'nl')).toMatch(/^− €\s1,50$/);
  });
});
