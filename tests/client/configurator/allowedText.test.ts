import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProduct, textProblem, type TextAttribute } from '../../../catalog/index.js';
import { describeAllowed } from '../../../client/configurator/allowedText.js';
import { translate } from '../../../client/i18n/translate.js';
import { createHarness } from '../../harness/configuratorHarness.js';

const tEn = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('en', k, v);
const tNl = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('nl', k, v);
const load = (id: string) => {
  const r = parseProduct(JSON.parse(readFileSync(new URL(`../../../catalog/data/products/${id}.json`, import.meta.url), 'utf8')));
  if (!r.ok) throw new Error(id);
  return r.product;
};

describe('text fields (#15)', () => {
  it("describes the allowed characters in words, in the shopper's language", () => {
    expect(describeAllowed("A-Za-z0-9 .,&'-", tEn)).toBe("letters, digits, spaces and . , & ' -");
    expect(describeAllowed("A-Za-z0-9 .,&'-", tNl)).toBe("letters, cijfers, spaties en . , & ' -");
    expect(describeAllowed('A-Z', tEn)).toBe('capital letters');
    expect(describeAllowed('a-z0-9', tNl)).toBe('kleine letters en cijfers');
  });

  it('takes Latin letters with diacritics where letters are allowed: "Chloë" on the watch', () => {
    const watch = load('wristwatch');
    const engraving = watch.attributes.find((a) => a.id === 'engraving') as TextAttribute;
    expect(textProblem(engraving, 'Chloë & Zoë')).toBeNull();
    expect(textProblem(engraving, 'Ørsted-Müller')).toBeNull();
    expect(textProblem(engraving, 'Chloë ♥')).not.toBeNull();
    const h = createHarness(watch);
    expect(h.type('engraving', 'Chloë')).toBe(true);
    expect(h.configuration.engraving).toBe('Chloë');
    // A decomposed ë (e + combining diaeresis) is kept as the one character.
    expect(h.type('engraving', 'Chloe\u0308')).toBe(true);
    expect(h.configuration.engraving).toBe('Chloë');
    h.stop();
  });

  it('capitalises the sneaker monogram instead of refusing lower case', () => {
    const h = createHarness(load('sneaker'));
    expect(h.type('monogram', 'ab')).toBe(true);
    expect(h.configuration.monogram).toBe('AB');
    expect(h.type('monogram', 'ë')).toBe(true);
    expect(h.configuration.monogram).toBe('Ë');
    h.stop();
  });
});
