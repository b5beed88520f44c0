import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  MAX_JSON_DEPTH,
  parseJsonSafe,
  parseProduct,
  priceConfiguration,
  variantCode,
  formatMoney,
  type Product,
} from '../../catalog/index.js';
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

  it('refuses JSON nested deeper than MAX_JSON_DEPTH, saying where', () => {
    const deep = parseJsonSafe(`{"id":"x","rules":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`);
    expect(deep).toMatchObject({ ok: false, message: `the value is nested more than ${MAX_JSON_DEPTH} levels deep` });
    if (!deep.ok) expect(deep.path?.slice(0, 3)).toEqual(['rules', 0, 0]);
    const atLimit = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(parseJsonSafe(atLimit).ok).toBe(true);
    expect(parseJsonSafe(`[${atLimit}]`).ok).toBe(false);
    expect(parseProduct(JSON.parse(`{"id":${'['.repeat(70)}${']'.repeat(70)}}`))).toMatchObject({ ok: false });
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

describe('the bundled product files', () => {
  const dir = new URL('../../catalog/data/products/', import.meta.url);
  const read = (id: string) => JSON.parse(readFileSync(new URL(`${id}.json`, dir), 'utf8'));

  it.each(['lounge-chair', 'wristwatch', 'sneaker'])('accepts %s', (id) => {
    const r = parseProduct(read(id));
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  const broken: [string, string, (p: any) => void, RegExp][] = [
    ['unknown top-level field', 'lounge-chair', (p) => (p.colour = 'red'), /^: unknown field\(s\): colour$/m],
    [
      'unknown option field',
      'sneaker',
      (p) => (p.attributes[1].options[0].rgb = '#fff'),
      /^attributes\.1\.options\.0: unknown field\(s\): rgb$/m,
    ],
    ['price as a string', 'wristwatch', (p) => (p.basePrice = '349.00'), /^basePrice: .*expected number/im],
    ['decimal option price', 'wristwatch', (p) => (p.attributes[0].options[1].price = 99.5), /integer number of minor units/],
    ['unknown attribute kind', 'sneaker', (p) => (p.attributes[0].kind = 'texture'), /^attributes\.0\.kind: /m],
    ['bad colour hex', 'lounge-chair', (p) => (p.attributes[1].options[0].hex = 'beige'), /a colour is "#rrggbb"/],
    ['duplicate attribute id', 'sneaker', (p) => (p.attributes[2].id = 'upper-colour'), /duplicate attribute id "upper-colour"/],
    [
      'duplicate option id',
      'wristwatch',
      (p) => (p.attributes[2].options[1].id = 'midnight-blue'),
      /duplicate option id "midnight-blue"/,
    ],
    ['duplicate rule id', 'lounge-chair', (p) => (p.rules[1].id = p.rules[0].id), /duplicate rule id "leather-colours"/],
    [
      'step names unknown attribute',
      'wristwatch',
      (p) => p.steps[0].attributes.push('crown'),
      /^steps\.0\.attributes\.2: unknown attribute "crown"/m,
    ],
    [
      'rule names unknown attribute',
      'sneaker',
      (p) => (p.rules[0].if.attr = 'heel'),
      /^rules\.0\.if\.attr: unknown attribute "heel"/m,
    ],
    [
      'rule names unknown option',
      'lounge-chair',
      (p) => (p.rules[0].to[0] = 'mint'),
      /^rules\.0\.to\.0: attribute "colour" has no option "mint"/m,
    ],
    [
      'table cell names unknown option',
      'lounge-chair',
      (p) => (p.rules[2].rows[1][1] = 'gold'),
      /rules\.2\.rows\.1\.1: attribute "base-finish" has no option "gold"/,
    ],
    [
      'table row of the wrong length',
      'lounge-chair',
      (p) => p.rules[2].rows[0].push('*'),
      /a row has 3 cells, the table has 2 attributes/,
    ],
    [
      'default names unknown option',
      'sneaker',
      (p) => (p.defaults['toe-cap'] = 'toe-cap-steel'),
      /^defaults\.toe-cap: "toe-cap" has no option "toe-cap-steel"/m,
    ],
    [
      'default text not allowed',
      'wristwatch',
      (p) => (p.defaults.engraving = 'hi <3'),
      /text for "engraving": only these characters/,
    ],
    ['default missing', 'wristwatch', (p) => delete p.defaults['dial-colour'], /gives no value for "dial-colour"/],
    ['"constructor" as an id', 'sneaker', (p) => (p.attributes[5].id = 'constructor'), /this id is reserved/],
    [
      '"__proto__" key',
      'sneaker',
      (p) => Object.defineProperty(p.defaults, '__proto__', { value: 'x', enumerable: true }),
      /the key "__proto__" is not allowed/,
    ],
    ['oversized label', 'wristwatch', (p) => (p.attributes[0].label.en = 'x'.repeat(4001)), /attributes\.0\.label/],
    ['oversized id', 'wristwatch', (p) => (p.id = 'a'.repeat(65)), /an id is at most 64 characters/],
    [
      'absolute model path',
      'lounge-chair',
      (p) => (p.model.file = '/etc/chair.glb'),
      /^model\.file: an asset is a relative path/m,
    ],
    ['model is not a .glb', 'lounge-chair', (p) => (p.model.file = 'chair.obj'), /the model is a \.glb file/],
    [
      'texture path escaping',
      'sneaker',
      (p) => (p.attributes[0].options[0].material.normalMap = '../../secret.png'),
      /relative path beside the product file/,
    ],
    ['label without Dutch', 'sneaker', (p) => (p.name = { en: 'Sneaker' }), /names at least "en" and "nl"/],
  ];

  it.each(broken)('rejects %s', (_name, id, mutate, expected) => {
    const p = read(id);
    mutate(p);
    const r = parseProduct(p);
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(text).toMatch(expected);
  });
});

describe('size attributes and checkout (#15)', () => {
  const sized = (chart: unknown) => (p: ReturnType<typeof miniProduct>) => {
    const size = p.attributes.find((a) => a.id === 'size') as { kind: string; sizeChart?: unknown };
    size.kind = 'size';
    size.sizeChart = chart;
  };
  it('accepts a size attribute with a chart whose rows are its options', () => {
    const columns = [{ en: 'EU', nl: 'EU' }, 'cm'];
    expect(issuesOf(sized({ columns, rows: { small: ['36', '22.5 cm'], large: ['44', '28 cm'] } }))).toEqual([]);
  });
  it('refuses chart rows of unknown options and rows with the wrong number of cells', () => {
    const columns = ['EU', 'cm'];
    expect(issuesOf(sized({ columns, rows: { huge: ['50', '33 cm'], small: ['36'] } }))).toEqual([
      'attributes.3.sizeChart.rows.huge: the size chart has a row for "huge", which is not an option of "size"',
      'attributes.3.sizeChart.rows.small: the size chart row "small" has 1 cells for 2 columns',
    ]);
  });
  it('requires the delivery address unless the product says otherwise', () => {
    const { checkout: _, ...rest } = miniProduct();
    const r = parseProduct(rest);
    expect(r.ok && r.product.checkout).toEqual({ address: 'required' });
    expect(issuesOf((p) => Object.assign(p, { checkout: { address: 'sometimes' } }))[0]).toMatch(/^checkout\.address: /);
  });
});
