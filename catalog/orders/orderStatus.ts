/**
 * The statuses of an order, in the order an order moves through them; the one list the server
 * (database type, API schemas, moves), the client (filters, chips) and the messages (whose
 * `status.<status>` keys are checked against it) use.
 */
export const ORDER_STATUSES = ['received', 'in_production', 'shipped', 'cancelled'] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A status's place in ORDER_STATUSES: a move to a lower rank is a step back. */
export const statusRank = (s: OrderStatus): number => ORDER_STATUSES.indexOf(s);
