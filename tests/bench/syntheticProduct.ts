import type { Condition, ProductInput, Rule } from '../../catalog/index.js';
import { rng } from './engineStats.js';

/**
 * A seeded synthetic product for scaling benchmarks: N attributes with M options each (or a
 * random count in [min, max]), about 10 % of them optional, and R rules of every kind —
 * requires, excludes, restrict (with and without `if`), allowed-combination tables of arity
 * 2 to 8 (with "*" cells) and price rules.
 *
 * Real products keep their rules local: a wheel rule talks about wheels and tyres, not the
 * upholstery. So attributes come in consecutive groups (`groupSize`, default 8) and a rule's
 * scope is drawn from one group; a share `longRange` of the rules (default 0) also takes one
 * attribute from a random other group, to measure what non-local rules do to the MDD.
 *
 * Every constraint rule holds on a hidden witness configuration, which is also the product's
 * defaults, so the product is satisfiable and its defaults break no rule. Same options →
 * same product.
 */
export interface SyntheticOptions {
  attributes: number;
  /** Options per attribute: a fixed count or a [min, max] range. */
  options: number | [number, number];
  rules: number;
  seed?: number;
  groupSize?: number;
  /** Share of rules (0..1) with one attribute outside their group. */
  longRange?: number;
  /** Share of attributes that are optional (default 0.1). */
  optional?: number;
  /** Largest table arity (default 8, at most groupSize + 1). */
  maxArity?: number;
  /** A share of attributes with many options instead (like a real catalog's colour or engine lists). */
  wide?: { share: number; options: number };
}

