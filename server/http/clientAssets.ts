import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/** Vite's hashed output: `assets/<name>-<hash>.<ext>`; such a file never changes under its name. */
const HASHED = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const YEAR = 'public, max-age=31536000, immutable';

/** The encodings written beside each asset at build time (scripts/precompress.ts), in order of preference. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

/** Whether the request's Accept-Encoding admits `coding` (q=0 refuses it). */
export function accepts(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (name !== coding && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * Serves the built client: hashed assets cached for a year as immutable, in the pre-compressed
 * form the browser accepts (brotli, then gzip, written at build), everything else revalidated
 * hourly; source maps are never served (the build keeps them for developers only); any other
 * GET falls back to index.html (the SPA's routes). Responses made per request (the API's JSON,
 * index.html) are compressed on the fly by `dynamicCompression`.
 */
export function clientAssets(clientDir: string): Router {
  const router = express.Router();
  const root = path.resolve(clientDir);
  const precompressed = new Map<string, Set<string>>();
  const encodingsOf = (file: string) => {
    let set = precompressed.get(file);
    if (!set) {
      set = new Set(ENCODINGS.filter((e) => existsSync(file + e.ext)).map((e) => e.name));
      precompressed.set(file, set);
    }
    return set;
  };

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.endsWith('.map')) return void res.status(404).json({ error: { code: 'not_found', message: 'not found' } });
    if (!HASHED.test(req.path)) return next();
    const file = path.join(root, req.path);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) return next();
    const have = encodingsOf(file);
    const enc = ENCODINGS.find((e) => have.has(e.name) && accepts(req.headers['accept-encoding'], e.name));
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', YEAR);
    if (!enc) return void res.sendFile(file, { cacheControl: false });
    // send() keeps a Content-Type already set, so the .br file goes out as the script it encodes.
    res.type(path.extname(file));
    res.setHeader('Content-Encoding', enc.name);
    res.sendFile(file + enc.ext, { cacheControl: false });
  });
  router.use(express.static(root, { index: false, maxAge: '1h' }));
  router.get('/{*path}', (_req, res) => res.sendFile(path.join(root, 'index.html'), { maxAge: 0 }));
  return router;
}

/**
 * On-the-fly compression for responses made per request that a shopper waits for (catalog JSON,
 * index.html), GET and HEAD only. Sales exports and PDFs are left alone: they stream large bodies for tools that
 * rarely ask for compression, and compressing them would cost the export's throughput.
 */
export function dynamicCompression() {
  return compression({
    threshold: 1024,
    // Only reads: writes answer small JSON, and POST /api/orders must answer alike on the lean
    // route (which Express's middleware never sees) and through Express.
    filter: (req, res) =>
      (req.method === 'GET' || req.method === 'HEAD') && !req.path.startsWith('/api/sales/') && compression.filter(req, res),
  });
}
