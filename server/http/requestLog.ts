import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    /** The request id: the caller's `X-Request-Id` when well-formed, else a new UUID; echoed in the answer. */
    id: string;
    /** A logger bound to this request ({req: {id, method, url}}), made when first used. */
    log: Logger;
  }
}

const ID_HEADER = 'x-request-id';
const GIVEN_ID = /^[\w.-]{1,100}$/;
const CHILD = Symbol('request logger');

type Tracked = IncomingMessage & { id?: string; originalUrl?: string; [CHILD]?: Logger };

export interface RequestLog {
  /** Give a request its id (echoed in X-Request-Id) and log its line once its answer is done. */
  start(req: IncomingMessage, res: ServerResponse): void;
  /** The request's logger ({req: {id, method, url}}), made when first used. */
  of(req: IncomingMessage): Logger;
  /** Make `req.log` a getter of the Express app's request prototype (rather than defined on each request). */
  install(app: Express): void;
}

/**
 * Request ids and one log line per request ("request completed": id, method, url, status,
 * responseTime ms), at error for 5xx, warn for 4xx, info otherwise. Nothing is built for a line
 * the level leaves out, and a request's child logger is only made when something logs through
 * it: at LOG_LEVEL=warn a 201 costs a header and a timestamp. (pino-http did the same, but
 * serialised every request into a child logger up front: ~3 % of an order's CPU.) One 'close'
 * listener (a response emits it once done, or when its connection dies first) takes the place of
 * two. `start` works on plain Node requests, so routes answered in front of Express
 * (http/leanRoutes.ts) are logged the same way.
 */
export function requestLog(logger: Logger): RequestLog {
  const of = (req: Tracked): Logger =>
    (req[CHILD] ??= logger.child({ req: { id: req.id, method: req.method, url: req.originalUrl ?? req.url } }));
  return {
    of,
    install(app) {
      Object.defineProperty(app.request, 'log', {
        configurable: true,
        enumerable: false,
        get(this: Tracked) {
          return of(this);
        },
      });
    },
    start(req: Tracked, res) {
      const given = req.headers[ID_HEADER];
      const id = typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
      res.setHeader(ID_HEADER, id);
      req.id = id;
      const start = performance.now();
      res.once('close', () => {
        const status = res.statusCode;
        const complete = res.writableFinished;
        const level = !complete || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
        if (!logger.isLevelEnabled(level)) return;
        of(req)[level](
          { res: { statusCode: status }, responseTime: Math.round(performance.now() - start) },
          complete ? 'request completed' : 'request aborted',
        );
      });
    },
  };
}
