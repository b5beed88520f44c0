import { afterAll, describe, expect, it } from 'vitest';
import { miniCatalogDir, startServer, type ChildServer } from './childServer.js';
import { createTestDb, type TestDb } from './harness.js';

describe('listening', () => {
  let t: TestDb | undefined;
  let first: ChildServer | undefined;
  afterAll(async () => {
    if (first?.proc.exitCode === null) await first.stop();
    await t?.close();
  });

  it('stops with exit code 1 and says why when its port is taken', async () => {
    t = await createTestDb('sqlite');
    const env = { ...t.env, CATALOG_DIR: miniCatalogDir() };
    first = await startServer(env);
    const port = new URL(first.url).port;
    const second = startServer({ ...env, PORT: port });
    await expect(second).rejects.toThrow(/server exited \(1\) before listening/);
    await expect(second).rejects.toThrow(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: listen EADDRINUSE`));
    // The first server is unharmed.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    // Two servers from the TypeScript sources, the first also checking its catalog in the compile thread.
  }, 90_000);
});
