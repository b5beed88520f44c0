import type { Attribute, TextAttribute } from '../schema/attribute.js';
import type { Product, Value } from '../schema/product.js';
import { isEmptyText, textProblem } from '../schema/validateProduct.js';
import { NONE_KEY, TEXT_KEY } from './types.js';

/**
 * The engine's view of a product's attributes: one variable per attribute, whose domain is the
 * option ids (keys), plus NONE_KEY when optional; a text attribute's domain is {NONE_KEY, TEXT_KEY}
 * (NONE_KEY only when optional), since rules can only tell "no text" from "some text".
 */
export interface Space {
  attrs: Attribute[];
  index: Map<string, number>;
  /** Per variable, its value keys (option id, NONE_KEY or TEXT_KEY). */
  keys: string[][];
  /** Per variable, value key → value index. */
  keyIndex: Map<string, number>[];
  /** Per variable, the index of NONE_KEY, or -1. */
  none: Int32Array;
  /** Per variable, the index of its default value, or -1 when the default does not fit. */
  defaults: Int32Array;
}

export function buildSpace(product: Product): Space {
  const attrs = product.attributes;
  const index = new Map<string, number>();
  const keys: string[][] = [];
  const keyIndex: Map<string, number>[] = [];
  const none = new Int32Array(attrs.length).fill(-1);
  attrs.forEach((a, i) => {
    index.set(a.id, i);
    const k = a.kind === 'text' ? [TEXT_KEY] : a.options.map((o) => o.id);
    if (a.optional) k.push(NONE_KEY);
    keys.push(k);
    keyIndex.push(new Map(k.map((key, j) => [key, j])));
    if (a.optional) none[i] = k.length - 1;
  });
  const space: Space = { attrs, index, keys, keyIndex, none, defaults: new Int32Array(attrs.length) };
  attrs.forEach((a, i) => (space.defaults[i] = valueIndex(space, i, product.defaults[a.id] ?? null)));
  return space;
}

/** The domain index of a configuration value for variable i, or -1 when it does not fit the attribute. */
export function valueIndex(space: Space, i: number, v: Value | undefined): number {
  const a = space.attrs[i]!;
  if (a.kind === 'text') {
    if (isEmptyText(v)) return space.none[i]!;
    return textProblem(a, v!) === null ? space.keyIndex[i]!.get(TEXT_KEY)! : -1;
  }
  if (v === null || v === undefined) return space.none[i]!;
  return space.keyIndex[i]!.get(v) ?? -1;
}

/** The index of a condition value (option id or null) for variable i, or -1. */
export function conditionValueIndex(space: Space, i: number, v: string | null): number {
  if (v === null) return space.none[i]!;
  return space.keyIndex[i]!.get(v) ?? -1;
}

/** A configuration value for a domain index: the option id, null, or a text. */
export function valueOf(space: Space, i: number, d: number, text: Value | undefined): Value {
  const key = space.keys[i]![d]!;
  if (key === NONE_KEY) return null;
  if (key !== TEXT_KEY) return key;
  if (!isEmptyText(text)) return text!;
  return someText(space.attrs[i] as TextAttribute);
}

/** A short text the attribute accepts, for a completion that needs text nobody typed yet. */
function someText(a: TextAttribute): string {
  for (const c of ['A', 'a', '0', 'x', '1', '.', '-']) if (textProblem(a, c) === null) return c;
  return '?';
}
