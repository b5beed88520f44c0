// A large blob (an AR model, a studio upload) written and read on SQLite: on the server's own
// connection (better-sqlite3 runs SQL on the event loop's thread) against Db.executeLarge (a
// thread with a connection of its own). Reports the median wall time of each and the longest the
// event loop went without running a 1 ms timer meanwhile.
//   npm run bench:blobs [-- --mb 25 --rounds 7]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../../server/db/database.js';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '25' }, rounds: { type: 'string', default: '7' } } });
const mb = Number(values.mb);
const rounds = Number(values.rounds);
const dataDir = mkdtempSync(path.join(tmpdir(), 'mw-blobs-'));
const db = await openDatabase({ dataDir, backgroundCheckpoints: true }); // as the server opens it
await sql`create table blobs (id integer primary key, b blob)`.execute(db.kysely);
const k = db.kysely.withTables<{ blobs: { id: number; b: Buffer } }>();
const blob = Buffer.alloc(mb * 1024 * 1024, 7);

/** Wall time of `work` and the longest gap between two runs of a 1 ms timer during it. */
async function measure(work: () => Promise<unknown>): Promise<[number, number]> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  const start = performance.now();
  await work();
  const wall = performance.now() - start;
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(timer);
  return [wall, Math.max(worst, performance.now() - last)];
}

let id = 0;
await db.executeLarge(
  k
    .insertInto('blobs')
    .values({ id: ++id, b: Buffer.from('start the thread') })
    .compile(),
);
const runs: Record<string, [number, number][]> = { direct_write: [], offload_write: [], direct_read: [], offload_read: [] };
for (let i = 0; i < rounds; i++) {
  runs.direct_write!.push(await measure(() => k.insertInto('blobs').values({ id: ++id, b: blob }).execute()));
  runs.offload_write!.push(await measure(() => db.executeLarge(k.insertInto('blobs').values({ id: ++id, b: blob }).compile())));
  runs.direct_read!.push(await measure(() => k.selectFrom('blobs').select('b').where('id', '=', id).execute()));
  runs.offload_read!.push(await measure(() => db.executeLarge(k.selectFrom('blobs').select('b').where('id', '=', id).compile())));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = Object.entries(runs)
  .map(
    ([name, r]) =>
      `${name}_ms=${median(r.map((x) => x[0])).toFixed(1)} ${name}_loop_gap_ms=${median(r.map((x) => x[1])).toFixed(1)}`,
  )
  .join(' ');
console.log(`sqlite blobs ${mb} MB: ${line}`);
await db.close();
rmSync(dataDir, { recursive: true, force: true });
