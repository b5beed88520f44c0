import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS_DIR } from '../../scripts/paths.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/catalog.ts'), ...args],
      { cwd: ROOT },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let tmp: string;
const watch = async () => JSON.parse(await readFile(path.join(PRODUCTS_DIR, 'wristwatch.json'), 'utf8'));

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'maatwerk-cli-'));
  // A broken catalog folder: a model that is not a glTF, a dangling part, a duplicate id, bad JSON.
  const broken = path.join(tmp, 'broken');
  await mkdir(broken);
  const w = await watch();
  w.attributes[1].options[0].effect.show = ['bezel-nope'];
  w.attributes[0].options[0].material.normalMap = 'textures/missing.png';
  await writeFile(path.join(broken, 'a-watch.json'), JSON.stringify(w));
  await writeFile(path.join(broken, 'wristwatch.glb'), 'this is not a model');
  const twin = await watch();
  twin.model.file = 'twin.glb';
  await writeFile(path.join(broken, 'b-twin.json'), JSON.stringify(twin));
  await copyFile(path.join(PRODUCTS_DIR, 'wristwatch.glb'), path.join(broken, 'twin.glb'));
  await writeFile(path.join(broken, 'c-bad.json'), '{"id": "x",');
  const dflt = await watch();
  delete dflt.defaults.bezel;
  dflt.id = 'defaults-gap';
  await writeFile(path.join(broken, 'd-defaults.json'), JSON.stringify(dflt));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('npm run catalog -- check', () => {
  it('passes the bundled catalog with exit 0', async () => {
    const r = await run('check');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 files, 3 product\(s\): no errors/);
  });

  it('reports each problem as file:json.path: message and exits 1', async () => {
    const r = await run('check', path.join(tmp, 'broken'));
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    const a = path.join(tmp, 'broken', 'a-watch.json');
    expect(lines).toContain(
      `${a}:model.file: wristwatch.glb: the model is not a glTF binary (.glb): it does not start with "glTF"`,
    );
    expect(lines).toContain(
      `${a}:attributes[0].options[0].material.normalMap: texture file "textures/missing.png" not found beside the product`,
    );
    expect(lines).toContain(`${path.join(tmp, 'broken', 'b-twin.json')}:id: product id "wristwatch" is also used by ${a}`);
    expect(r.stdout).toMatch(/c-bad\.json: not valid JSON/);
    expect(r.stdout).toMatch(/d-defaults\.json:defaults: the default configuration gives no value for "bezel"/);
    expect(lines.at(-1)).toMatch(/^✗ 4 files: \d+ error\(s\)/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names model parts the .glb does not have', async () => {
    const dir = path.join(tmp, 'dangling');
    await mkdir(dir);
    const w = await watch();
    w.attributes[1].options[2].effect.show = ['bezel-diver', 'bezel-ceramic'];
    w.attributes[5].placement.mesh = 'dial-text';
    delete w.attributes[0].options[0].material.normalMap; // the textures folder is not copied
    await writeFile(path.join(dir, 'wristwatch.json'), JSON.stringify(w));
    await copyFile(path.join(PRODUCTS_DIR, 'wristwatch.glb'), path.join(dir, 'wristwatch.glb'));
    const r = await run('check', path.join(dir, 'wristwatch.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'attributes[1].options[2].effect.show[1]: the model wristwatch.glb has no node named "bezel-ceramic"',
    );
    expect(r.stdout).toContain('attributes[5].placement.mesh: the model wristwatch.glb has no mesh named "dial-text"');
    expect(r.stdout).toMatch(/✗ 1 file: 2 error\(s\)/);
  });

  it('exits 2 on a usage error', async () => {
    const cases = [[], ['lint'], ['check', '--fix'], ['check', path.join(tmp, 'no-such-folder')]];
    const results = await Promise.all(cases.map((args) => run(...args)));
    results.forEach((r, k) => {
      expect(r.code, cases[k]!.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage|no such file or folder/);
    });
  });
});
