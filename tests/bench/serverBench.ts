/**
 * npm run bench:server — orders per second through POST /api/orders (a bundled product, varied
 * valid configurations, a fresh Idempotency-Key each) against a bare Express route that parses
 * and echoes the same JSON, in the same run; on SQLite, then on PostgreSQL when
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set. Afterwards the rows in the database are
 * counted and must equal the 201s.
 *
 * Options (env): BENCH_ORDERS (20000 requests a run), BENCH_ROUNDS (3 runs a route; the median run by
 * req/s is reported, every run printed), BENCH_CONNECTIONS (64), BENCH_PRODUCT (lounge-chair),
 * BENCH_SERVER_ARGS (extra node flags for the order server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`),
 * BENCH_SNAPSHOT (a PNG file sent as every order's `snapshot`, to measure the order route's snapshot check).
 * The order server is the bundle `npm start` runs (built first by `npm run build:server`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import express from 'express';
import { sql } from 'kysely';
import { evaluate, validate, type Product } from '../../catalog/index.js';
import { loadCatalogDir } from '../../server/catalog/loadCatalogDir.js';
import { openDatabase } from '../../server/db/database.js';
import { buildServer } from './serverBuild.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ORDERS = Number(process.env.BENCH_ORDERS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PRODUCT = process.env.BENCH_PRODUCT ?? 'lounge-chair';
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const catalogDir = path.join(root, 'catalog/data/products');
/** The order server: the bundle, built at the start of main(). */
const SERVER = 'dist/server/index.mjs';

/** The echo server: `tsx serverBench.ts --echo` (its own process, like the real server). */
function runEchoServer() {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '4mb' }));
  app.post('/echo', (req, res) => void res.status(201).json(req.body));
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  const server = app.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

/** Random choices completed by the engine, kept when the full validation accepts them. */
function configurations(product: Product, n: number): Record<string, string | null>[] {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out = new Map<string, Record<string, string | null>>();
  for (let tries = 0; out.size < n && tries < n * 50; tries++) {
    const choices: Record<string, string | null> = {};
    for (const a of product.attributes) {
      if (rand() < 0.5) continue;
      if (a.kind === 'text') choices[a.id] = rand() < 0.5 ? null : 'AB';
      else choices[a.id] = a.options[Math.floor(rand() * a.options.length)]!.id;
    }
    const ev = evaluate(product, choices);
    if (!ev.ok || !validate(product, ev.configuration).ok) continue;
    out.set(JSON.stringify(ev.configuration), { ...ev.configuration });
  }
  return [...out.values()];
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Every process started, stopped when the bench exits, even on a failure. */
const children = new Set<ReturnType<typeof spawn>>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Start a node process on a free port and wait until it answers /healthz (or /echo). */
async function start(
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; cpuMs: () => number; stop: () => Promise<void> }> {
  const port = await freePort();
  // The order server runs as `npm start` runs it (the bundle, plain node); the echo under tsx.
  const extra = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const argv = args[0] === SERVER ? [...extra, SERVER] : ['--import', 'tsx', ...args];
  const proc = spawn(process.execPath, argv, {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CLIENT_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(proc);
  let exited = false;
  const done = new Promise<void>((r) => proc.once('exit', () => ((exited = true), r())));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (exited) throw new Error(`${args.join(' ')} exited before listening`);
    try {
      await fetch(`${url}/healthz`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    cpuMs: () => processCpuMs(proc.pid!),
    stop: async () => {
      proc.kill('SIGTERM');
      await done;
    },
  };
}

/**
 * CPU time (user + system) a process has used, from /proc (Linux; 0 elsewhere). On a shared
 * machine wall-clock rates say as much about the neighbours as about the server; CPU
 * milliseconds per request say what the server itself costs.
 */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return 0;
  }
}

function load1() {
  return loadavg()[0]!.toFixed(1);
}

interface Run {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Server CPU milliseconds per request over the run (0 when unknown). */
  cpuMsPerReq: number;
}

async function load(
  label: string,
  url: string,
  bodies: string[],
  withKey: boolean,
  amount = ORDERS,
  cpuMs: () => number = () => 0,
): Promise<Run> {
  const cpu0 = cpuMs();
  let i = 0;
  const stamp = Date.now().toString(36);
  let shown = 0;
  const t0 = performance.now();
  let last = t0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        // A fixed number of requests, all answered before the run ends, so rows can equal 201s.
        amount,
        // Seconds. Under a loaded machine a slow answer is slow, not an error: with autocannon's
        // default (10 s) a request the server still commits would count as failed.
        timeout: 120,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const n = i++;
              return {
                ...req,
                headers: {
                  'content-type': 'application/json',
                  ...(withKey ? { 'idempotency-key': `bench-${stamp}-${n}` } : {}),
                },
                body: bodies[n % bodies.length],
              };
            },
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', () => {
      last = performance.now();
    });
    instance.on('reqError', (e: Error) => {
      if (shown++ < 3) console.error(`${label}: ${e.message}`);
    });
  });
  // From the first request to the last answer: autocannon ends a fixed-amount run only on its
  // next one-second tick, so its own duration (and the wall time around it) runs up to 1 s long.
  const seconds = (last - t0) / 1000;
  return {
    label,
    // Requests over the time to the last answer, measured here (autocannon's `requests.average` is a
    // mean of whole-second samples, which a partly filled last second drags down).
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuMsPerReq: (cpuMs() - cpu0) / amount,
  };
}

