import { sql, type Kysely, type Selectable } from 'kysely';
import { isUniqueViolation, type DialectName } from '../db/database.js';
import type { Database, OrdersTable } from '../db/schema.js';

export type OrderRow = Selectable<OrdersTable>;
export type NewOrder = Omit<OrderRow, 'number'>;

export class OrdersRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

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
   * Insert an order and its snapshot in one transaction, numbered one past the last order
   * (gapless: a rolled-back insert gives its number back). Returns null when the idempotency
   * key is already taken — by an earlier request or one racing this one.
   */
  async insert(order: NewOrder, snapshot: Buffer | null): Promise<OrderRow | null> {
    try {
      if (this.dialect === 'sqlite' && !snapshot) return await this.insertOne(this.db, order);
      return await this.db.transaction().execute(async (tx) => {
        const row = await this.insertOne(tx, order);
        if (snapshot) await tx.insertInto('order_snapshots').values({ order_id: order.id, png: snapshot }).execute();
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
  }

  private async insertOne(db: Kysely<Database>, order: NewOrder): Promise<OrderRow> {
    if (this.dialect === 'sqlite') {
      // SQLite has one writer at a time, so max + 1 inside the insert is race-free and saves a statement.
      const cols = Object.keys(order) as (keyof NewOrder)[];
      const r = await db
        .insertInto('orders')
        .columns([...cols, 'number'])
        .expression((eb) =>
          eb
            .selectFrom('orders')
            .select([
              ...cols.map((c) => eb.val(order[c]).as(c)),
              sql<number>`coalesce(max(${sql.ref('number')}), 0) + 1`.as('number'),
            ]),
        )
        .returning('number')
        .executeTakeFirstOrThrow();
      return { ...order, number: Number(r.number) };
    }
    // PostgreSQL: a counter row, locked by the increment until commit, numbers concurrent inserts.
    const { value } = await db
      .insertInto('counters')
      .values({ name: 'order_number', value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
      .returning('value')
      .executeTakeFirstOrThrow();
    const row: OrderRow = { ...order, number: Number(value) };
    await db.insertInto('orders').values(row).execute();
    return row;
  }
}