export function syntheticProduct(o: SyntheticOptions): ProductInput {
  const random = rng(o.seed ?? 1);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const n = o.attributes;
  const group = Math.max(2, o.groupSize ?? 8);
  const maxArity = Math.max(2, o.maxArity ?? 8);
  const ids = Array.from({ length: n }, (_, i) => `a${i}`);
  // values[i]: the attribute's values as conditions name them (null = none, when optional).
  const values: (string | null)[][] = [];
  const attributes: ProductInput['attributes'] = ids.map((id, i) => {
    const narrow = typeof o.options === 'number' ? o.options : int(o.options[0], o.options[1]);
    const m = o.wide && random() < o.wide.share ? o.wide.options : narrow;
    const optional = random() < (o.optional ?? 0.1);
    const options = Array.from({ length: m }, (_, j) => ({
      id: `o${j}`,
      label: `Option ${j}`,
      price: pick([0, 0, 0, 500, 1500]),
    }));
    values.push([...options.map((x) => x.id), ...(optional ? [null] : [])]);
    return { id, kind: 'choice' as const, label: `Attribute ${i}`, optional, options };
  });
  const witness = values.map((vs) => pick(vs));
  const w = (i: number) => witness[i]!;
  const nGroups = Math.ceil(n / group);

  /** Distinct attributes for a rule: `size` from one group, maybe one from elsewhere. */
  const scope = (size: number): number[] => {
    let g = int(0, nGroups - 1);
    // A last group of one attribute cannot hold a rule of two: use the one before it.
    if (g > 0 && n - g * group < 2) g--;
    const members = Array.from({ length: Math.min(group, n - g * group) }, (_, k) => g * group + k);
    const out: number[] = [];
    while (out.length < Math.min(size, members.length)) {
      const x = pick(members);
      if (!out.includes(x)) out.push(x);
    }
    if (nGroups > 1 && random() < (o.longRange ?? 0)) {
      let x = int(0, n - 1);
      while (Math.floor(x / group) === g) x = int(0, n - 1);
      out[out.length - 1 === 0 ? out.length : out.length - 1] = x;
    }
    return out;
  };
  /** Some values of attribute i, as a subset of its domain (never all of it). */
  const subset = (i: number, k: number) => {
    const vs = [...values[i]!];
    const out: (string | null)[] = [];
    while (out.length < Math.min(k, vs.length - 1)) {
      const v = vs.splice(Math.floor(random() * vs.length), 1)[0]!;
      out.push(v);
    }
    return out.length ? out : [vs[0]!];
  };
  const leaf = (i: number): Condition => {
    const form = int(0, 2);
    if (form === 0) return { attr: ids[i]!, is: pick(values[i]!) };
    if (form === 1) return { attr: ids[i]!, in: subset(i, 2) };
    return { attr: ids[i]!, notIn: subset(i, 1) };
  };
  /** A condition over the given attributes: a leaf, or all/any/not of leaves. */
  const cond = (xs: number[]): Condition => {
    if (xs.length === 1) return random() < 0.15 ? { not: leaf(xs[0]!) } : leaf(xs[0]!);
    return random() < 0.6 ? { all: xs.map(leaf) } : { any: xs.map(leaf) };
  };
  const at = (c: Condition): boolean => {
    if ('all' in c) return c.all.every(at);
    if ('any' in c) return c.any.some(at);
    if ('not' in c) return !at(c.not);
    const v = w(ids.indexOf(c.attr));
    if ('is' in c) return c.is === v;
    if ('in' in c) return c.in.includes(v);
    return !c.notIn.includes(v);
  };

  const rules: Rule[] = [];
  for (let r = 0; r < o.rules; r++) {
    const base = { id: `r${r}`, message: `Rule ${r} forbids this combination` };
    const kind = pick(['requires', 'requires', 'excludes', 'restrict', 'table', 'table', 'price'] as const);
    let rule: Rule | undefined;
    for (let attempt = 0; attempt < 20 && !rule; attempt++) {
      if (kind === 'table') {
        const xs = scope(int(2, Math.min(maxArity, group + 1)));
        // Rows: the witness's combination, plus random rows with some "*" cells.
        const rows: (string | null | '*')[][] = [xs.map(w)];
        const nRows = int(3, 6 * xs.length);
        const star = xs.length > 3 ? 0.5 : 0.2;
        for (let k = 0; k < nRows; k++) rows.push(xs.map((x) => (random() < star ? '*' : pick(values[x]!))));
        rule = { ...base, kind: 'table', attrs: xs.map((x) => ids[x]!), rows };
        break;
      }
      const xs = scope(int(2, 3));
      const [head, ...rest] = xs;
      const candidate: Rule =
        kind === 'requires'
          ? { ...base, kind, if: cond(rest), then: leaf(head!) }
          : kind === 'excludes'
            ? { ...base, kind, if: cond(rest), then: leaf(head!) }
            : kind === 'restrict'
              ? {
                  ...base,
                  kind,
                  attr: ids[head!]!,
                  to: subset(head!, int(1, Math.max(1, values[head!]!.length - 1))),
                  ...(random() < 0.8 ? { if: cond(rest) } : {}),
                }
              : { ...base, kind: 'price', if: cond(xs), amount: pick([-500, 250, 1000, 2500]), label: `Price rule ${r}` };
      if (holdsOnWitness(candidate)) rule = candidate;
    }
    if (rule) rules.push(rule);
  }

  function holdsOnWitness(r: Rule): boolean {
    switch (r.kind) {
      case 'requires':
        return !at(r.if) || at(r.then);
      case 'excludes':
        return !(at(r.if) && at(r.then));
      case 'restrict':
        return (r.if !== undefined && !at(r.if)) || r.to.includes(w(ids.indexOf(r.attr)));
      default:
        return true;
    }
  }

  const stepSize = 100;
  return {
    id: `synthetic-${n}x${typeof o.options === 'number' ? o.options : o.options.join('-')}x${o.rules}`,
    name: 'Synthetic',
    description: `A generated product: ${n} attributes, ${rules.length} rules, seed ${o.seed ?? 1}`,
    currency: 'EUR',
    basePrice: 100_000,
    skuPrefix: 'SYN',
    model: { file: 'synthetic.glb' },
    steps: Array.from({ length: Math.ceil(n / stepSize) }, (_, s) => ({
      id: `s${s}`,
      label: `Step ${s}`,
      attributes: ids.slice(s * stepSize, (s + 1) * stepSize),
    })),
    attributes,
    defaults: Object.fromEntries(ids.map((id, i) => [id, w(i)])),
    rules,
  };
}
