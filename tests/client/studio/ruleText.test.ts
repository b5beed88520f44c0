import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../catalog/index.js';
import type { DraftDoc } from '../../../client/studio/docTypes.js';
import { ruleText } from '../../../client/studio/ruleText.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

const doc = miniProduct() as unknown as DraftDoc;
const colour = doc.attributes.find((a) => a.id === 'colour')!;
const finish = doc.attributes.find((a) => a.id === 'finish')!;
const [c1, c2] = colour.kind === 'text' ? [] : colour.options;
const [f1] = finish.kind === 'text' ? [] : finish.options;
const label = (x: unknown, l: 'en' | 'nl') => (typeof x === 'string' ? x : (x as Record<string, string>)[l]!);

describe('rules in words, in the producer’s language', () => {
  const requires = {
    id: 'r',
    kind: 'requires',
    message: { en: 'it looks best', nl: 'het staat het mooist' },
    if: { attr: 'finish', is: f1!.id },
    then: { attr: 'colour', in: [c1!.id, c2!.id] },
  } as Rule;

  it('English: "If … then … must be one of … — because: …"', () => {
    expect(ruleText(requires, doc, 'en')).toBe(
      `If ${label(finish.label, 'en')} is ${label(f1!.label, 'en')} then ${label(colour.label, 'en')} must be one of ` +
        `${label(c1!.label, 'en')}, ${label(c2!.label, 'en')} — because: it looks best`,
    );
  });

  it('Dutch: the verb at the end, Dutch connectives and labels', () => {
    expect(ruleText(requires, doc, 'nl')).toBe(
      `Als ${label(finish.label, 'nl')} is ${label(f1!.label, 'nl')} dan moet ${label(colour.label, 'nl')} een van ` +
        `${label(c1!.label, 'nl')}, ${label(c2!.label, 'nl')} zijn — omdat: het staat het mooist`,
    );
    const excludes = { ...requires, kind: 'excludes', then: { attr: 'colour', is: c1!.id } } as Rule;
    expect(ruleText(excludes, doc, 'nl')).toContain(' gaat nooit samen met ');
    expect(ruleText(excludes, doc, 'en')).toContain(' never goes with ');
  });
});
