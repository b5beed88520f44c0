import type { OptionAttribute } from '../schema/attribute.js';
import type { Configuration, Product, Value } from '../schema/product.js';
import { isEmptyText } from '../schema/validateProduct.js';

/**
 * The deterministic variant code (SKU) of a complete configuration: the product's prefix,
 * then one fragment per option attribute in declaration order (the option's `sku`, or its
 * 1-based position in base 36; "0" for none), and "-P" when any personal text is set.
 * The personal text itself is not part of the code: it is printed on the order.
 */
export function variantCode(product: Product, config: Configuration): string {
  const parts: string[] = [];
  let personalised = false;
  for (const a of product.attributes) {
    const v = config[a.id];
    if (a.kind === 'text') {
      if (!isEmptyText(v)) personalised = true;
      continue;
    }
    parts.push(skuFragment(a, v) ?? '0');
  }
  return `${product.skuPrefix}-${parts.join('.')}${personalised ? '-P' : ''}`;
}

/**
 * An option attribute's fragment of the variant code: the option's `sku`, else its 1-based
 * position in base 36; "0" for none; null for a value the attribute does not know.
 */
export function skuFragment(a: OptionAttribute, v: Value | undefined): string | null {
  if (v === null || v === undefined) return '0';
  const i = a.options.findIndex((o) => o.id === v);
  if (i < 0) return null;
  return a.options[i]!.sku ?? (i + 1).toString(36).toUpperCase();
}
