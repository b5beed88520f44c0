import type { LocalizedText } from '../schema/primitives.js';
import type { Configuration, Product } from '../schema/product.js';
import { isEmptyText } from '../schema/validateProduct.js';
import { conditionHolds } from '../rules/condition.js';

export type PriceLine =
  | { kind: 'base'; label: LocalizedText; amount: number }
  | { kind: 'option'; attr: string; option: string; label: LocalizedText; amount: number }
  | { kind: 'text'; attr: string; label: LocalizedText; amount: number }
  | { kind: 'rule'; rule: string; label: LocalizedText; amount: number };

export interface PriceBreakdown {
  currency: string;
  /** Every part of the price, base first; lines of zero are left out except the base. */
  lines: PriceLine[];
  /** Sum of the lines, integer minor units. */
  total: number;
}

/** The price of one unit of a complete configuration, in integer minor units. */
export function priceConfiguration(product: Product, config: Configuration): PriceBreakdown {
  const lines: PriceLine[] = [{ kind: 'base', label: product.name, amount: product.basePrice }];
  for (const a of product.attributes) {
    const v = config[a.id];
    if (a.kind === 'text') {
      if (!isEmptyText(v) && a.price !== 0) lines.push({ kind: 'text', attr: a.id, label: a.label, amount: a.price });
      continue;
    }
    const o = v === null || v === undefined ? undefined : a.options.find((x) => x.id === v);
    if (o && o.price !== 0) lines.push({ kind: 'option', attr: a.id, option: o.id, label: o.label, amount: o.price });
  }
  for (const r of product.rules) {
    if (r.kind === 'price' && conditionHolds(product, r.if, config))
      lines.push({ kind: 'rule', rule: r.id, label: r.label, amount: r.amount });
  }
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return { currency: product.currency, lines, total };
}

/** The total for a quantity, refusing results that are not safe integers. */
export function lineTotal(unit: number, quantity: number): number {
  const t = unit * quantity;
  if (!Number.isSafeInteger(t)) throw new RangeError('order total out of range');
  return t;
}
