import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { AuthService } from './auth/authService.js';
import type { UsersRepository } from './auth/usersRepository.js';
import type { CatalogRepository } from './catalog/catalogRepository.js';
import type { ThumbnailsRepository } from './catalog/thumbnails.js';
import type { Db } from './db/database.js';
import type { EngineService } from './engine/engineService.js';
import type { Role } from './db/schema.js';
import type { ApiRegistry } from './http/apiRegistry.js';
import type { LeanRoutes } from './http/leanRoutes.js';
import type { TaskPool } from './workers/taskPool.js';

/** Settings the routers read (a subset of Config, so tests can build an app without the environment). */
export interface AppSettings {
  publicUrl?: string | undefined;
  cookieSecure: boolean;
  bodyLimitBytes: number;
  /** Largest studio upload (.glb or texture); the studio's default when absent. */
  maxModelBytes?: number | undefined;
  trustProxy: boolean | number | string;
  /** Webhook URLs may name loopback, private and link-local addresses (WEBHOOK_ALLOW_PRIVATE). */
  webhookAllowPrivate?: boolean | undefined;
  /** The compile worker's time budget and heap cap (defaults 20 s, 1024 MB). */
  engineCompileBudgetMs?: number | undefined;
  engineCompileMemoryMb?: number | undefined;
  /** Lifetime of a saved configuration; 30 days when absent. */
  configurationTtlMs?: number | undefined;
  /** Origins that may frame /embed/*; none when absent or empty. */
  embedOrigins?: string[] | undefined;
  /** Relearn every product's recommendation model this often (none: only on demand). */
  recommendRefreshMs?: number | undefined;
  /** Time one recommendation may take in its thread; 2 s when absent. */
  recommendBudgetMs?: number | undefined;
  /** Time one evaluation of a product in the diagram form may take in its thread; 5 s when absent. */
  evaluateBudgetMs?: number | undefined;
  /** AR variant models (POST /api/ar-models): total bytes kept, time kept after the last post, read cache bytes; 128 MB, 1 h, 32 MB when absent. */
  arModels?: { maxBytes?: number; ttlMs?: number; cacheBytes?: number } | undefined;
}

/**
 * What every feature router gets: `createXRouter(ctx)`. Built once per app by createApp;
 * nothing here is a module-level singleton, so tests run several apps side by side.
 */
export interface AppContext {
  config: AppSettings;
  db: Db;
  logger: Logger;
  api: ApiRegistry;
  /** Routes answered in front of Express in their plain case (a hot path); also mounted on Express. */
  lean: LeanRoutes;
  /** `requireRole('producer')` — signed in with that role (admin always passes); `requireRole()` — any account. */
  requireRole: (...roles: Role[]) => RequestHandler;
  auth: AuthService;
  users: UsersRepository;
  catalog: CatalogRepository;
  thumbnails: ThumbnailsRepository;
  /** Compiles and lints products in worker threads; orders and prices await it (engine/engineService.ts). */
  engine: EngineService;
  /** Threads for slow work on outside input (images, PDFs, models): `tasks.run(name, input)`. */
  tasks: TaskPool;
}
