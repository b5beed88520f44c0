import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Fixed-window counters in the database, so every instance behind a load balancer sees the
 * same count and a restart does not reset it. `hit` is one atomic upsert that returns the new
 * count: of N concurrent hits on a key, each sees a different count, so a caller that reserves
 * with `hit` before the costly work and stops above its limit lets at most `limit` through.
 */
export class RateLimiter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly windowMs: number,
  ) {}

  private window(now: number) {
    return Math.floor(now / this.windowMs) * this.windowMs;
  }

  /** The count in the current window for a key. */
  async count(key: string, now = Date.now()): Promise<number> {
    const r = await this.db
      .selectFrom('rate_limits')
      .select('count')
      .where('key', '=', key)
      .where('window_start', '=', this.window(now))
      .executeTakeFirst();
    return r?.count ?? 0;
  }

  /** Count one more event; returns the new count. */
  async hit(key: string, now = Date.now()): Promise<number> {
    const windowStart = this.window(now);
    const r = await this.db
      .insertInto('rate_limits')
      .values({ key, window_start: windowStart, count: 1 })
      .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
      .returning('count')
      .executeTakeFirstOrThrow();
    if (Math.random() < 0.05)
      await this.db
        .deleteFrom('rate_limits')
        .where('window_start', '<', windowStart - this.windowMs)
        .execute();
    return r.count;
  }

  /** Give one event back (a sign-in that turned out right), never below zero. */
  async release(key: string, now = Date.now()): Promise<void> {
    await this.db
      .updateTable('rate_limits')
      .set((eb) => ({ count: eb('count', '-', 1) }))
      .where('key', '=', key)
      .where('window_start', '=', this.window(now))
      .where('count', '>', 0)
      .execute();
  }

  async reset(key: string, now = Date.now()): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', key).where('window_start', '=', this.window(now)).execute();
  }

  /** Milliseconds until the current window ends. */
  retryAfterMs(now = Date.now()): number {
    return this.window(now) + this.windowMs - now;
  }
}
