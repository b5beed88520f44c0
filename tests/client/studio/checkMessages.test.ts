import { describe, expect, it } from 'vitest';
import { lint, parseProduct, type Rule } from '../../../catalog/index.js';
import { modelProblems } from '../../../catalog/model/modelProblems.js';
import { producerMessages, type RawFinding } from '../../../client/studio/checkMessages.js';
import type { DraftDoc } from '../../../client/studio/docTypes.js';
import { ruleText } from '../../../client/studio/ruleText.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

/** The checks of a document as the studio gets them: the schema's issues, else the engine's lint. */
function findings(doc: DraftDoc): RawFinding[] {
  const p = parseProduct(doc);
  if (!p.ok) return p.issues.map((i) => ({ ...i, severity: 'error' as const, code: 'schema' }));
  return lint(p.product);
}

describe('check messages in the producer’s words', () => {
  it('one message for one mistake: a rule naming an attribute the product lacks', () => {
    const doc = miniProduct() as DraftDoc & { rules: Rule[] };
    doc.rules.push({
      id: 'purple-rule',
      kind: 'requires',
      message: 'x',
      if: { attr: 'colour', is: 'white' },
      then: { attr: 'leather', in: ['a', 'b', 'c'] },
    } as Rule);
    const raw = findings(doc);
    // The schema reports it once per value and once for the attribute.
    expect(raw.length).toBeGreaterThanOrEqual(3);
    expect(raw.map((f) => f.path.join('.'))).toContain('rules.3.then.in.0');
    const en = producerMessages(raw, doc, 'en');
    expect(en).toHaveLength(1);
    expect(en[0]).toMatchObject({
      severity: 'error',
      text: 'Rule 4 names the attribute “leather”, which this product does not have.',
      fix: 'Choose one of the product’s attributes in the rule builder, or remove this part.',
      count: raw.length,
    });
    expect(en[0]!.text).not.toMatch(/rules\.\d|unknown attribute/);
    const nl = producerMessages(raw, doc, 'nl');
    expect(nl[0]!.text).toBe('Regel 4 noemt het kenmerk “leather”, dat dit product niet heeft.');
    expect(nl[0]!.fix).toMatch(/^Kies in de regelbouwer/);
  });

  it('names a missing option by the attribute’s label, in the studio’s language', () => {
    const doc = miniProduct() as DraftDoc & { rules: Rule[] };
    doc.rules.push({ id: 'p', kind: 'restrict', message: 'x', attr: 'colour', to: ['white', 'purple'] } as Rule);
    const nl = producerMessages(findings(doc), doc, 'nl');
    expect(nl.map((m) => m.text)).toEqual(['Regel 4 noemt de optie “purple” van “Kleur”, die niet bestaat.']);
    const en = producerMessages(findings(doc), doc, 'en');
    expect(en[0]!.text).toBe('Rule 4 names the option “purple” of “Colour”, which does not exist.');
  });

  it('a new rule with no values yet: no zod wording, says what to do', () => {
    const doc = miniProduct() as DraftDoc & { rules: Rule[] };
    doc.rules.push({ id: 'new', kind: 'restrict', message: 'x', attr: 'colour', to: [] } as unknown as Rule);
    const raw = findings(doc);
    expect(raw.some((f) => /Too small/.test(f.message))).toBe(true);
    const en = producerMessages(raw, doc, 'en');
    expect(en[0]).toMatchObject({ text: 'Rule 4 has no values yet.', fix: 'Tick at least 1.' });
    expect(en.map((m) => m.text).join(' ')).not.toMatch(/Too small|expected array/);
    expect(producerMessages(raw, doc, 'nl')[0]!.text).toBe('Regel 4 heeft nog geen waarden.');
  });

  it('the engine’s findings name options and rules by label and number', () => {
    const doc = miniProduct() as DraftDoc & { rules: Rule[] };
    // Gold needs gloss, and now gloss is forbidden: gold can never be chosen.
    doc.rules.push({ id: 'no-gloss', kind: 'restrict', message: 'x', attr: 'finish', to: ['matte'] } as Rule);
    const en = producerMessages(findings(doc), doc, 'en').map((m) => m.text);
    expect(en).toContain('The option “Gold” of “Colour” can never be chosen: the rules rule it out in every product.');
    expect(en).toContain('“Finish” can only ever be “Matte”: the rules leave shoppers no choice.');
    const nl = producerMessages(findings(doc), doc, 'nl').map((m) => m.text);
    expect(nl).toContain('De optie “Gold” van “Kleur” kan nooit gekozen worden: de regels sluiten het in elk product uit.');
  });

  it('a model lacking parts: the option and the part named, the mapping step as the fix', () => {
    const doc = miniProduct() as DraftDoc & { rules: Rule[] };
    const p = parseProduct(doc);
    if (!p.ok) throw new Error('fixture');
    const parts = { materials: ['body'], meshes: ['mug-body', 'label-area'], nodes: ['mug-body'], meshNodes: ['mug-body'] };
    const raw = modelProblems(p.product, parts).map((i) => ({ ...i, severity: 'error' as const, code: 'model' }));
    const en = producerMessages(raw, doc, 'en');
    expect(en[0]).toMatchObject({
      text: 'The option “Round” of “Handle” uses the part “handle-round”, which the model does not have.',
      fix: 'Map “handle-round” to a part of the new model under 3D model.',
    });
    expect(producerMessages(raw, doc, 'nl')[0]!.text).toBe(
      'De optie “Round” van “Handle” gebruikt het onderdeel “handle-round”, maar dat ontbreekt in het model.',
    );
  });
});

describe('rule sentences read naturally', () => {
  const doc = miniProduct() as DraftDoc & { rules: Rule[] };
  it('"then … must be chosen", not "… is not none must hold"', () => {
    const r = {
      id: 'r',
      kind: 'requires',
      message: 'x',
      if: { attr: 'size', is: 'large' },
      then: { attr: 'handle', notIn: [null] },
    } as Rule;
    expect(ruleText(r, doc, 'en')).toBe('If Size is Large then Handle must be chosen — because: x');
    expect(ruleText(r, doc, 'nl')).toBe('Als Size is Large dan moet Handle gekozen zijn — omdat: x');
    expect(ruleText(r, doc, 'en')).not.toMatch(/must hold/);
  });
  it('price rules show money', () => {
    const price = doc.rules.find((r) => r.kind === 'price')! as Rule;
    expect(ruleText({ ...price, amount: 12000 } as Rule, doc, 'en')).toContain('add €120.00');
    expect(ruleText(price, doc, 'nl')).toMatch(/€\s?1,50 eraf/);
  });
});
