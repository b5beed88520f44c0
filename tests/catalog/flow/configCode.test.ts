import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeConfigCode, encodeConfigCode } from '../../../catalog/flow/configCode.js';
import { parseProduct, type Product, type ProductInput, type Value } from '../../../catalog/index.js';
import { evaluate } from '../../../catalog/configuration/evaluate.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { validConfigurations, valuesOf } from './oracle.js';
import { randomProduct } from './randomProduct.js';

function parsed(input: ProductInput): Product {
  const r = parseProduct(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.product;
}

const mug = parsed(miniProduct());

/** The mug as a later catalog version: one option, one attribute and one rule changed. */
function mugLater(change: (p: ProductInput) => void): Product {
  const p = miniProduct();
  change(p);
  return parsed(p);
}

const URL_SAFE = /^[A-Za-z0-9._~-]+$/;

describe('configuration codes', () => {
  it('round-trips choices, including none and personal text, in URL-safe characters', () => {
    const p = mugLater((x) => {
      const text = x.attributes.find((a) => a.id === 'name-text')!;
      if (text.kind === 'text') Object.assign(text, { allowed: "\\p{L} &.'~-", maxLength: 40 });
    });
    const choices = { size: 'large', handle: null, colour: 'black', 'name-text': "Zoë & Ann-Marie's" };
    const code = encodeConfigCode({ productId: 'mini-mug', version: 12, choices });
    expect(code).toMatch(URL_SAFE);
    expect(encodeURIComponent(code)).toBe(code);
    expect(decodeConfigCode(code, p, 12)).toEqual({
      ok: true,
      productId: 'mini-mug',
      version: 12,
      stale: false,
      choices,
      dropped: [],
    });
    expect(decodeConfigCode(code, p, 13)).toMatchObject({ ok: true, version: 12, stale: true, choices });
  });

  it('is compact: a few explicit choices make a short code', () => {
    const code = encodeConfigCode({ productId: 'mini-mug', version: 3, choices: { colour: 'black', size: 'large' } });
    expect(code.length).toBeLessThanOrEqual(48);
  });

  it('detects tampering, truncation and garbage without throwing', () => {
    const code = encodeConfigCode({ productId: 'mini-mug', version: 1, choices: { colour: 'black' } });
    expect(decodeConfigCode(code.replace('black', 'white'), mug, 1)).toMatchObject({ ok: false, error: 'checksum' });
    expect(decodeConfigCode(code.slice(0, -1), mug, 1)).toMatchObject({ ok: false, error: 'checksum' });
    for (const garbage of ['', '.', 'hello', '1.mini-mug', '{"a":1}', '1..0.0000000', '\u0000'.repeat(10), 'x'.repeat(70_000)])
      expect(decodeConfigCode(garbage, mug, 1)).toMatchObject({ ok: false });
    expect(decodeConfigCode(null as unknown as string, mug, 1)).toMatchObject({ ok: false, error: 'malformed' });
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(decodeConfigCode(s, mug, 1).ok).toBe(false);
      }),
    );
    // Any single changed character is caught.
    fc.assert(
      fc.property(fc.nat(code.length - 1), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-._~'), (i, ch) => {
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        const r = decodeConfigCode(changed, mug, 1);
        if (changed === code) expect(r.ok).toBe(true);
        else expect(r.ok).toBe(false);
      }),
    );
  });

  it('refuses a code for another product and a format it does not know', () => {
    const other = encodeConfigCode({ productId: 'lamp', version: 1, choices: {} });
    expect(decodeConfigCode(other, mug, 1)).toMatchObject({ ok: false, error: 'other-product' });
    const payload = '2.mini-mug.1.colour~black';
    expect(decodeConfigCode(`${payload}.0000000`, mug, 1)).toMatchObject({ ok: false, error: 'unsupported-format' });
  });

  it('decodes a code from an older catalog: keeps what still fits, says what was dropped and why', () => {
    const choices = { finish: 'matte', colour: 'black', handle: 'square', size: 'small', 'name-text': 'Anna' };
    expect(evaluate(mug, choices).ok).toBe(true); // valid when the code was made
    const code = encodeConfigCode({ productId: 'mini-mug', version: 1, choices });
    const later = mugLater((p) => {
      p.attributes = p.attributes.filter((a) => a.id !== 'handle');
      p.steps[0]!.attributes = ['colour', 'finish'];
      delete (p.defaults as Record<string, Value>).handle;
      p.rules = p.rules!.filter((r) => r.id !== 'no-handle-small');
      const text = p.attributes.find((a) => a.id === 'name-text')!;
      if (text.kind === 'text') text.allowed = 'A-Z ';
      p.rules.push({
        id: 'small-is-gloss',
        kind: 'requires',
        message: 'Small mugs come in gloss only',
        if: { attr: 'size', is: 'small' },
        then: { attr: 'finish', is: 'gloss' },
      });
    });
    const r = decodeConfigCode(code, later, 2);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.stale).toBe(true);
    expect(r.choices).toEqual({ finish: 'matte', colour: 'black' });
    expect(r.dropped.map((d) => [d.attr, d.value, d.reason])).toEqual([
      ['handle', 'square', 'unknown-attribute'],
      ['name-text', 'Anna', 'text-not-allowed'],
      ['size', 'small', 'conflict'],
    ]);
    expect(r.dropped[2]!.rules?.map((x) => x.id)).toEqual(['small-is-gloss']);
    expect(r.dropped[2]!.message).toMatch(/Small mugs come in gloss only/);
    expect(evaluate(later, r.choices).ok).toBe(true);
  });

  it('reports removed options, options ruled out and none no longer allowed', () => {
    const later = mugLater((p) => {
      const colour = p.attributes.find((a) => a.id === 'colour')!;
      if (colour.kind === 'colour') colour.options = colour.options.filter((o) => o.id !== 'gold');
      p.rules = p.rules!.filter((r) => r.id !== 'gold-is-gloss' && r.id !== 'no-handle-small');
      p.rules.push({ id: 'no-large', kind: 'restrict', message: 'Large is sold out', attr: 'size', to: ['small'] });
      const handle = p.attributes.find((a) => a.id === 'handle')!;
      handle.optional = false;
    });
    const gold = encodeConfigCode({
      productId: 'mini-mug',
      version: 1,
      choices: { colour: 'gold', size: 'large', handle: null },
    });
    const r = decodeConfigCode(gold, later, 2);
    expect(r.ok && r.dropped.map((d) => [d.attr, d.reason])).toEqual([
      ['colour', 'unknown-option'],
      ['handle', 'not-optional'],
      ['size', 'impossible'],
    ]);
    expect(r.ok && r.dropped[2]!.rules?.map((x) => x.id)).toEqual(['no-large']);
    expect(r.ok && r.choices).toEqual({});
  });

  it('keeps the earliest choices when later ones clash', () => {
    const code = encodeConfigCode({ productId: 'mini-mug', version: 1, choices: { finish: 'matte', colour: 'gold' } });
    const r = decodeConfigCode(code, mug, 1);
    expect(r.ok && r.choices).toEqual({ finish: 'matte' });
    expect(r.ok && r.dropped.map((d) => [d.attr, d.reason, d.rules?.map((x) => x.id)])).toEqual([
      ['colour', 'conflict', ['gold-is-gloss']],
    ]);
  });

  it('on random products: consistent choices round-trip; any choices decode to choices that hold together', () => {
    const products: { p: Product; valid: ReturnType<typeof validConfigurations> }[] = [];
    for (let seed = 1; products.length < 15; seed++) {
      const p = parsed(randomProduct(seed));
      const valid = validConfigurations(p);
      if (valid.length) products.push({ p, valid });
    }
    fc.assert(
      fc.property(
        fc.nat(products.length - 1),
        fc.nat(),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (pi, ci, keep) => {
          const { p, valid } = products[pi]!;
          const config = valid[ci % valid.length]!;
          const choices = Object.fromEntries(p.attributes.filter((_, i) => keep[i]).map((a) => [a.id, config[a.id] ?? null]));
          const code = encodeConfigCode({ productId: p.id, version: 4, choices });
          expect(decodeConfigCode(code, p, 4)).toEqual({
            ok: true,
            productId: p.id,
            version: 4,
            stale: false,
            choices,
            dropped: [],
          });
        },
      ),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.nat(products.length - 1), fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), (pi, picks) => {
        const { p } = products[pi]!;
        const choices = Object.fromEntries(
          p.attributes.map((a, i) => {
            const values = valuesOf(p, a.id);
            return [a.id, values[picks[i]! % values.length]!];
          }),
        );
        const r = decodeConfigCode(encodeConfigCode({ productId: p.id, version: 1, choices }), p, 1);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(evaluate(p, r.choices).ok).toBe(true);
        expect([...Object.keys(r.choices), ...r.dropped.map((d) => d.attr)].sort()).toEqual(Object.keys(choices).sort());
        // Nothing was dropped that could have been kept alongside what was kept.
        for (const d of r.dropped) expect(evaluate(p, { ...r.choices, [d.attr]: d.value }).ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
