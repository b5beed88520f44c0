import path from 'node:path';
import { z } from 'zod';
import { AccountEmail, DEFAULT_ADMIN_EMAIL } from './auth/accountEmail.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number({ message: 'a whole number' }).int('a whole number').min(min).max(max);

/** A web origin that may frame /embed/*: scheme, host and port only, as a browser writes it. */
const EmbedOrigin = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === v;
    } catch {
      return false;
    }
  },
  { message: 'comma-separated origins such as https://shop.example.com (scheme, host, port; no path or trailing slash)' },
);

/** Every setting of the server, read once from the environment at start. */
const EnvSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL such as postgres://user:password@host:5432/db')
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lowercase PostgreSQL schema name')
    .optional(),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  CATALOG_DIR: z.string().min(1).optional(),
  PUBLIC_URL: z.url({ message: 'an absolute URL such as https://shop.example.com' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => {
      if (v === 'true') return true;
      if (v === 'false' || v === '') return false;
      return /^\d+$/.test(v) ? Number(v) : v;
    }),
  SESSION_TTL_HOURS: int(1, 24 * 365).default(24 * 7),
  COOKIE_SECURE: bool.optional(),
  LOGIN_MAX_ATTEMPTS: int(1, 10_000).default(10),
  LOGIN_WINDOW_MINUTES: int(1, 24 * 60).default(15),
  // prefault: the default goes through the same check as a value that is set.
  ADMIN_EMAIL: AccountEmail.prefault(DEFAULT_ADMIN_EMAIL),
  BODY_LIMIT_KB: int(16, 64 * 1024).default(4096),
  MAX_MODEL_BYTES: int(1024, 512 * 1024 * 1024).default(25 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  CLIENT_DIR: z.string().min(1).optional(),
  WEBHOOK_ALLOW_PRIVATE: bool.optional(),
  ENGINE_COMPILE_BUDGET_MS: int(50, 3_600_000).default(20_000),
  ENGINE_COMPILE_MEMORY_MB: int(16, 64 * 1024).default(1024),
  CONFIGURATION_TTL_DAYS: int(1, 3650).default(30),
  EMBED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(EmbedOrigin)),
  SMTP_URL: z
    .url({ message: 'an SMTP URL such as smtp://user:password@mail.example.com:587 or smtps://…:465' })
    .refine((u) => /^smtps?:\/\//.test(u), 'an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z
    .string()
    .max(320)
    .regex(
      /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
      'an address such as shop@example.com or "Shop <shop@example.com>"',
    )
    .optional(),
  /** Hours between two learnings of every product's recommendation model; 0 = only on demand. */
  RECOMMEND_REFRESH_HOURS: int(0, 24 * 365).default(24),
  /** Milliseconds one recommendation may take in its thread; past it the answer is a 503. */
  RECOMMEND_BUDGET_MS: int(10, 60_000).default(2_000),
  /** Milliseconds one evaluation of a product in the diagram form may take in its thread; past it the answer is a 503. */
  EVALUATE_BUDGET_MS: int(10, 60_000).default(5_000),
  /** AR variants (POST /api/ar-models): total kept in the database, time kept after the last post, read cache per instance. */
  AR_MODELS_MAX_MB: int(1, 64 * 1024).default(128),
  AR_MODELS_TTL_MINUTES: int(1, 7 * 24 * 60).default(60),
  AR_MODELS_CACHE_MB: int(0, 4096).default(32),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL when set, else SQLite in dataDir. */
  databaseUrl: string | undefined;
  databaseSchema: string | undefined;
  databasePoolSize: number;
  catalogDir: string;
  publicUrl: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  trustProxy: boolean | number | string;
  sessionTtlMs: number;
  cookieSecure: boolean;
  loginMaxAttempts: number;
  loginWindowMs: number;
  adminEmail: string;
  bodyLimitBytes: number;
  /** Largest .glb (or texture) the studio accepts. */
  maxModelBytes: number;
  shutdownTimeoutMs: number;
  clientDir: string;
  /** Webhooks may go to loopback, private and link-local addresses (development; off by default). */
  webhookAllowPrivate: boolean;
  /** Time a product's compile (and then its lint) may take in the compile worker. */
  engineCompileBudgetMs: number;
  /** Heap cap of a compile worker thread. */
  engineCompileMemoryMb: number;
  /** How long a saved configuration (POST /api/configurations) can be read and ordered. */
  configurationTtlMs: number;
  /** Origins whose pages may frame /embed/* (CSP frame-ancestors); empty: none may. */
  embedOrigins: string[];
  /** Order e-mails to customers go through this SMTP server; none are sent without it. */
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  /** How often recommendation models are relearned (0: only on demand). */
  recommendRefreshMs: number;
  /** Time one recommendation may take in its thread. */
  recommendBudgetMs: number;
  /** Time one evaluation of a product in the diagram form may take in its thread. */
  evaluateBudgetMs: number;
  /** AR variant models: total stored (bytes), kept after the last post (ms), read cache per instance (bytes). */
  arModels: { maxBytes: number; ttlMs: number; cacheBytes: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Check the environment and turn it into a Config; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, root: string): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in EnvSchema.shape && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${String(i.path[0])}=${JSON.stringify(env[String(i.path[0])] ?? '')}: ${i.message}`),
    );
  }
  const e = parsed.data;
  if (e.SMTP_URL && !e.MAIL_FROM)
    throw new ConfigError(['MAIL_FROM="": required with SMTP_URL (the sender of order e-mails, e.g. shop@example.com)']);
  const abs = (p: string) => path.resolve(root, p);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: abs(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    catalogDir: abs(e.CATALOG_DIR ?? 'catalog/data/products'),
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    cookieSecure: e.COOKIE_SECURE ?? e.PUBLIC_URL?.startsWith('https:') ?? false,
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    loginWindowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
    adminEmail: e.ADMIN_EMAIL,
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    maxModelBytes: e.MAX_MODEL_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    clientDir: abs(e.CLIENT_DIR ?? 'dist/client'),
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE ?? false,
    engineCompileBudgetMs: e.ENGINE_COMPILE_BUDGET_MS,
    engineCompileMemoryMb: e.ENGINE_COMPILE_MEMORY_MB,
    configurationTtlMs: e.CONFIGURATION_TTL_DAYS * 24 * 3600_000,
    embedOrigins: e.EMBED_ORIGINS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    recommendRefreshMs: e.RECOMMEND_REFRESH_HOURS * 3600_000,
    recommendBudgetMs: e.RECOMMEND_BUDGET_MS,
    evaluateBudgetMs: e.EVALUATE_BUDGET_MS,
    arModels: {
      maxBytes: e.AR_MODELS_MAX_MB * 1024 * 1024,
      ttlMs: e.AR_MODELS_TTL_MINUTES * 60_000,
      cacheBytes: e.AR_MODELS_CACHE_MB * 1024 * 1024,
    },
  };
}
