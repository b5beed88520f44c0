import { existsSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import express, { type Router } from 'express';
import { pino, type Logger } from 'pino';
import { AuthService } from './auth/authService.js';
import { createAuthRouter } from './auth/authRouter.js';
import { makeRequireRole } from './auth/requireRole.js';
import { UsersRepository } from './auth/usersRepository.js';
import { CatalogRepository } from './catalog/catalogRepository.js';
import { createCatalogRouter } from './catalog/catalogRouter.js';
import { ThumbnailsRepository } from './catalog/thumbnails.js';
import { createThumbnailsRouter } from './catalog/thumbnailsRouter.js';
import type { AppContext, AppSettings } from './context.js';
import type { Db } from './db/database.js';
import { CompileWorkers } from './engine/compileWorkers.js';
import { EngineService } from './engine/engineService.js';
import { requestLog } from './http/requestLog.js';
import { securityHeaders } from './http/securityHeaders.js';
import { ApiRegistry } from './http/apiRegistry.js';
import { clientAssets, dynamicCompression } from './http/clientAssets.js';
import { apiNotFound, errorMiddleware, errorResponder } from './http/errorMiddleware.js';
import { LeanRoutes } from './http/leanRoutes.js';
import { createOrdersRouter } from './orders/ordersRouter.js';
import { configurationsService, createConfigurationsRouter } from './configurations/configurationsRouter.js';
import { placeFromConfiguration } from './configurations/configurationsService.js';
import { createExportsRouter } from './exports/exportsRouter.js';
import { createSalesRouter } from './sales/salesRouter.js';
import { SQLITE_SEARCH_INDEX } from './sales/salesSearchIndex.js';
import { createWebhooksRouter } from './webhooks/webhooksRouter.js';
import { createStudioRouter } from './studio/studioRouter.js';
import { TaskPool } from './workers/taskPool.js';
import { createRecommendRouter } from './recommend/recommendRouter.js';
import { createArModelsRouter } from './ar/arModelsRouter.js';
import { createShopRouter } from './shop/shopRouter.js';

export interface AppDeps {
  db: Db;
  logger?: Logger;
  settings?: Partial<AppSettings>;
  /** The built client (vite build output), served with an SPA fallback when the folder exists. */
  clientDir?: string | undefined;
  sessionTtlMs?: number;
  loginMaxAttempts?: number;
  loginWindowMs?: number;
  /** scrypt N for new password hashes (tests lower it; production keeps the default). */
  scryptCost?: number;
  /** Extra feature routers, mounted after the built-in ones: (ctx) => router. */
  features?: ((ctx: AppContext) => Router)[];
  /** Reported by /readyz as not ready once set (graceful shutdown). */
  isShuttingDown?: () => boolean;
  /** The compile threads (tests share one set between apps); else a set of the app's own. */
  compileWorkers?: CompileWorkers;
  /** Task threads (server/workers); a pool of its own otherwise. Whoever made it closes it. */
  tasks?: TaskPool;
}

/**
 * The composition root: builds every service from deps and wires the routers. No module
 * singletons. The app is a Node request listener: the lean routes (the plain case of a hot route,
 * see http/leanRoutes.ts) first, then Express for everything else. `listen` serves it;
 * `express` is the Express app alone.
 */
export function createApp(deps: AppDeps) {
  const settings: AppSettings = {
    cookieSecure: false,
    bodyLimitBytes: 4 * 1024 * 1024,
    trustProxy: false,
    ...deps.settings,
  };
  const https = settings.publicUrl?.startsWith('https:') ?? false;
  const logger = deps.logger ?? pino({ level: 'silent' });
  const kysely = deps.db.kysely;
  const auth = new AuthService(kysely, {
    sessionTtlMs: deps.sessionTtlMs ?? 7 * 24 * 3600_000,
    loginMaxAttempts: deps.loginMaxAttempts ?? 10,
    loginWindowMs: deps.loginWindowMs ?? 15 * 60_000,
    scryptCost: deps.scryptCost,
  });
  const requireRole = makeRequireRole(auth);
  const log = requestLog(logger);
  const headersFor = (frameAncestors: string[]) =>
    securityHeaders({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", "'wasm-unsafe-eval'"],
          // three.js loads textures embedded in .glb files through blob: URLs and data: URIs.
          'img-src': ["'self'", 'data:', 'blob:'],
          'worker-src': ["'self'", 'blob:'],
          'connect-src': ["'self'", 'blob:', 'data:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'font-src': ["'self'", 'data:'],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'frame-ancestors': frameAncestors,
          'form-action': ["'self'"],
          'upgrade-insecure-requests': https ? [] : null,
        },
      },
      // HSTS only when the shop is served over https: on http://localhost it would pin the browser.
      strictTransportSecurity: https,
      crossOriginEmbedderPolicy: false,
      // frame-ancestors decides who may frame a page; X-Frame-Options cannot name other origins.
      ...(frameAncestors[0] === "'none'" ? {} : { xFrameOptions: false }),
    });
  const secure = headersFor(["'none'"]);
  // The embeddable configurator (/embed/*, issue #17) may be framed by EMBED_ORIGINS; nothing else may.
  const embedOrigins = settings.embedOrigins ?? [];
  const secureEmbed = embedOrigins.length ? headersFor(embedOrigins) : secure;

  /** What every request gets first, whichever way it is answered. */
  const begin = (req: IncomingMessage, res: ServerResponse) => {
    log.start(req, res);
    const url = req.url ?? '';
    if (url.startsWith('/embed/')) secureEmbed(res);
    else secure(res);
    // The embed script is loaded by other origins' pages (a classic <script src>).
    if (url === '/embed.js' || url.startsWith('/embed.js?')) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    // While shutting down, tell keep-alive clients to reconnect (to another instance).
    if (deps.isShuttingDown?.()) res.setHeader('Connection', 'close');
  };
  const respondError = errorResponder(log.of);
  const compileWorkers = deps.compileWorkers ?? new CompileWorkers({ memoryMb: settings.engineCompileMemoryMb ?? 1024 });
  const ctx: AppContext = {
    config: settings,
    db: deps.db,
    logger,
    api: new ApiRegistry(requireRole),
    lean: new LeanRoutes({ bodyLimitBytes: settings.bodyLimitBytes, begin, fail: respondError }),
    requireRole,
    auth,
    users: new UsersRepository(kysely, deps.scryptCost),
    catalog: new CatalogRepository(kysely, deps.db.sqlite),
    thumbnails: new ThumbnailsRepository(kysely),
    engine: new EngineService(compileWorkers, {
      budgetMs: settings.engineCompileBudgetMs ?? 20_000,
      memoryMb: compileWorkers.memoryMb,
      evaluateBudgetMs: settings.evaluateBudgetMs,
    }),
    tasks: deps.tasks ?? new TaskPool(),
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', settings.trustProxy);
  app.set('query parser', 'simple');
  log.install(app);
  app.use((req, res, next) => {
    begin(req, res);
    next();
  });
  app.use(dynamicCompression());
  app.use(express.json({ limit: settings.bodyLimitBytes, strict: true }));

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/readyz', async (_req, res) => {
    if (deps.isShuttingDown?.()) return void res.status(503).json({ error: { code: 'shutting_down', message: 'shutting down' } });
    try {
      await deps.db.ping();
      res.json({ ok: true, database: deps.db.dialect });
    } catch {
      res.status(503).json({ error: { code: 'database_unavailable', message: 'the database does not answer' } });
    }
  });

  // Orders first: a POST /api/orders that is not plain JSON comes this way, past every router before it.
  // The order writer keeps the sales desk's search table up to date, through an interface it owns.
  const configurations = configurationsService(ctx);
  app.use(
    createOrdersRouter(ctx, {
      arrears: SQLITE_SEARCH_INDEX,
      placeSaved: (orders, key, req) => placeFromConfiguration(configurations, orders, key, req),
    }),
  );
  app.use(createCatalogRouter(ctx));
  app.use(createThumbnailsRouter(ctx));
  app.use(createAuthRouter(ctx));
  app.use(createExportsRouter(ctx));
  app.use(createSalesRouter(ctx));
  app.use(createWebhooksRouter(ctx));
  app.use(createStudioRouter(ctx));
  app.use(createConfigurationsRouter(ctx));
  const recommend = createRecommendRouter(ctx, {
    refreshMs: settings.recommendRefreshMs,
    recommendBudgetMs: settings.recommendBudgetMs,
  });
  app.use(recommend);
  app.use(createArModelsRouter(ctx));
  app.use(createShopRouter(ctx));
  for (const feature of deps.features ?? []) app.use(feature(ctx));

  let openapi: unknown;
  app.get('/api/openapi.json', (_req, res) => {
    openapi ??= ctx.api.document({ version: '1', serverUrl: settings.publicUrl });
    res.json(openapi);
  });
  app.use('/api', apiNotFound);
  app.use('/assets/catalog', apiNotFound);

  const clientDir = deps.clientDir;
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) app.use(clientAssets(clientDir));
  app.use(apiNotFound);
  app.use(errorMiddleware(respondError));

  const lean = ctx.lean;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (!lean.take(req, res)) app(req, res);
  };
  return Object.assign(listener, {
    ctx,
    /** The Express app alone, without the lean routes in front of it. */
    express: app,
    /** Learns the recommendation models and answers recommendations (its thread ends with `close()`). */
    recommendations: recommend.service,
    /** An HTTP server for the app, listening (as Express's `app.listen`). */
    listen(port: number, host: string, callback?: () => void): http.Server {
      return http.createServer(listener).listen(port, host, callback);
    },
  });
}
