import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createApp } from './app.js';
import { createFirstAdmin } from './bootstrap.js';
import { importCatalogIfEmpty } from './catalog/importCatalog.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { CompileWorkers } from './engine/compileWorkers.js';
import { migrateToLatest } from './db/migrate.js';
import { migrations } from './migrations.js';
import { guardProcess } from './processGuards.js';
import { WebhookWorker } from './webhooks/webhooks.js';
import { TaskPool } from './workers/taskPool.js';
import { startOrderEmails } from './orders/startOrderEmails.js';

/** The project folder: the nearest one up with a package.json, whether run from server/ by tsx or bundled in dist/server. */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}
const root = projectRoot(path.dirname(fileURLToPath(import.meta.url)));

let config: Config;
try {
  config = loadConfig(process.env, root);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const logger = pino({ level: config.logLevel });
// The engine's compile thread loads while the database opens and migrates: the first-start
// import and the compile of the published products need it right after.
const compileWorkers = new CompileWorkers({ memoryMb: config.engineCompileMemoryMb });
compileWorkers.warm();
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  databaseSchema: config.databaseSchema,
  dataDir: config.dataDir,
  poolSize: config.databasePoolSize,
  backgroundCheckpoints: true,
});
const applied = await migrateToLatest(db, migrations);
if (applied.length) logger.info({ applied }, 'database migrated');

let shuttingDown = false;
const tasks = new TaskPool();
const app = createApp({
  db,
  tasks,
  logger,
  clientDir: config.clientDir,
  settings: {
    publicUrl: config.publicUrl,
    cookieSecure: config.cookieSecure,
    bodyLimitBytes: config.bodyLimitBytes,
    maxModelBytes: config.maxModelBytes,
    trustProxy: config.trustProxy,
    webhookAllowPrivate: config.webhookAllowPrivate,
    engineCompileBudgetMs: config.engineCompileBudgetMs,
    engineCompileMemoryMb: config.engineCompileMemoryMb,
    configurationTtlMs: config.configurationTtlMs,
    embedOrigins: config.embedOrigins,
    recommendRefreshMs: config.recommendRefreshMs,
    recommendBudgetMs: config.recommendBudgetMs,
    evaluateBudgetMs: config.evaluateBudgetMs,
    arModels: config.arModels,
  },
  sessionTtlMs: config.sessionTtlMs,
  loginMaxAttempts: config.loginMaxAttempts,
  loginWindowMs: config.loginWindowMs,
  isShuttingDown: () => shuttingDown,
  compileWorkers,
});
await importCatalogIfEmpty(app.ctx.catalog, config.catalogDir, logger, {
  engine: app.ctx.engine,
  thumbnails: app.ctx.thumbnails,
});
await createFirstAdmin(app.ctx.users, config.adminEmail, logger, (s) => console.log(s));

/** The port is taken, or the host is not this machine's: say so and stop (exit code 1). */
const cannotListen = (err: Error) => {
  logger.fatal({ err }, `cannot listen on ${config.host}:${config.port}: ${err.message}`);
  process.exit(1);
};
const server = app.listen(config.port, config.host, () => {
  server.off('error', cannotListen);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  logger.info({ port, database: db.dialect }, `Maatwerk on ${config.publicUrl ?? `http://localhost:${port}`}`);
});
server.once('error', cannotListen);
// From here on, a stray rejection is logged and served through; an uncaught exception stops (code 1).
guardProcess(process, logger, () => void shutdown('uncaughtException', 1));
server.keepAliveTimeout = 65_000;
// Compile the published products in the worker now, so the first orders find them ready
// (an order that comes first waits for the same compile; the event loop never compiles).
void app.ctx.catalog
  .listCurrent()
  .then((versions) =>
    Promise.all(
      versions.map(async (v) => {
        const o = await app.ctx.engine.check(v.product);
        if (!o.ok) logger.error({ product: v.productId, version: v.version }, o.finding.message);
      }),
    ),
  )
  .then((done) => logger.info({ products: done.length }, 'published products compiled'))
  .catch((err: unknown) => logger.error({ err }, 'compiling the published products failed'));
// Webhook deliveries queued in the database (new orders, status changes); safe with several instances.
const webhooks = new WebhookWorker(db, { logger, allowPrivate: config.webhookAllowPrivate }).start();
// Order e-mails to customers (received, status changes), queued in the database like webhooks.
const emails = await startOrderEmails(db, app.ctx.catalog, config, logger);

/** Stop accepting, let in-flight requests finish, close the database, exit. */
async function shutdown(signal: string, exitCode = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    logger.error('in-flight requests did not finish in time; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  force.unref();
  server.close(async () => {
    await webhooks.stop();
    await emails?.stop();
    await app.ctx.engine.close();
    await app.recommendations.close();
    await tasks.close();
    await db.close();
    logger.info('stopped');
    process.exit(exitCode);
  });
  // Keep-alive connections are closed as soon as their in-flight request is answered.
  server.closeIdleConnections();
  setInterval(() => server.closeIdleConnections(), 50).unref();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
