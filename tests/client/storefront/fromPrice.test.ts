import { describe, expect, it } from 'vitest';
import { evaluate, parseProduct, validate } from '../../../catalog/index.js';
import { fromPrice } from '../../../client/storefront/fromPrice.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

describe('fromPrice', () => {
  it('is the price of a valid configuration, no dearer than the standard product', () => {
    const input = miniProduct();
    // Make the standard product dear: black (+2.00) and large (+3.00) by default.
    input.defaults = { ...input.defaults, colour: 'black', size: 'large' };
    const p = parseProduct(input);
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    const standard = evaluate(p.product, {});
    if (!standard.ok) throw new Error('evaluate');
    const from = fromPrice(p.product);
    // white gloss round small: base only (black+large has a -1.50 offer, still dearer).
    expect(from).toBe(1500);
    expect(from).toBeLessThan(standard.price.total);
    const cheapest = evaluate(p.product, { colour: 'white', size: 'small', finish: 'gloss' });
    expect(cheapest.ok && validate(p.product, cheapest.configuration).ok).toBe(true);
  });

  it('leaves out an optional part when that is cheaper', () => {
    const input = miniProduct();
    // A dear handle by default; "none" is allowed with a large mug (small mugs need a handle).
    const handle = input.attributes.find((a) => a.id === 'handle') as any;
    handle.options[0].price = 400;
    handle.options[1].price = 400;
    input.defaults = { ...input.defaults, size: 'large' };
    const p = parseProduct(input);
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    // base 15.00 + large 3.00, no handle: 18.00 (small would force a 4.00 handle: 19.00).
    expect(fromPrice(p.product)).toBe(1800);
  });
});
