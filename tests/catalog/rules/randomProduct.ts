import fc from 'fast-check';
import type { Condition, Product, ProductInput, Rule } from '../../../catalog/index.js';
import { parseProduct } from '../../../catalog/index.js';

/** A random small product (2–5 attributes, 1–3 options, some optional, maybe a text) with rules of every kind. */
export const randomProduct: fc.Arbitrary<Product> = fc
  .record({
    shapes: fc.array(fc.record({ n: fc.integer({ min: 1, max: 3 }), optional: fc.boolean() }), { minLength: 2, maxLength: 5 }),
    text: fc.option(fc.boolean(), { nil: undefined }),
    seeds: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 0, maxLength: 6 }),
    defaults: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ shapes, text, seeds, defaults }) => {
    const attributes: ProductInput['attributes'] = shapes.map((s, i) => ({
      id: `a${i}`,
      kind: 'choice' as const,
      label: `A${i}`,
      optional: s.optional,
      options: Array.from({ length: s.n }, (_, j) => ({ id: `o${j}`, label: `O${j}` })),
    }));
    if (text !== undefined)
      attributes.push({
        id: 't',
        kind: 'text',
        label: 'T',
        optional: text,
        maxLength: 4,
        allowed: 'A-Z',
        font: { family: 'sans' },
        placement: { mesh: 'm' },
      });
    const values = (i: number): (string | null)[] => {
      const a = attributes[i]!;
      if (a.kind === 'text') return [null];
      const v: (string | null)[] = a.options.map((o) => o.id);
      if (a.optional) v.push(null);
      return v;
    };
    const def = (i: number) => {
      const a = attributes[i]!;
      if (a.kind === 'text') return a.optional ? null : 'AB';
      const v = values(i);
      return v[defaults[i]! % v.length]!;
    };
    const ids = attributes.map((a) => a.id);
    const rules = seeds.map((seed, k) => randomRule(seed, k, ids, values));
    const input: ProductInput = {
      id: 'random',
      name: 'Random',
      description: 'random',
      currency: 'EUR',
      basePrice: 100,
      skuPrefix: 'R',
      model: { file: 'm.glb' },
      steps: [{ id: 's', label: 'S', attributes: attributes.map((a) => a.id) }],
      attributes,
      defaults: Object.fromEntries(attributes.map((a, i) => [a.id, def(i)])),
      rules,
    };
    const parsed = parseProduct(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.product;
  });

/** A deterministic rule from a seed (a tiny LCG), over the attributes' values (null only for text attributes). */
function randomRule(seed: number, k: number, ids: string[], values: (i: number) => (string | null)[]): Rule {
  let s = seed + 1;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  const n = ids.length;
  const leaf = (): Condition => {
    const i = rnd(n);
    const vs = values(i);
    const pick = () => vs[rnd(vs.length)]!;
    const form = rnd(3);
    if (form === 0) return { attr: ids[i]!, is: pick() };
    if (form === 1) return { attr: ids[i]!, in: [pick(), pick()] };
    return { attr: ids[i]!, notIn: [pick()] };
  };
  const cond = (depth: number): Condition => {
    const form = depth > 1 ? 0 : rnd(5);
    if (form === 2) return { all: [cond(depth + 1), cond(depth + 1)] };
    if (form === 3) return { any: [cond(depth + 1), cond(depth + 1)] };
    if (form === 4) return { not: cond(depth + 1) };
    return leaf();
  };
  const base = { id: `r${k}`, message: `rule ${k}` };
  switch (rnd(5)) {
    case 0:
      return { ...base, kind: 'requires', if: cond(0), then: cond(0) };
    case 1:
      return { ...base, kind: 'excludes', if: cond(0), then: cond(0) };
    case 2: {
      const i = rnd(n);
      const vs = values(i);
      return { ...base, kind: 'restrict', if: rnd(2) ? cond(0) : undefined, attr: ids[i]!, to: [vs[rnd(vs.length)]!] };
    }
    case 3: {
      const scope = [...new Set([rnd(n), rnd(n), rnd(n)])].filter((i) => values(i)[0] !== null || values(i).length > 1);
      if (!scope.length) return { ...base, kind: 'price', if: cond(0), amount: 50, label: 'extra' };
      const rows = Array.from({ length: 1 + rnd(5) }, () =>
        scope.map((i) => (rnd(4) === 0 ? '*' : values(i)[rnd(values(i).length)]!)),
      );
      return { ...base, kind: 'table', attrs: scope.map((i) => ids[i]!), rows };
    }
    default:
      return { ...base, kind: 'price', if: cond(0), amount: 50, label: 'extra' };
  }
}
