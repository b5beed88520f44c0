import { describeValue, type Product } from '../../catalog/index.js';

type Attribute = Product['attributes'][number];

/** A stored value of one attribute in the shopper's words (describeValue), for one product version. */
export type Words = (value: string | null | undefined) => string;

/**
 * The wide export's columns: per product, every attribute any published version has, in first-seen
 * order; each attribute is two columns, `product.attr` in the shopper's words and
 * `product.attr.value` with the stored value (the option id production and ERP imports key on, or
 * the personal text exactly as typed, without the quotes the words put around it).
 */
export interface WideColumns {
  /** Attribute ids per product, in column order. */
  attrs: Map<string, string[]>;
  /** The column names after BASE_COLUMNS. */
  header: string[];
  /** One Words per attribute of `attrs.get(product)`, as that version describes them (any version it lacks: the stored value). */
  wordsOf(product: string, version: number): Words[];
}

/** The stored value as it is: for a version that cannot be read or an attribute it does not have. */
const asStored: Words = (v) => v ?? '';

/** Words of one attribute, its option labels looked up once (exports call this per cell). */
function wordsFor(a: Attribute, locale: string): Words {
  if (a.kind === 'text') return (v) => describeValue(a, v, locale);
  const labels = new Map(a.options.map((o) => [o.id, describeValue(a, o.id, locale)]));
  const none = describeValue(a, null, locale);
  return (v) => (v === null || v === undefined ? none : (labels.get(v) ?? v));
}

/** The wide columns over `versions` (every published version of the exported products, oldest first). */
export function wideColumns(
  versions: { productId: string; version: number; product: Product | undefined }[],
  locale: string,
): WideColumns {
  const attrs = new Map<string, string[]>();
  for (const v of versions) {
    const list = attrs.get(v.productId) ?? [];
    for (const a of v.product?.attributes ?? []) if (!list.includes(a.id)) list.push(a.id);
    attrs.set(v.productId, list);
  }
  const header: string[] = [];
  for (const [product, list] of attrs) for (const a of list) header.push(`${product}.${a}`, `${product}.${a}.value`);
  const byVersion = new Map<string, Map<number, Words[]>>();
  for (const v of versions) {
    const list = attrs.get(v.productId)!;
    const own = new Map((v.product?.attributes ?? []).map((a) => [a.id, a]));
    const words = list.map((id) => {
      const a = own.get(id);
      return a ? wordsFor(a, locale) : asStored;
    });
    const m = byVersion.get(v.productId) ?? new Map<number, Words[]>();
    m.set(v.version, words);
    byVersion.set(v.productId, m);
  }
  const fallback = new Map<string, Words[]>();
  return {
    attrs,
    header,
    wordsOf(product, version) {
      const w = byVersion.get(product)?.get(version);
      if (w) return w;
      let f = fallback.get(product);
      if (!f) fallback.set(product, (f = (attrs.get(product) ?? []).map(() => asStored)));
      return f;
    },
  };
}
