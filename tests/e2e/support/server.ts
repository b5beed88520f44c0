import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface StartedServer {
  /** e.g. "http://127.0.0.1:41234" */
  url: string;
  port: number;
  /** The temporary DATA_DIR (SQLite database and anything else the server writes). */
  dataDir: string;
  /** Everything the server printed on stdout and stderr so far (one-time admin link, logs). */
  output(): string;
  /** Resolves with the first match of `pattern` in the server's output (waits for it). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, wait for exit, delete the DATA_DIR (unless keepDataDir). */
  stop(): Promise<void>;
  process: ChildProcess;
}

export interface StartServerOptions {
  /** Extra environment (CATALOG_DIR, LOG_LEVEL, …). PORT and DATA_DIR are set for you. */
  env?: Record<string, string>;
  /** Reuse a data directory instead of a fresh temporary one (e.g. to test a restart). */
  dataDir?: string;
  keepDataDir?: boolean;
  /** Path that answers 200 once the server is ready; default /api/products. */
  readyPath?: string;
  timeoutMs?: number;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Start the real server (`tsx server/index.ts`) on a free port with a temporary DATA_DIR. It serves
 * the built client from dist/client, so run `vite build` first (`npm run test:e2e` does).
 */
export async function startServer(opts: StartServerOptions = {}): Promise<StartedServer> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'maatwerk-e2e-')));
  let out = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      // E2E_CATALOG_DIR points every test at another catalog folder (default: the bundled one).
      ...(process.env.E2E_CATALOG_DIR ? { CATALOG_DIR: process.env.E2E_CATALOG_DIR } : {}),
      ...opts.env,
      PORT: String(port),
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (let i = waiters.length - 1; i >= 0; i--) {
      const m = out.match(waiters[i]!.pattern);
      if (m) waiters.splice(i, 1)[0]!.resolve(m);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(url + (opts.readyPath ?? '/api/products'));
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready on ${url}:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    url,
    port,
    dataDir,
    process: child,
    output: () => out,
    waitForOutput(pattern, timeoutMs = 10_000) {
      const m = out.match(pattern);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const w = { pattern, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no ${pattern} in the server output:\n${out}`));
        }, timeoutMs).unref();
      });
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (!opts.keepDataDir && !opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
