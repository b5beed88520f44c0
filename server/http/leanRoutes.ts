import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from './AppError.js';
import type { ErrorResponder } from './errorMiddleware.js';

/** A route's handler: the request (headers), its parsed JSON body, and the response to answer. */
export type LeanHandler = (req: IncomingMessage, body: unknown, res: ServerResponse) => Promise<void>;

export interface LeanRoutesOptions {
  /** The largest body read (the app's body limit); a longer one is left to Express. */
  bodyLimitBytes: number;
  /** What every answer gets first, as Express's first middleware gives it: id, log line, headers. */
  begin: (req: IncomingMessage, res: ServerResponse) => void;
  /** How an error is answered: the same responder as Express's error middleware. */
  fail: ErrorResponder;
}

/** The JSON content types read here: body-parser's default charset, spelled plainly. */
const PLAIN_JSON = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

/**
 * JSON POST routes answered in front of Express, for the plain case of a hot route. Express 5
 * costs CPU time and garbage on every request before a handler runs (a JSON echo on Express
 * against the same echo on bare Node); on POST /api/orders that was close to half of its CPU
 * time, and the scavenges it caused were the largest part of the p99 (docs/benchmarks-history.md,
 * Server, fourth session).
 *
 * Only a request that Express would treat in the plain way is taken: the exact path, a JSON
 * content type with no charset or UTF-8, no Content-Encoding, a Content-Length within the body
 * limit. Anything else (a query string, a trailing slash, a compressed, chunked or oversized
 * body, another charset) goes on to Express, where the same route is mounted, and gets its
 * answer there. What a taken request gets is what Express's stack gives it: `begin` (request id,
 * log line, security headers), the body read and parsed as body-parser's strict JSON parser does
 * (a leading BOM dropped, an empty body is {}, only an object or an array at the top), the same
 * handler, and errors through the same responder. tests/server/http/leanRoutes.test.ts holds
 * every answer of POST /api/orders to the one Express gives.
 */
export class LeanRoutes {
  private readonly posts = new Map<string, LeanHandler>();

  constructor(private readonly options: LeanRoutesOptions) {}

  /** Answer POST `path` (exactly) with `handler`, in the plain case. */
  post(path: string, handler: LeanHandler): void {
    this.posts.set(path, handler);
  }

  /** Take the request and answer it (true), or leave it untouched for Express (false). */
  take(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST') return false;
    const handler = this.posts.get(req.url ?? '');
    if (!handler) return false;
    const length = plainJsonLength(req.headers, this.options.bodyLimitBytes);
    if (length === null) return false;
    const { begin, fail } = this.options;
    begin(req, res);
    const failed = (e: unknown) => {
      try {
        fail(e, req, res);
      } catch {
        res.destroy();
      }
    };
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A client that goes away mid-body: answered (to no one) and logged as body-parser's 400. Node
    // emits 'aborted' at once, before the response's 'close' (which writes the log line); raw-body
    // listens to it too. The 'error' that follows needs a listener, or it would be thrown.
    req.on('aborted', () => failed(AppError.badRequest('request aborted')));
    req.on('error', () => {});
    req.on('end', () => {
      let body: unknown;
      try {
        body = parseJson(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), length);
      } catch (e) {
        failed(e);
        return;
      }
      // A handler that throws rather than rejects is answered the same way.
      Promise.resolve()
        .then(() => handler(req, body, res))
        .catch(failed);
    });
    return true;
  }
}

/** The body's length when the request is plain JSON within the limit, else null. */
function plainJsonLength(headers: IncomingHttpHeaders, limit: number): number | null {
  const type = headers['content-type'];
  if (type === undefined || !PLAIN_JSON.has(type.toLowerCase())) return null;
  if (headers['transfer-encoding'] !== undefined) return null;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return null;
  const declared = headers['content-length'];
  if (declared === undefined) return null;
  const length = Number(declared);
  return Number.isSafeInteger(length) && length >= 0 && length <= limit ? length : null;
}

/** body-parser's strict JSON: UTF-8 with a leading BOM dropped, {} when empty, an object or array at the top. */
function parseJson(raw: Buffer, length: number): unknown {
  if (raw.length !== length) throw AppError.badRequest('request size did not match content length');
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  let at = 0;
  while (at < text.length && JSON_SPACE.has(text.charCodeAt(at))) at++;
  const first = text[at];
  if (first !== '{' && first !== '[') throw malformed();
  try {
    return JSON.parse(text);
  } catch {
    throw malformed();
  }
}

/** The whitespace JSON allows: space, tab, line feed, carriage return. */
const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const malformed = () => new AppError(400, 'malformed_json', 'the request body is not valid JSON');
