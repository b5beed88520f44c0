import type { Logger } from 'pino';

/**
 * Calls `deleteBatch(batch)` until it deletes fewer than `batch` rows, so a large backlog never
 * holds one long write transaction; returns how many went. Every instance may run it: a delete of
 * rows already gone deletes nothing.
 */
export async function deleteInBatches(deleteBatch: (limit: number) => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deleteBatch(batch);
    total += n;
    if (n < batch) return total;
  }
}

/** Runs `purge` a minute after start, then hourly, logging what it deleted (`what`) or why it failed. */
export function scheduleHourlyPurge(logger: Logger, what: string, purge: () => Promise<number>): void {
  const run = () =>
    purge().then(
      (n) => n && logger.info({ deleted: n }, `${what} deleted`),
      (err: unknown) => logger.warn({ err }, `deleting ${what} failed`),
    );
  setTimeout(run, 60_000).unref();
  setInterval(run, 3600_000).unref();
}
