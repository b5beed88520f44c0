import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { miniProduct } from '../fixtures/miniProduct.js';
import { FAKE_GLB } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A catalog folder holding only the mini mug, for servers started on an empty database. */
export function miniCatalogDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mw-cat-'));
  writeFileSync(path.join(dir, 'mini-mug.json'), JSON.stringify(miniProduct()));
  writeFileSync(path.join(dir, 'mini-mug.glb'), FAKE_GLB);
  return dir;
}

export interface ChildServer {
  proc: ChildProcess;
  url: string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

/**
 * Start `server/index.ts` in its own node process (one process: SIGKILL really kills the server).
 * `startTimeoutMs`: how long to wait for it to listen (a guard against a hang, not a timing).
 */
export function startServer(env: Record<string, string>, { startTimeoutMs = 30_000 } = {}): Promise<ChildServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', CLIENT_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), startTimeoutMs);
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+),"database"/.exec(out); // the "listening" line (an error may carry a port too)
      if (m) {
        clearTimeout(timer);
        proc.stdout!.removeAllListeners('data');
        proc.stdout!.resume();
        resolve({
          proc,
          url: `http://127.0.0.1:${m[1]}`,
          async stop() {
            proc.kill('SIGTERM');
            return exited;
          },
          async kill() {
            proc.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}\n${err}`));
    });
  });
}
