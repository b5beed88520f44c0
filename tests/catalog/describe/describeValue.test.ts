import { describe, expect, it } from 'vitest';
import {
  describeConfiguration,
  describeConfigurationLine,
  describeValue,
  evaluate,
  localizeText,
  variantCode,
} from '../../../catalog/index.js';
import { parsed } from '../../server/harness.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

const product = parsed(miniProduct());
const attr = (id: string) => product.attributes.find((a) => a.id === id)!;

describe('describeValue', () => {
  it('gives the option label, a text in quotes, "None" in the reader\'s language', () => {
    expect(describeValue(attr('handle'), 'square', 'en')).toBe('Square');
    expect(describeValue(attr('handle'), null, 'en')).toBe('None');
    expect(describeValue(attr('handle'), null, 'nl')).toBe('Geen');
    expect(describeValue(attr('name-text'), 'Ada', 'en')).toBe('“Ada”');
    expect(describeValue(attr('name-text'), '', 'en')).toBe('None');
    // An option the version does not know is shown as stored, never dropped.
    expect(describeValue(attr('handle'), 'gone', 'en')).toBe('gone');
  });

  it('names an empty optional attribute as the producer did', () => {
    const a = { ...attr('handle'), noneLabel: { en: 'No handle', nl: 'Zonder oor' } } as (typeof product.attributes)[number];
    expect(describeValue(a, null, 'en')).toBe('No handle');
    expect(describeValue(a, null, 'nl-BE')).toBe('Zonder oor');
  });

  it('describes a whole configuration with the SKU fragments of the variant code', () => {
    const e = evaluate(product, { colour: 'black', 'name-text': 'Ada' });
    if (!e.ok) throw new Error('evaluate');
    expect(describeConfigurationLine(product, e.configuration, 'en')).toBe(
      'Colour: Black; Finish: Gloss; Handle: Round; Size: Small; Name: “Ada”',
    );
    const lines = describeConfiguration(product, e.configuration, 'en');
    const fragments = lines.filter((l) => l.sku !== null).map((l) => l.sku);
    expect(variantCode(product, e.configuration)).toBe(`${product.skuPrefix}-${fragments.join('.')}-P`);
    expect(describeConfiguration(undefined, { colour: 'black' }, 'en')).toEqual([
      { attr: 'colour', kind: 'unknown', label: 'colour', value: 'black', text: 'black', sku: null },
    ]);
  });

  it('localizes catalog texts: locale, language, English, any', () => {
    expect(localizeText({ en: 'a', nl: 'b' }, 'nl-BE')).toBe('b');
    expect(localizeText({ en: 'a', nl: 'b' }, 'fr')).toBe('a');
    expect(localizeText('x', 'nl')).toBe('x');
    expect(localizeText(undefined, 'nl')).toBe('');
  });
});
