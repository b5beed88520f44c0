import type { Attribute, LocalizedText, Product, Rule } from '../../catalog/index.js';

export type DiffSection = 'details' | 'model' | 'steps' | 'attributes' | 'options' | 'rules' | 'prices' | 'defaults';

export interface DiffEntry {
  section: DiffSection;
  change: 'added' | 'removed' | 'changed';
  /** JSON path (in the newer document for added/changed, the older for removed). */
  path: (string | number)[];
  /** One readable line, e.g. `option "upper-colour/navy" added`. */
  text: string;
  before?: unknown;
  after?: unknown;
}

const en = (t: LocalizedText | undefined) =>
  t === undefined ? '' : typeof t === 'string' ? t : (t.en ?? Object.values(t)[0] ?? '');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const money = (n: number, currency: string) => `${(n / 100).toFixed(2)} ${currency}`;

function byId<T extends { id: string }>(xs: readonly T[]): Map<string, { item: T; index: number }> {
  return new Map(xs.map((item, index) => [item.id, { item, index }]));
}

/** Added, removed and changed items of two id-keyed lists, in the newer list's order (removed last). */
function pair<T extends { id: string }>(a: readonly T[], b: readonly T[]) {
  const before = byId(a);
  const after = byId(b);
  const out: { id: string; a?: { item: T; index: number }; b?: { item: T; index: number } }[] = [];
  for (const [id, x] of after) out.push({ id, b: x, ...(before.has(id) ? { a: before.get(id)! } : {}) });
  for (const [id, x] of before) if (!after.has(id)) out.push({ id, a: x });
  return out;
}

const withoutKeys = <T extends object>(o: T, keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/**
 * A readable diff between two product versions: details, model, steps, attributes, options,
 * rules, prices (base, option surcharges, text prices, price rules) and defaults.
 */
export function diffProducts(a: Product, b: Product): DiffEntry[] {
  const out: DiffEntry[] = [];
  const cur = b.currency;
  const add = (e: DiffEntry) => out.push(e);

  for (const key of ['name', 'description', 'currency', 'skuPrefix'] as const) {
    if (!same(a[key], b[key]))
      add({ section: 'details', change: 'changed', path: [key], text: `${key} changed`, before: a[key], after: b[key] });
  }
  if (a.basePrice !== b.basePrice)
    add({
      section: 'prices',
      change: 'changed',
      path: ['basePrice'],
      text: `base price ${money(a.basePrice, a.currency)} → ${money(b.basePrice, cur)}`,
      before: a.basePrice,
      after: b.basePrice,
    });
  if (!same(a.model, b.model))
    add({
      section: 'model',
      change: 'changed',
      path: ['model'],
      text: `model changed (${a.model.file} → ${b.model.file})`,
      before: a.model,
      after: b.model,
    });

  for (const p of pair(a.steps, b.steps)) {
    if (!p.a)
      add({ section: 'steps', change: 'added', path: ['steps', p.b!.index], text: `step "${p.id}" added`, after: p.b!.item });
    else if (!p.b)
      add({ section: 'steps', change: 'removed', path: ['steps', p.a.index], text: `step "${p.id}" removed`, before: p.a.item });
    else if (!same(p.a.item, p.b.item))
      add({
        section: 'steps',
        change: 'changed',
        path: ['steps', p.b.index],
        text: `step "${p.id}" changed`,
        before: p.a.item,
        after: p.b.item,
      });
  }

  for (const p of pair<Attribute>(a.attributes, b.attributes)) {
    if (!p.a) {
      add({
        section: 'attributes',
        change: 'added',
        path: ['attributes', p.b!.index],
        text: `attribute "${p.id}" (${en(p.b!.item.label)}) added`,
        after: p.b!.item,
      });
      continue;
    }
    if (!p.b) {
      add({
        section: 'attributes',
        change: 'removed',
        path: ['attributes', p.a.index],
        text: `attribute "${p.id}" (${en(p.a.item.label)}) removed`,
        before: p.a.item,
      });
      continue;
    }
    const at = ['attributes', p.b.index];
    const x = p.a.item;
    const y = p.b.item;
    const plain = (v: Attribute) => withoutKeys(v, ['options', 'price']);
    if (!same(plain(x), plain(y)))
      add({
        section: 'attributes',
        change: 'changed',
        path: at,
        text: `attribute "${p.id}" changed`,
        before: plain(x),
        after: plain(y),
      });
    if (x.kind === 'text' && y.kind === 'text' && x.price !== y.price)
      add({
        section: 'prices',
        change: 'changed',
        path: [...at, 'price'],
        text: `text "${p.id}" price ${money(x.price, a.currency)} → ${money(y.price, cur)}`,
        before: x.price,
        after: y.price,
      });
    const xo = x.kind === 'text' ? [] : x.options;
    const yo = y.kind === 'text' ? [] : y.options;
    for (const o of pair(xo, yo)) {
      const name = `option "${p.id}/${o.id}"`;
      if (!o.a)
        add({
          section: 'options',
          change: 'added',
          path: [...at, 'options', o.b!.index],
          text: `${name} (${en(o.b!.item.label)}) added`,
          after: o.b!.item,
        });
      else if (!o.b)
        add({
          section: 'options',
          change: 'removed',
          path: ['attributes', p.a.index, 'options', o.a.index],
          text: `${name} (${en(o.a.item.label)}) removed`,
          before: o.a.item,
        });
      else {
        const path = [...at, 'options', o.b.index];
        const ox = withoutKeys(o.a.item, ['price']);
        const oy = withoutKeys(o.b.item, ['price']);
        if (!same(ox, oy)) add({ section: 'options', change: 'changed', path, text: `${name} changed`, before: ox, after: oy });
        if (o.a.item.price !== o.b.item.price)
          add({
            section: 'prices',
            change: 'changed',
            path: [...path, 'price'],
            text: `${name} surcharge ${money(o.a.item.price, a.currency)} → ${money(o.b.item.price, cur)}`,
            before: o.a.item.price,
            after: o.b.item.price,
          });
      }
    }
  }

  for (const p of pair<Rule>(a.rules, b.rules)) {
    const kind = (p.b ?? p.a)!.item.kind;
    const section: DiffSection = kind === 'price' ? 'prices' : 'rules';
    const what = kind === 'price' ? 'price rule' : `${kind} rule`;
    if (!p.a) add({ section, change: 'added', path: ['rules', p.b!.index], text: `${what} "${p.id}" added`, after: p.b!.item });
    else if (!p.b)
      add({ section, change: 'removed', path: ['rules', p.a.index], text: `${what} "${p.id}" removed`, before: p.a.item });
    else if (!same(p.a.item, p.b.item)) {
      const x = p.a.item;
      const y = p.b.item;
      const text =
        x.kind === 'price' && y.kind === 'price' && x.amount !== y.amount
          ? `price rule "${p.id}" amount ${money(x.amount, a.currency)} → ${money(y.amount, cur)}`
          : `${what} "${p.id}" changed`;
      add({ section, change: 'changed', path: ['rules', p.b.index], text, before: x, after: y });
    }
  }

  for (const id of new Set([...Object.keys(a.defaults), ...Object.keys(b.defaults)])) {
    const x = a.defaults[id];
    const y = b.defaults[id];
    if (same(x, y)) continue;
    const change = x === undefined ? 'added' : y === undefined ? 'removed' : 'changed';
    add({
      section: 'defaults',
      change,
      path: ['defaults', id],
      text: `default of "${id}": ${JSON.stringify(x ?? null)} → ${JSON.stringify(y ?? null)}`,
      before: x,
      after: y,
    });
  }
  return out;
}
