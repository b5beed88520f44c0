import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers, worked out once: a function that sets them on a response. helmet is a chain
 * of a dozen middlewares that build the same header values on every request (~5 % of an order's
 * time and a tenth of what it allocates). With options that do not depend on the request (no CSP
 * nonce functions), its answer is the same every time: run it once against a recording response
 * and then set those headers. Options with a directive computed per request are refused, as is a
 * helmet that does more than set and remove headers or does not finish synchronously.
 */
export function securityHeaders(options: HelmetOptions): (res: ServerResponse) => void {
  const csp = options.contentSecurityPolicy;
  const directives = typeof csp === 'object' ? Object.values(csp.directives ?? {}) : [];
  if (directives.some((d) => typeof d === 'function' || (Array.isArray(d) && d.some((v) => typeof v === 'function'))))
    throw new Error('a Content-Security-Policy directive is a function of the request: its headers cannot be worked out once');
  const set: [string, string | string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, typeof value === 'number' ? String(value) : (value as string | string[])]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be worked out once');
  for (const [, value] of set)
    for (const v of Array.isArray(value) ? value : [value])
      if (typeof v !== 'string') throw new Error('helmet made a header value per request: its headers cannot be worked out once');
  return (res) => {
    for (let i = 0; i < set.length; i++) res.setHeader(set[i]![0], set[i]![1]);
    for (let i = 0; i < removed.length; i++) res.removeHeader(removed[i]!);
  };
}
