import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Run a module in a node process with the server's process guards installed, as server/index.ts does. */
function run(body: string) {
  const script = `
    import { pino } from 'pino';
    import { guardProcess } from './server/processGuards.ts';
    guardProcess(process, pino(), () => { console.log('STOPPING'); process.exit(1); });
    ${body}
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('process guards (server/processGuards.ts)', () => {
  it('a stray promise rejection (a promise nobody awaits, inside a request) is logged and the process goes on', () => {
    const r = run(`
      const request = async () => { void Promise.reject(new Error('stray in a request')); return 'answered'; };
      console.log(await request());
      setTimeout(() => { console.log('STILL SERVING'); process.exit(0); }, 100);
    `);
    expect(r.code).toBe(0);
    expect(r.out).toContain('answered');
    expect(r.out).toContain('STILL SERVING');
    const line = JSON.parse(r.out.split('\n').find((l) => l.includes('unhandled promise rejection'))!);
    expect(line).toMatchObject({ level: 50, err: { message: 'stray in a request' } });
  });

  it('an uncaught exception is logged as fatal and stops the process (code 1)', () => {
    const r = run(`
      setTimeout(() => { throw new Error('broken invariant'); }, 10);
      setTimeout(() => { console.log('SHOULD NOT RUN'); }, 2000);
    `);
    expect(r.code).toBe(1);
    expect(r.out).toContain('STOPPING');
    expect(r.out).not.toContain('SHOULD NOT RUN');
    const line = JSON.parse(r.out.split('\n').find((l) => l.includes('uncaught exception'))!);
    expect(line).toMatchObject({ level: 60, err: { message: 'broken invariant' } });
  });
});
