import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('closing a SQLite database with its worker threads', () => {
  it('keeps the process alive until the order writer and the checkpointer have exited (graceful shutdown completes)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'tests/fixtures/closeDb.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('closed');
    expect(r.status).toBe(0);
  });
});
