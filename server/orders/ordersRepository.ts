import type { Kysely, Selectable } from 'kysely';
import { isUniqueViolation } from '../db/database.js';
import type { Database, OrdersTable } from '../db/schema.js';

export type OrderRow = Selectable<OrdersTable>;
export type NewOrder = Omit<OrderRow, 'number'>;

export class OrdersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findByKey(key: string): Promise<OrderRow | undefined> {
    return this.db.selectFrom('orders').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }

  findById(id: string): Promise<OrderRow | undefined> {
    return this.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async snapshot(id: string): Promise<Buffer | undefined> {
    const r = await this.db.selectFrom('order_snapshots').select('png').where('order_id', '=', id).executeTakeFirst();
    return r && Buffer.from(r.png);
  }

  /**
   * Insert an order and its snapshot in one transaction, numbering it from a counter row
   * (gapless: a rolled-back insert gives its number back). Returns null when the idempotency
   * key is already taken — by an earlier request or one racing this one.
   */
  async insert(order: NewOrder, snapshot: Buffer | null): Promise<OrderRow | null> {
    try {
      return await this.db.transaction().execute(async (tx) => {
        const { value } = await tx
          .insertInto('counters')
          .values({ name: 'order_number', value: 1 })
          .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
          .returning('value')
          .executeTakeFirstOrThrow();
        const row: OrderRow = { ...order, number: Number(value) };
        await tx.insertInto('orders').values(row).execute();
        if (snapshot) await tx.insertInto('order_snapshots').values({ order_id: order.id, png: snapshot }).execute();
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
  }
}
