import express, { type ErrorRequestHandler } from 'express';
import path from 'node:path';
import type { LoadedProduct } from './catalog/loadCatalogDir.js';

export interface AppDeps {
  products: LoadedProduct[];
  /** The built client (vite build output), served when present. */
  clientDir?: string;
}

/** The composition root: everything the app needs comes in through deps. */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  const byId = new Map(deps.products.map((p) => [p.product.id, p]));

  app.get('/api/products', (_req, res) => {
    res.json({
      products: deps.products.map(({ product: p }) => ({
        id: p.id,
        name: p.name,
        description: p.description,
        currency: p.currency,
        basePrice: p.basePrice,
      })),
    });
  });
  app.get('/api/products/:id', (req, res) => {
    const p = byId.get(req.params.id);
    if (!p) return void res.status(404).json({ error: { code: 'not_found', message: `no product "${req.params.id}"` } });
    res.json({ product: p.product, version: 1 });
  });
  app.get('/assets/catalog/:productId/*file', (req, res) => {
    const p = byId.get(req.params.productId);
    const rel = (req.params as unknown as { file: string[] }).file.join('/');
    if (!p || rel.includes('..')) return void res.status(404).json({ error: { code: 'not_found', message: 'no such asset' } });
    res.sendFile(path.join(p.dir, rel), { maxAge: '1y', immutable: true }, (err) => {
      if (err && !res.headersSent) res.status(404).json({ error: { code: 'not_found', message: 'no such asset' } });
    });
  });
  if (deps.clientDir) {
    app.use(express.static(deps.clientDir, { index: false }));
    app.get('/{*path}', (_req, res) => res.sendFile(path.join(deps.clientDir!, 'index.html')));
  }
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    console.error(err);
    res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  };
  app.use(onError);
  return app;
}
