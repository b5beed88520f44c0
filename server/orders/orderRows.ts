import type { Selectable } from 'kysely';
import type { OrdersTable } from '../db/schema.js';

/** An order as stored. */
export type OrderRow = Selectable<OrdersTable>;
/** An order to insert: everything but its number, which the committing transaction gives. */
export type NewOrder = Omit<OrderRow, 'number'>;
