import type { Logger } from 'pino';

/**
 * What the process does with an error nobody handled.
 * - A promise rejected with no handler (a stray rejection inside a request: a promise started and
 *   not awaited) is logged and the process goes on: the request that made it has its own answer
 *   or times out, and no state was left half-changed by a throw unwinding the stack.
 * - An uncaught exception is not recoverable (it unwound the stack through code that did not
 *   expect it, so any invariant may be broken): logged as fatal, then `stop` (a graceful shutdown
 *   that exits with code 1).
 */
export function guardProcess(proc: NodeJS.Process, logger: Logger, stop: (err: Error) => void): void {
  proc.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; the process goes on');
  });
  proc.on('uncaughtException', (err, origin) => {
    logger.fatal({ err, origin }, 'uncaught exception; stopping');
    stop(err);
  });
}
