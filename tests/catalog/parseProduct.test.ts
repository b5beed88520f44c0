import { describe, expect, it } from 'vitest';
import { parseJsonSafe, parseProduct, priceConfiguration, variantCode, formatMoney, type Product } from '../../catalog/index.js';
import { miniProduct } from '../fixtures/miniProduct.js';

function issuesOf(mutate: (p: ReturnType<typeof miniProduct>) => void) {
  const p = miniProduct();
  mutate(p);
  const r = parseProduct(JSON.parse(JSON.stringify(p)));
  return r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('parseProduct', () => {
  it('accepts a valid product and fills in defaults', () => {
    const r = parseProduct(miniProduct());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.product.attributes[0]!.optional).toBe(false);
  });

  it.each([
    ['unknown field', (p: any) => (p.colour = 'red'), /unknown field\(s\): colour/],
    ['decimal money', (p: any) => (p.basePrice = 15.5), /integer number of minor units/],
    [
      'duplicate option id',
      (p: any) => p.attributes[0].options.push({ id: 'white', label: 'W', hex: '#fefefe' }),
      /duplicate option id "white"/,
    ],
    ['rule names unknown attribute', (p: any) => (p.rules[0].if.attr = 'nope'), /unknown attribute "nope"/],
    ['rule names unknown option', (p: any) => (p.rules[0].then.is = 'satin'), /has no option "satin"/],
    ['incomplete defaults', (p: any) => delete p.defaults.size, /gives no value for "size"/],
    ['attribute in no step', (p: any) => p.steps[1].attributes.pop(), /"name-text" is in no step/],
    ['reserved id', (p: any) => (p.attributes[3].id = 'constructor'), /reserved/],
    ['asset path escaping', (p: any) => (p.model.file = '../secret.glb'), /relative path/],
    ['oversized label', (p: any) => (p.name = 'x'.repeat(5000)), /Too big|at most|too_big|<=/i],
    ['null for a required attribute', (p: any) => (p.defaults.size = null), /not optional/],
  ])('rejects %s', (_name, mutate, message) => {
    const issues = issuesOf(mutate);
    expect(issues.join('\n')).toMatch(message);
  });

  it('refuses prototype-pollution keys in JSON text', () => {
    const r = parseJsonSafe('{"id":"x","__proto__":{"polluted":true}}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/"__proto__" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('price and variant code', () => {
  const r = parseProduct(miniProduct());
  const product = (r.ok ? r.product : null) as Product;

  it('sums base, options, text and price rules in minor units', () => {
    const price = priceConfiguration(product, {
      colour: 'black',
      finish: 'matte',
      handle: 'round',
      size: 'large',
      'name-text': 'Ann',
    });
    expect(price.total).toBe(1500 + 200 + 100 + 300 + 500 - 150);
    expect(price.lines.map((l) => l.kind)).toEqual(['base', 'option', 'option', 'option', 'text', 'rule']);
  });

  it('gives a deterministic variant code', () => {
    expect(variantCode(product, { colour: 'gold', finish: 'gloss', handle: null, size: 'large', 'name-text': 'Ann' })).toBe(
      'MUG-GLD.1.0.2-P',
    );
  });

  it('formats money per locale', () => {
    expect(formatMoney(12950, 'EUR', 'en')).toBe('€129.50');
    expect(formatMoney(12950, 'EUR', 'nl').replace(/\s/g, ' ')).toBe('€ 129,50');
  });
});
