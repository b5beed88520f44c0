import path from 'node:path';
import { z } from 'zod';
import { AccountEmail, DEFAULT_ADMIN_EMAIL } from './auth/accountEmail.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number({ message: 'a whole number' }).int('a whole number').min(min).max(max);

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
  /** Hours between two learnings of every product's recommendation model; 0 = only on demand. */
  RECOMMEND_REFRESH_HOURS: int(0, 24 * 365).default(24),
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
  /** How often recommendation models are relearned (0: only on demand). */
  recommendRefreshMs: number;
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
    recommendRefreshMs: e.RECOMMEND_REFRESH_HOURS * 3600_000,
  };
}
