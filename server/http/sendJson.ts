import type { ServerResponse } from 'node:http';

/**
 * A JSON answer without what Express's `res.json` adds to every answer: an ETag (a sha1 of the
 * body; an answer to a POST or an error is never revalidated), a freshness check of the
 * request's conditional headers, and the Content-Type parsed and re-formatted to add its
 * charset. The placing of an order and every error answer this way; on a plain Node response, so
 * routes in front of Express (http/leanRoutes.ts) use it too.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}
