import { describe, expect, it } from 'vitest';
import { MESSAGES, en, nl } from '../../../client/i18n/messages.js';
import { localize, translate } from '../../../client/i18n/translate.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI messages', () => {
  it('gives every English message a Dutch one with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(nl[key], key).toBeTruthy();
      expect(placeholders(nl[key]), key).toEqual(placeholders(en[key]));
    }
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
  });

  it('translates apart from app.name: Dutch differs from English for most keys', () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => en[k] === nl[k] && !en[k].match(/^\{\w+\}$/));
    // Words Dutch borrows unchanged.
    expect(same).toEqual(['app.name', 'review.email', 'order.status', 'cfg.allowedLetters']);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'store.from', { price: '€ 10' })).toBe('from € 10');
    expect(translate('nl', 'store.from', { price: '€ 10' })).toBe('vanaf € 10');
    expect(translate('en', 'cfg.alsoChanges', { option: 'Suede' })).toBe('Suede — also changes {changes}');
    expect(MESSAGES.nl['cfg.undo']).toBe('Ongedaan maken');
  });
});

describe('localize', () => {
  it('picks the locale, falls back to English, and passes plain strings through', () => {
    expect(localize({ en: 'Colour', nl: 'Kleur' }, 'nl')).toBe('Kleur');
    expect(localize({ en: 'Colour', nl: 'Kleur' }, 'nl-BE')).toBe('Kleur');
    expect(localize({ en: 'Colour', nl: 'Kleur' }, 'de')).toBe('Colour');
    expect(localize('Gold', 'nl')).toBe('Gold');
    expect(localize(undefined, 'en')).toBe('');
  });
});
