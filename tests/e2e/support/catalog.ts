import { evaluate, parseProduct, type Choices, type OptionAttribute, type Product } from '../../../catalog/index.js';

export interface Published {
  product: Product;
  version: number;
}

/** Every published product, fetched from the running server and parsed like the client does. */
export async function publishedProducts(baseUrl: string): Promise<Published[]> {
  const list = (await (await fetch(`${baseUrl}/api/products`)).json()) as { products: { id: string }[] };
  const out: Published[] = [];
  for (const { id } of list.products) {
    const body = (await (await fetch(`${baseUrl}/api/products/${id}`)).json()) as { product: unknown; version: number };
    const p = parseProduct(body.product);
    if (!p.ok) throw new Error(`product ${id} does not parse: ${JSON.stringify(p.issues)}`);
    out.push({ product: p.product, version: body.version });
  }
  return out;
}

/** Option attributes of a kind. */
export function attributesOfKind(product: Product, kind: OptionAttribute['kind']): OptionAttribute[] {
  return product.attributes.filter((a): a is OptionAttribute => a.kind === kind);
}

/** The step that holds an attribute. */
export function stepOf(product: Product, attr: string) {
  return product.steps.find((s) => s.attributes.includes(attr))!;
}

/** An option of `attr` the engine offers as available from `choices`, other than the current value. */
export function availableAlternative(product: Product, attr: string, choices: Choices = {}): string | null {
  const e = evaluate(product, choices);
  if (!e.ok) return null;
  const a = e.attributes[attr]!;
  const found = Object.entries(a.options).find(([id, s]) => s.state === 'available' && id !== a.value && id !== '__none__');
  return found ? found[0] : null;
}

export interface ConflictWalk {
  /** First pick: makes `option` of `attr` a conflict. */
  first: { attr: string; option: string };
  conflict: { attr: string; option: string; changes: { attr: string; from: string | null; to: string | null }[] };
}

/** Two picks found with the real engine: after the first, the second is in conflict. */
export function findConflictWalk(product: Product): ConflictWalk | null {
  const base = evaluate(product, {});
  if (!base.ok) return null;
  for (const a of product.attributes) {
    if (a.kind === 'text') continue;
    for (const o of a.options) {
      if (base.attributes[a.id]!.options[o.id]?.state !== 'available' || base.configuration[a.id] === o.id) continue;
      const e = evaluate(product, { [a.id]: o.id });
      if (!e.ok) continue;
      for (const b of product.attributes) {
        if (b.kind === 'text' || b.id === a.id) continue;
        for (const [id, s] of Object.entries(e.attributes[b.id]!.options)) {
          if (s.state === 'conflict' && id !== '__none__')
            return {
              first: { attr: a.id, option: o.id },
              conflict: { attr: b.id, option: id, changes: s.changes.map((c) => ({ attr: c.attr, from: c.from, to: c.to })) },
            };
        }
      }
    }
  }
  return null;
}
