import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from './zod.js';
import { AppError } from './AppError.js';
import { sendJson } from './sendJson.js';
import { zodDetails } from './validate.js';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Map what Express and body-parser throw to a status and code a client can act on. */
function classify(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return new AppError(400, 'invalid_request', 'the request is not valid', zodDetails(err));
  const e = err as HttpishError;
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (e.type === 'entity.too.large') return new AppError(413, 'payload_too_large', 'the request body is too large');
    if (e.type === 'entity.parse.failed') return new AppError(400, 'malformed_json', 'the request body is not valid JSON');
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
      return new AppError(415, 'unsupported_encoding', 'the request body encoding is not supported');
    return new AppError(status, 'bad_request', e.expose ? (err as Error).message : 'bad request');
  }
  return null;
}

export type ErrorResponder = (err: unknown, req: IncomingMessage, res: ServerResponse) => void;

/**
 * The one way an error is answered, by Express's error middleware and by the routes in front of
 * Express alike: JSON always, never a stack trace or an HTML page; anything unknown is a 500,
 * logged with the request's logger.
 */
export function errorResponder(logOf: (req: IncomingMessage) => Logger): ErrorResponder {
  return (err, req, res) => {
    const known = classify(err);
    if (!known) logOf(req).error({ err }, 'unhandled error');
    const e = known ?? new AppError(500, 'internal', 'internal error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const [k, v] of Object.entries(e.headers ?? {})) res.setHeader(k, v);
    sendJson(res, e.status, {
      error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) },
    });
  };
}

/** The Express error middleware: the app's last. */
export function errorMiddleware(respond: ErrorResponder): ErrorRequestHandler {
  return (err, req, res, _next) => respond(err, req, res);
}

/** 404 for any /api path no router answered. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `no route ${req.method} ${req.originalUrl.split('?')[0]!.slice(0, 200)}`));
};
