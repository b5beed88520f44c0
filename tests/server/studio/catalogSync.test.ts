import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogSync } from '../../../scripts/catalogSync.js';
import { createTestApp, DIALECTS, FAKE_GLB, type TestApp } from '../harness.js';
import { mugGlb } from './studioSupport.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: TestApp;
  let server: Server;
  let url: string;
  let token: string;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    token = (await t.userWithToken('producer')).token;
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    dir = mkdtempSync(path.join(tmpdir(), 'mw-sync-'));
  });
  afterAll(async () => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const quiet: string[] = [];
  const log = (s: string) => void quiet.push(s);

  describe('npm run catalog -- pull|push', () => {
    it('pulls the published catalog into the catalog/data layout', async () => {
      expect(await catalogSync('pull', ['--server', url, '--dir', dir], { MAATWERK_TOKEN: token }, log)).toBe(0);
      const doc = JSON.parse(readFileSync(path.join(dir, 'mini-mug.json'), 'utf8'));
      expect(doc).toMatchObject({ id: 'mini-mug', basePrice: 1500 });
      expect(Buffer.compare(readFileSync(path.join(dir, 'mini-mug.glb')), FAKE_GLB)).toBe(0);
    });

    it('pushes edited files as drafts and publishes them', async () => {
      const file = path.join(dir, 'mini-mug.json');
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      doc.basePrice = 1800;
      writeFileSync(file, JSON.stringify(doc));
      // The server checks uploaded models, so the pushed model is a real .glb (the fixture's is a stub).
      writeFileSync(path.join(dir, 'mini-mug.glb'), await mugGlb());
      expect(
        await catalogSync('push', ['--server', url, '--token', token, '--dir', dir, '--publish', '--note', 'from git'], {}, log),
      ).toBe(0);
      const live = await request(t.app).get('/api/products/mini-mug');
      expect(live.body).toMatchObject({ version: 2, product: { basePrice: 1800 } });
      expect(quiet.at(-2)).toBe('mini-mug: draft updated, published as version 2');
    });

    it('refuses a broken folder, a bad token and missing arguments, publishing nothing', async () => {
      writeFileSync(path.join(dir, 'broken.json'), '{"id": "broken"');
      expect(await catalogSync('push', ['--server', url, '--token', token, '--dir', dir, '--publish'], {}, log)).toBe(1);
      rmSync(path.join(dir, 'broken.json'));
      expect(await catalogSync('push', ['--server', url, '--token', 'not-a-real-token-000', '--dir', dir], {}, log)).toBe(1);
      expect(await catalogSync('pull', ['--dir', dir], { MAATWERK_TOKEN: token }, log)).toBe(2);
      expect(await catalogSync('pull', ['--server', url], {}, log)).toBe(2);
      expect((await request(t.app).get('/api/products/mini-mug')).body.version).toBe(2);
    });
  });
});
