import type { Selectable } from 'kysely';
import { describeConfiguration, type Product } from '../../catalog/index.js';
import type { OrdersTable } from '../db/schema.js';

/** An order as stored. */
export type OrderRow = Selectable<OrdersTable>;
/** An order to insert: everything but its number, which the committing transaction gives. */
export type NewOrder = Omit<OrderRow, 'number'>;

/**
 * An order's configuration as its lines, each attribute in the shopper's words (describeConfiguration)
 * in `locale`: what the JSON exports and the webhooks send beside the stored option ids.
 */
export function orderLines(product: Product | undefined, configuration: Record<string, string | null>, locale: string) {
  return describeConfiguration(product, configuration, locale).map(({ attr, label, value, text, sku }) => ({
    attr,
    label,
    value,
    text,
    sku,
  }));
}
