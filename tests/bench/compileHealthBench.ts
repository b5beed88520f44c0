// /healthz while the engine compiles a product it cannot finish: the bundled server (as `npm
// start` runs it), a hard synthetic product imported through the studio, its draft opened, and
// /healthz asked every 10 ms until the draft answers (its compile timed out in the worker).
// Baseline: the same polling with nothing compiling, in the same run.
//   npm run bench:compile-health [-- --budget-ms 20000]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UsersRepository } from '../../server/auth/usersRepository.js';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { migrations } from '../../server/migrations.js';
import { percentile } from './engineStats.js';
import { buildServer } from './serverBuild.js';
import { syntheticProduct } from './syntheticProduct.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { 'budget-ms': { type: 'string', default: '20000' } } });
const budgetMs = Number(values['budget-ms']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const server = buildServer(root);
const dataDir = mkdtempSync(path.join(tmpdir(), 'mw-compile-health-'));
const db = await openDatabase({ dataDir });
await migrateToLatest(db, migrations);
const users = new UsersRepository(db.kysely, 2 ** 10);
const producer = await users.create('bench-producer@example.com', 'producer', 'bench-password-123');
const { token } = await users.createToken(producer.id, 'bench');
await db.close();

const port = 20_000 + Math.floor(Math.random() * 20_000);
const proc = spawn(process.execPath, [server], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CATALOG_DIR: mkdtempSync(path.join(tmpdir(), 'mw-empty-catalog-')),
    CLIENT_DIR: '/nonexistent',
    LOG_LEVEL: 'warn',
    ENGINE_COMPILE_BUDGET_MS: String(budgetMs),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => proc.kill('SIGKILL'));
const url = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    await fetch(`${url}/healthz`);
    break;
  } catch {
    await sleep(100);
  }
}

/** /healthz latencies (ms), one request every 10 ms, while `busy()` says so. */
async function poll(busy: () => boolean): Promise<number[]> {
  const out: number[] = [];
  while (busy()) {
    const t0 = performance.now();
    const r = await fetch(`${url}/healthz`);
    await r.arrayBuffer();
    out.push(performance.now() - t0);
    await sleep(10);
  }
  return out;
}

const h = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
const product = { ...syntheticProduct({ attributes: 200, options: 10, rules: 300, seed: 1, longRange: 0.2 }), id: 'tangled' };
const imported = await fetch(`${url}/api/studio/import`, {
  method: 'POST',
  headers: h,
  body: JSON.stringify({ products: [product] }),
});
if (imported.status !== 200) throw new Error(`import: ${imported.status} ${await imported.text()}`);

const idleUntil = performance.now() + 3000;
const idle = await poll(() => performance.now() < idleUntil);

let answered = false;
const t0 = performance.now();
const draft = fetch(`${url}/api/studio/products/tangled/draft`, { headers: h }).then(async (r) => {
  answered = true;
  return { ms: performance.now() - t0, body: (await r.json()) as { check: { lint: { code: string; message: string }[] } } };
});
const during = await poll(() => !answered);
const { ms, body } = await draft;
const finding = body.check.lint.find((f) => f.code === 'too-complex');
proc.kill('SIGTERM');

const f = (x: number) => x.toFixed(1);
console.log(`lint: ${finding?.message.slice(0, 160) ?? 'no too-complex finding'}`);
console.log(
  `compile-health: budget_ms=${budgetMs} draft_ms=${Math.round(ms)} healthz_n=${during.length} ` +
    `healthz_p50_ms=${f(percentile(during, 50))} healthz_p99_ms=${f(percentile(during, 99))} healthz_max_ms=${f(Math.max(...during))} ` +
    `idle_p50_ms=${f(percentile(idle, 50))} idle_p99_ms=${f(percentile(idle, 99))} ratio_p99=${(percentile(during, 99) / percentile(idle, 99)).toFixed(2)}`,
);
