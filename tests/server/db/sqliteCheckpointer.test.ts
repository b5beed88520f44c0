import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** ~4 MB into the WAL in one transaction on the server's connection. */
function write(db: Db) {
  const raw = db.sqlite!;
  raw.exec('create table blobs (b blob)');
  const insert = raw.prepare('insert into blobs values (?)');
  raw.transaction(() => {
    for (let i = 0; i < 1000; i++) insert.run(Buffer.alloc(4096, i % 251));
  })();
}

async function open(backgroundCheckpoints: boolean) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mw-ckpt-'));
  dirs.push(dataDir);
  const db = await openDatabase({ dataDir, backgroundCheckpoints });
  return { db, file: path.join(dataDir, 'maatwerk.sqlite') };
}

describe('WAL checkpoints on a worker thread (SQLite)', () => {
  it('copies committed pages into the database file without the writer doing it', async () => {
    const { db, file } = await open(true);
    expect(db.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    write(db);
    expect(statSync(file).size).toBeLessThan(1_000_000); // still only in the WAL
    const until = Date.now() + 10_000;
    while (statSync(file).size < 4_000_000 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(file).size).toBeGreaterThan(4_000_000);
    await db.close();
  });

  it('without it the server connection keeps SQLite’s own checkpoints', async () => {
    const { db } = await open(false);
    expect(db.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await db.close();
  });

  it('close() stops the worker and leaves every commit in the file', async () => {
    const { db, file } = await open(true);
    write(db);
    await db.close();
    expect(statSync(file).size).toBeGreaterThan(4_000_000);
  });
});
