import { describe, expect, it } from 'vitest';
import { changedFields, changeText, shortValue } from '../../../client/studio/ChangeLine.js';

describe('version diffs: before → after of a changed item', () => {
  it('lists each changed field of an option, texts in the studio’s language', () => {
    const before = { id: 'forest', label: { en: 'Forest', nl: 'Bos' }, hex: '#2f4f3a' };
    const after = { id: 'forest', label: { en: 'Forest green', nl: 'Bosgroen' }, hex: '#2e6b45' };
    expect(changedFields(before, after, 'nl')).toEqual([
      { field: 'label', from: 'Bos', to: 'Bosgroen' },
      { field: 'hex', from: '#2f4f3a', to: '#2e6b45' },
    ]);
  });
  it('goes one level into nested objects, so the line names the field', () => {
    const before = { id: 'suede', material: { baseColor: '#aa8866', roughness: 0.8 } };
    const after = { id: 'suede', material: { baseColor: '#aa8866', roughness: 0.6 } };
    expect(changedFields(before, after, 'en')).toEqual([{ field: 'material.roughness', from: '0.8', to: '0.6' }]);
  });
  it('short values: lists joined, missing as a dash', () => {
    expect(shortValue(['a', 'b'], 'en')).toBe('a, b');
    expect(shortValue(undefined, 'en')).toBe('—');
  });
});

describe('version diff lines in the studio’s language', () => {
  it('Dutch for the server’s lines, English unchanged', () => {
    expect(changeText('option "upper-colour/mint" (Mint) added', 'nl')).toBe('optie "upper-colour/mint" (Mint) toegevoegd');
    expect(changeText('option "upper-colour/forest" changed', 'nl')).toBe('optie "upper-colour/forest" gewijzigd');
    expect(changeText('requires rule "mint-laces" removed', 'nl')).toBe('regel "mint-laces" verwijderd');
    expect(changeText('price rule "promo" amount 1.50 EUR → 2.00 EUR', 'nl')).toBe(
      'bedrag van prijsregel "promo": 1.50 EUR → 2.00 EUR',
    );
    expect(changeText('name changed', 'nl')).toBe('naam gewijzigd');
    expect(changeText('name changed', 'en')).toBe('name changed');
  });
});
