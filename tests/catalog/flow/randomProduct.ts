import type { Condition, ProductInput } from '../../../catalog/index.js';

/** A small seeded PRNG (mulberry32), so a failing product can be rebuilt from its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random small product: 2-4 choice attributes of 1-3 options (some optional), sometimes an
 * optional text, and up to 5 rules of every kind, with random defaults that may break rules.
 * It may be unsatisfiable; callers filter with the oracle.
 */
export function randomProduct(seed: number): ProductInput {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const attrs = Array.from({ length: 2 + int(3) }, (_, i) => ({
    id: `a${i}`,
    optional: r() < 0.3,
    options: Array.from({ length: 1 + int(3) }, (_, j) => `o${j}`),
  }));
  const withText = r() < 0.4;
  const valuesOf = (a: (typeof attrs)[number]) => [...(a.optional ? [null] : []), ...a.options];
  const atom = (): Condition => {
    if (withText && r() < 0.15) return r() < 0.5 ? { attr: 't', is: null } : { attr: 't', notIn: [null] };
    const a = pick(attrs);
    return r() < 0.7 ? { attr: a.id, is: pick(valuesOf(a)) } : { attr: a.id, notIn: [pick(valuesOf(a))] };
  };
  const rules: NonNullable<ProductInput['rules']> = [];
  const n = int(6);
  for (let i = 0; i < n; i++) {
    const kind = pick(['requires', 'excludes', 'restrict', 'table', 'price'] as const);
    const id = `r${i}`;
    const message = `rule ${i}`;
    if (kind === 'requires' || kind === 'excludes') rules.push({ id, message, kind, if: atom(), then: atom() });
    else if (kind === 'price') rules.push({ id, message, kind, if: atom(), amount: int(500) - 200, label: `price ${i}` });
    else if (kind === 'restrict') {
      const a = pick(attrs);
      const to = valuesOf(a).filter(() => r() < 0.6);
      rules.push({
        id,
        message,
        kind,
        attr: a.id,
        to: to.length ? to : [pick(valuesOf(a))],
        ...(r() < 0.5 ? { if: atom() } : {}),
      });
    } else {
      const [x, y] = [pick(attrs), pick(attrs)];
      if (x.id === y.id) continue;
      const rows: (string | null)[][] = [];
      for (const vx of valuesOf(x)) for (const vy of valuesOf(y)) if (r() < 0.6) rows.push([vx, r() < 0.1 ? '*' : vy]);
      if (rows.length) rules.push({ id, message, kind, attrs: [x.id, y.id], rows });
    }
  }
  const attributes: ProductInput['attributes'] = attrs.map((a) => ({
    id: a.id,
    kind: 'choice' as const,
    label: a.id.toUpperCase(),
    optional: a.optional,
    options: a.options.map((o, j) => ({ id: o, label: o, price: j * 100 })),
  }));
  if (withText)
    attributes.push({
      id: 't',
      kind: 'text',
      label: 'Text',
      optional: true,
      maxLength: 3,
      allowed: 'a-z',
      font: { family: 'sans' },
      placement: { mesh: 'label' },
      price: 250,
    });
  const defaults = Object.fromEntries(attrs.map((a) => [a.id, pick(valuesOf(a))]));
  if (withText) defaults.t = null;
  return {
    id: `random-${seed}`,
    name: `Random ${seed}`,
    description: 'generated',
    currency: 'EUR',
    basePrice: 1000,
    skuPrefix: 'RND',
    model: { file: 'random.glb' },
    steps: [{ id: 'all', label: 'All', attributes: attributes.map((a) => a.id) }],
    attributes,
    defaults,
    rules,
  };
}
