import type { Configuration, Product } from '../schema/product.js';
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
    if (v === null || v === undefined) {
      parts.push('0');
      continue;
    }
    const i = a.options.findIndex((o) => o.id === v);
    const o = a.options[i];
    parts.push(o?.sku ?? (i + 1).toString(36).toUpperCase());
  }
  return `${product.skuPrefix}-${parts.join('.')}${personalised ? '-P' : ''}`;
}
