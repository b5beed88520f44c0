/**
 * npm run bench:sales — the sales desk at scale: seed N orders (default 1,000,000) into a fresh
 * database, start the real server under /usr/bin/time -v, time filtered sorted pages of
 * GET /api/sales/orders, stream GET /api/sales/orders/export?format=csv to the end counting rows,
 * and read the server's peak RSS from time's report. SQLite in a temp DATA_DIR, then PostgreSQL
 * (a fresh schema, dropped afterwards) when --pg is given or DATABASE_URL is set.
 *
 *   npm run bench:sales -- [--orders 1000000] [--pg] [--sqlite-only]
 *
 * BENCH_SERVER_ARGS: extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
 *
 * Targets: export ≥ 100,000 rows/s with peak RSS ≤ 200 MB; a filtered, sorted page ≤ 100 ms.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { pino } from 'pino';
import { seedOrders } from '../../scripts/seedOrders.js';
import { buildServer } from './serverBuild.js';
import { UsersRepository } from '../../server/auth/usersRepository.js';
import { CatalogRepository } from '../../server/catalog/catalogRepository.js';
import { importCatalogIfEmpty } from '../../server/catalog/importCatalog.js';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { migrations } from '../../server/migrations.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000000' },
    pg: { type: 'boolean', default: false },
    'sqlite-only': { type: 'boolean', default: false },
    // build: the server bundled by esbuild and run by plain node (how it should be deployed);
    // tsx: `node --import tsx server/index.ts`, as `npm start` runs it (tsx's loader thread and
    // sources cost ~50 MB of RSS before any request).
    server: { type: 'string', default: 'build' },
  },
});
const N = Number(args.orders);
const PG_URL = process.env.DATABASE_URL ?? (args.pg ? 'postgres://postgres@127.0.0.1:5432/test' : undefined);

interface Result {
  dialect: string;
  orders: number;
  seedSeconds: number;
  pages: { name: string; medianMs: number; p95Ms: number; rows: number }[];
  exportRows: number;
  exportSeconds: number;
  rowsPerSecond: number;
  exportMB: number;
  peakRssMB: number;
  rssBeforeExportMB: number;
  /** Load average (1, 5, 15 min) right after the export. */
  load: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function bench(dialect: 'sqlite' | 'postgres'): Promise<Result> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mw-sales-bench-'));
  const schema = dialect === 'postgres' ? `bench_sales_${randomBytes(4).toString('hex')}` : undefined;
  const url = dialect === 'postgres' ? PG_URL : undefined;
  const db = await openDatabase({ databaseUrl: url, databaseSchema: schema, dataDir });
  try {
    await migrateToLatest(db, migrations);
    const catalog = new CatalogRepository(db.kysely);
    await importCatalogIfEmpty(catalog, path.join(root, 'catalog/data/products'), pino({ level: 'warn' }));
    const users = new UsersRepository(db.kysely, 2 ** 10);
    const user = await users.create('bench-sales@example.com', 'sales', 'bench-password-123');
    const { token } = await users.createToken(user.id, 'bench');

    const t0 = performance.now();
    let last = 0;
    await seedOrders(db, catalog, {
      orders: N,
      onProgress: (d) => {
        if (d - last >= 100_000 || d === N) {
          last = d;
          process.stderr.write(`\r  [${dialect}] seeded ${d.toLocaleString('en')} orders`);
        }
      },
    });
    const seedSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(` in ${seedSeconds.toFixed(0)} s\n`);

    // The real server, measured by GNU time from its first instruction to its exit.
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      CATALOG_DIR: path.join(root, 'catalog/data/products'),
      CLIENT_DIR: path.join(root, 'dist/client'),
      ...(url ? { DATABASE_URL: url, DATABASE_SCHEMA: schema! } : { DATABASE_URL: '' }),
    };
    const timeOut = path.join(dataDir, 'time.txt');
    const extra = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
    const entry = [...extra, ...(args.server === 'tsx' ? ['--import', 'tsx', 'server/index.ts'] : [built!])];
    const child = spawn('/usr/bin/time', ['-v', '-o', timeOut, process.execPath, ...entry], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        // not yet listening
      }
      if (i > 300) throw new Error('the server did not start');
      await sleep(100);
    }
    const auth = { Authorization: `Bearer ${token}` };
    const products = (await catalog.listCurrent()).map((p) => p.productId);
    const month = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    const queries: [string, string][] = [
      ['newest first, no filter', ''],
      ['status=in_production, newest first', 'status=in_production'],
      [
        `product=${products[0]}&status=received, date range 90 days, newest first`,
        `product=${products[0]}&status=received&from=${month}`,
      ],
      ['status=shipped, sorted by total desc', 'status=shipped&sort=-total'],
      ['sorted by customer, page 2 (keyset cursor)', 'sort=customer&cursor=__NEXT__'],
      ['status=received,cancelled (two legs merged), newest first', 'status=received,cancelled'],
      [`product=${products[0]}, sorted by total desc`, `product=${products[0]}&sort=-total`],
      ['free text "peeters" (common), newest first', 'q=peeters'],
      // One order's e-mail (seeded as first.<number>@example.com): a text that only the search index finds fast.
      ['free text, one e-mail (rare), newest first', `q=${encodeURIComponent(`.${Math.floor(N / 3)}@example`)}`],
      ['free text matching nothing', 'q=nobody-by-this-name'],
      ['free text order number (digits: exact number)', `q=${Math.floor(N / 2)}`],
      // Since migration 0040 the search text holds the configuration's values (personal texts, option ids)
      // and free text also finds the orders of products whose name holds it.
      ['free text option id "salmon" (a watch dial), newest first', 'q=salmon'],
      ['free text product name "meridian" (one product of three), newest first', 'q=meridian'],
      ['free text two letters "JD" (personal text; under a trigram: scan)', 'q=JD'],
      ['free text two letters "zq" (matches nothing; under a trigram: scan)', 'q=zq'],
    ];
    const pages: Result['pages'] = [];
    for (const [name, q] of queries) {
      let query = q;
      if (q.includes('__NEXT__')) {
        const first = (await (await fetch(`${base}/api/sales/orders?sort=customer&limit=50`, { headers: auth })).json()) as {
          nextCursor: string;
        };
        query = q.replace('__NEXT__', first.nextCursor);
      }
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 12; i++) {
        const s = performance.now();
        const res = await fetch(`${base}/api/sales/orders?limit=50&${query}`, { headers: auth });
        const body = (await res.json()) as { orders: unknown[] };
        if (!res.ok) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
        if (i >= 2) times.push(performance.now() - s); // two warm-ups
        rows = body.orders.length;
      }
      times.sort((a, b) => a - b);
      pages.push({
        name,
        medianMs: times[Math.floor(times.length / 2)]!,
        p95Ms: times[Math.ceil(times.length * 0.95) - 1]!,
        rows,
      });
    }

    // The server's peak RSS before the export (start-up, tsx, pages): the export's own share is the rest.
    const serverPid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${serverPid}/status`, 'utf8'))?.[1]) / 1024;
    const rssBeforeExportMB = hwm();
    const e0 = performance.now();
    // node:http and Buffer.indexOf rather than fetch's web streams and a byte loop: the reading
    // client shares the two cores with the server, so it should cost as little as it can.
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(`${base}/api/sales/orders/export?format=csv`, { headers: auth }, resolve).on('error', reject),
    );
    if (res.statusCode !== 200) throw new Error(`export: ${res.statusCode}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    }
    const exportSeconds = (performance.now() - e0) / 1000;
    const exportRows = lines - 1; // the header
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

    // Stop the node process itself (GNU time does not pass signals on), then read time's report.
    process.kill(serverPid, 'SIGTERM');
    await exited;
    const report = readFileSync(timeOut, 'utf8');
    const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1]);
    return {
      dialect,
      orders: N,
      seedSeconds,
      pages,
      exportRows,
      exportSeconds,
      rowsPerSecond: exportRows / exportSeconds,
      exportMB: bytes / 1e6,
      peakRssMB: rssKb / 1024,
      rssBeforeExportMB,
      load,
    };
  } finally {
    if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.kysely);
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.error(`server: ${args.server === 'tsx' ? 'node --import tsx server/index.ts' : 'esbuild bundle, plain node'}`);
console.error(`load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on this machine`);
// Built before seeding, so a broken build stops the run at once.
const built = args.server === 'tsx' ? undefined : buildServer(root);
const results: Result[] = [await bench('sqlite')];
if (PG_URL && !args['sqlite-only']) results.push(await bench('postgres'));

for (const r of results) {
  console.log(`\n## ${r.dialect}: ${r.orders.toLocaleString('en')} orders (seeded in ${r.seedSeconds.toFixed(0)} s)`);
  console.log('| page of 50 (HTTP, warm) | median ms | p95 ms | rows |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const p of r.pages) console.log(`| ${p.name} | ${p.medianMs.toFixed(1)} | ${p.p95Ms.toFixed(1)} | ${p.rows} |`);
  console.log(
    `\nCSV export: ${r.exportRows.toLocaleString('en')} rows, ${r.exportMB.toFixed(0)} MB in ${r.exportSeconds.toFixed(1)} s = ` +
      `${Math.round(r.rowsPerSecond).toLocaleString('en')} rows/s; server peak RSS ${r.peakRssMB.toFixed(0)} MB (/usr/bin/time -v; ${r.rssBeforeExportMB.toFixed(0)} MB before the export)`,
  );
  const ok = r.exportRows === r.orders && r.rowsPerSecond >= 100_000 && r.peakRssMB <= 200;
  console.log(`load average after the export: ${r.load}`);
  console.log(`targets (≥ 100,000 rows/s, ≤ 200 MB, all rows): ${ok ? 'met' : 'NOT met'}`);
}