/** ROUNDS runs one after the other, each printed as it ends. */
async function rounds(run: () => Promise<Run>): Promise<Run[]> {
  const out: Run[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await run();
    console.log(
      `  ${r.label}, run ${i + 1}/${ROUNDS}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.cpuMsPerReq.toFixed(3)} CPU ms/req, load ${load1()}`,
    );
    out.push(r);
  }
  return out;
}

/** The run with the median throughput (its own latencies and CPU go with it). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;
}

async function benchDatabase(
  dialect: 'sqlite' | 'postgres',
  bodies: string[],
  echo: Run,
): Promise<{ run: Run; rows: number; ok: number; bad: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mw-bench-'));
  const schema = dialect === 'postgres' ? `bench_${Date.now().toString(36)}` : undefined;
  const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', CATALOG_DIR: catalogDir };
  if (schema) Object.assign(env, { DATABASE_URL: PG_URL!, DATABASE_SCHEMA: schema, DATABASE_POOL_SIZE: '16' });
  const server = await start([SERVER], env);
  // Warm up: compile the product, fill caches, open pool connections.
  await load('warm-up', `${server.url}/api/orders`, bodies, true, 2000);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, databaseSchema: schema, dataDir });
  const count = async () =>
    Number(
      (
        await db.kysely
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await count();
  const runs = await rounds(() =>
    load(`POST /api/orders (${dialect})`, `${server.url}/api/orders`, bodies, true, ORDERS, server.cpuMs),
  );
  const run = median(runs);
  const ok = runs.reduce((n, r) => n + r.ok, 0);
  const bad = runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
  await server.stop();
  const rows = (await count()) - before;
  if (schema) await sql`drop schema ${sql.id(schema)} cascade`.execute(db.kysely);
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
  void echo;
  return { run, rows, ok, bad };
}

async function main() {
  if (path.relative(root, buildServer(root)) !== SERVER) throw new Error(`the server bundle is not ${SERVER}`);
  const { products } = await loadCatalogDir(catalogDir);
  const product = products.find((p) => p.product.id === PRODUCT)?.product ?? products[0]?.product;
  if (!product) throw new Error(`no product in ${catalogDir}`);
  const configs = configurations(product, 200);
  const snapshotFile = process.env.BENCH_SNAPSHOT;
  const snapshot = snapshotFile ? `data:image/png;base64,${readFileSync(snapshotFile).toString('base64')}` : undefined;
  const bodies = configs.map((choices, i) =>
    JSON.stringify({
      productId: product.id,
      version: 1,
      choices,
      quantity: 1 + (i % 3),
      customer: { name: `Bench Customer ${i}`, email: `bench${i}@example.com`, address: 'Kerkstraat 1, 1000 Brussel' },
      ...(snapshot ? { snapshot } : {}),
    }),
  );
  if (snapshotFile)
    console.log(`every order carries ${snapshotFile} (${readFileSync(snapshotFile).length} bytes) as its snapshot`);
  console.log(
    `product ${product.id}: ${configs.length} distinct valid configurations; ${CONNECTIONS} connections, ${ORDERS} requests a run; load average ${load1()}`,
  );

  const echoServer = await start(['tests/bench/serverBench.ts', '--echo'], {});
  await load('warm-up', `${echoServer.url}/echo`, bodies, false, 2000);
  const echo = median(
    await rounds(() => load('bare Express echo', `${echoServer.url}/echo`, bodies, false, ORDERS, echoServer.cpuMs)),
  );
  await echoServer.stop();

  const results = [await benchDatabase('sqlite', bodies, echo)];
  if (PG_URL) results.push(await benchDatabase('postgres', bodies, echo));

  const rows = [
    `median of ${ROUNDS} runs of ${ORDERS} requests by req/s (its latencies and CPU); 2xx, errors and rows over all runs:`,
    '| route | req/s | p50 ms | p99 ms | 2xx | errors | rows stored | ratio to echo | server CPU ms/req |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${echo.label} | ${echo.rps.toFixed(0)} | ${echo.p50} | ${echo.p99} | – | – | – | 1 | ${echo.cpuMsPerReq.toFixed(3)} |`,
    ...results.map(
      ({ run: r, rows: n, ok, bad }) =>
        `| ${r.label} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${ok} | ${bad} | ${n} | ${(r.rps / echo.rps).toFixed(2)} | ${r.cpuMsPerReq.toFixed(3)} |`,
    ),
  ];
  console.log(rows.join('\n'));
  console.log(`load average at the end ${load1()}`);
  let failed = false;
  for (const { run: r, rows: n, ok: created, bad } of results) {
    const checks: [boolean, string][] = [
      [n === created, `rows stored (${n}) = 201s (${created})`],
      [bad === 0, 'zero errors'],
      [r.rps >= 2000, 'at least 2,000 orders/s'],
      [r.p99 <= 50, 'p99 at most 50 ms'],
      [r.rps / echo.rps >= 0.25, 'ratio to the bare route at least 0.25'],
    ];
    for (const [ok, what] of checks) {
      console.log(`${ok ? 'ok  ' : 'MISS'} ${r.label}: ${what}`);
      // The correctness checks must hold everywhere; the throughput targets are for SQLite.
      if (!ok && (r.label.includes('sqlite') || what.startsWith('rows') || what === 'zero errors')) failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv.includes('--echo')) runEchoServer();
else await main();
