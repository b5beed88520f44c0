/**
 * `npm run catalog -- check [paths…]`: checks product files and prints every problem as
 * `file:json.path: message`, then a summary. Exit 0 when clean, 1 when any error, 2 on a
 * usage error. Paths may be product files or folders of them; the default is the bundled
 * catalog. Never prints a stack trace.
 */
import { NodeIO } from '@gltf-transform/core';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint, type Product } from '../catalog/index.js';
import { loadProductFiles } from '../server/catalog/loadCatalogDir.js';
import { PRODUCTS_DIR } from './paths.js';

export const MAX_MODEL_BYTES = 2 * 1024 * 1024;
export const MAX_TRIANGLES = 100_000;

export interface Problem {
  file: string;
  path: (string | number)[];
  message: string;
  severity: 'error' | 'warning';
}

/** The names a glTF binary gives its nodes, meshes and materials, and its triangle count. */
export interface ModelParts {
  nodes: Set<string>;
  meshes: Set<string>;
  materials: Set<string>;
  triangles: number;
}

export type ModelReadResult = { ok: true; parts: ModelParts; bytes: number } | { ok: false; message: string };

/** Read a .glb with glTF-Transform; anything that is not a readable glTF binary is a message, not a throw. */
export async function readModelParts(file: string): Promise<ModelReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return { ok: false, message: `cannot read the model: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== 'glTF')
    return { ok: false, message: 'the model is not a glTF binary (.glb): it does not start with "glTF"' };
  try {
    const doc = await new NodeIO().readBinary(bytes);
    const root = doc.getRoot();
    let triangles = 0;
    for (const mesh of root.listMeshes())
      for (const prim of mesh.listPrimitives()) {
        if (prim.getMode() !== 4) continue; // TRIANGLES
        const count = prim.getIndices()?.getCount() ?? prim.getAttribute('POSITION')?.getCount() ?? 0;
        triangles += Math.floor(count / 3);
      }
    return {
      ok: true,
      bytes: bytes.length,
      parts: {
        nodes: new Set(root.listNodes().map((n) => n.getName())),
        meshes: new Set(root.listMeshes().map((m) => m.getName())),
        materials: new Set(root.listMaterials().map((m) => m.getName())),
        triangles,
      },
    };
  } catch (e) {
    return { ok: false, message: `the model is not a valid glTF binary: ${(e as Error).message.split('\n')[0]}` };
  }
}

type PartKind = 'nodes' | 'meshes' | 'materials';
interface PartRef {
  path: (string | number)[];
  kind: PartKind;
  name: string;
}

/** Every model part a product names, with where it names it. */
export function namedParts(p: Product): PartRef[] {
  const refs: PartRef[] = [];
  const list = (at: (string | number)[], kind: PartKind, names: string[] | undefined) =>
    names?.forEach((name, k) => refs.push({ path: [...at, k], kind, name }));
  p.attributes.forEach((a, i) => {
    if (a.kind === 'text') {
      refs.push({ path: ['attributes', i, 'placement', 'mesh'], kind: 'meshes', name: a.placement.mesh });
      return;
    }
    if (a.kind === 'colour' || a.kind === 'material') {
      list(['attributes', i, 'target', 'materials'], 'materials', a.target?.materials);
      list(['attributes', i, 'target', 'meshes'], 'meshes', a.target?.meshes);
    }
    a.options.forEach((o, j) => {
      const at = ['attributes', i, 'options', j, 'effect'];
      list([...at, 'materials'], 'materials', o.effect?.materials);
      list([...at, 'meshes'], 'meshes', o.effect?.meshes);
      list([...at, 'show'], 'nodes', o.effect?.show);
      list([...at, 'hide'], 'nodes', o.effect?.hide);
    });
  });
  return refs;
}

/** Texture files named by material options. */
export function namedAssets(p: Product): { path: (string | number)[]; file: string }[] {
  const out: { path: (string | number)[]; file: string }[] = [];
  p.attributes.forEach((a, i) => {
    if (a.kind !== 'material') return;
    a.options.forEach((o, j) => {
      for (const key of ['map', 'normalMap', 'roughnessMap'] as const) {
        const file = o.material[key];
        if (file) out.push({ path: ['attributes', i, 'options', j, 'material', key], file });
      }
    });
  });
  return out;
}

const KIND_WORD: Record<PartKind, string> = { nodes: 'node', meshes: 'mesh', materials: 'material' };

/** Checks that need the files beside the product: its model and textures. */
export async function checkAssets(file: string, dir: string, p: Product): Promise<Problem[]> {
  const problems: Problem[] = [];
  const error = (at: (string | number)[], message: string) => problems.push({ file, path: at, message, severity: 'error' });
  const modelFile = path.join(dir, p.model.file);
  const model = await readModelParts(modelFile);
  if (!model.ok) error(['model', 'file'], `${p.model.file}: ${model.message}`);
  else {
    for (const ref of namedParts(p))
      if (!model.parts[ref.kind].has(ref.name))
        error(ref.path, `the model ${p.model.file} has no ${KIND_WORD[ref.kind]} named "${ref.name}"`);
    if (model.bytes > MAX_MODEL_BYTES)
      problems.push({
        file,
        path: ['model', 'file'],
        message: `the model is ${model.bytes} bytes; keep it under 2 MB`,
        severity: 'warning',
      });
    if (model.parts.triangles > MAX_TRIANGLES)
      problems.push({
        file,
        path: ['model', 'file'],
        message: `the model has ${model.parts.triangles} triangles; keep it under ${MAX_TRIANGLES}`,
        severity: 'warning',
      });
  }
  for (const asset of namedAssets(p)) {
    const found = await stat(path.join(dir, asset.file)).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!found) error(asset.path, `texture file "${asset.file}" not found beside the product`);
  }
  return problems;
}

// ── Rule-engine lint ────────────────────────────────────────────────────────────────────────
// The rule engine's semantic lint (dead options, forced attributes, unsatisfiable rules…).
function lintProduct(file: string, product: Product): Problem[] {
  return lint(product).map((f) => ({ file, path: f.path, message: `${f.message} [${f.code}]`, severity: f.severity }));
}
// ────────────────────────────────────────────────────────────────────────────────────────────

/** Expand the command-line paths: folders to their *.json product files (not recursive). */
async function productFiles(paths: string[]): Promise<{ files: string[]; bad: string[] }> {
  const files: string[] = [];
  const bad: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (!s) bad.push(`no such file or folder: ${p}`);
    else if (s.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json')).sort();
      files.push(...names.map((n) => path.join(p, n)));
    } else files.push(p);
  }
  return { files: [...new Set(files)], bad };
}

/** Check product files; problems in a stable order. */
export async function checkCatalog(
  paths: string[],
): Promise<{ files: string[]; products: number; problems: Problem[]; bad: string[] }> {
  const { files, bad } = await productFiles(paths);
  if (bad.length) return { files, products: 0, problems: [], bad };
  const loaded = await loadProductFiles(files);
  const problems: Problem[] = loaded.issues.map((i) => ({ ...i, severity: 'error' as const }));
  for (const { file, dir, product } of loaded.products) {
    problems.push(...(await checkAssets(file, dir, product)));
    problems.push(...lintProduct(file, product));
  }
  const order = new Map(files.map((f, k) => [f, k]));
  problems.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return { files, products: loaded.products.length, problems, bad };
}

/** A JSON path as people write it: attributes[2].options[0].effect.show[1]. */
export function formatPath(p: (string | number)[]): string {
  let out = '';
  for (const part of p) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export function formatProblem(pr: Problem, cwd = process.cwd()): string {
  const rel = path.relative(cwd, pr.file);
  const file = rel && !rel.startsWith('..') ? rel : pr.file;
  const where = formatPath(pr.path);
  const prefix = pr.severity === 'warning' ? 'warning: ' : '';
  return `${file}${where ? `:${where}` : ''}: ${prefix}${pr.message}`;
}

const USAGE = `usage: npm run catalog -- check [paths…]

  check   validate product files (default: every product in catalog/data/products);
          a path may be a product .json file or a folder of them
exit: 0 clean, 1 problems found, 2 usage error`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command === 'pull' || command === 'push') return (await import('./catalogSync.js')).catalogSync(command, rest);
  if (command !== 'check') {
    console.error(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
    return 2;
  }
  const flag = rest.find((a) => a.startsWith('-'));
  if (flag) {
    console.error(`unknown option "${flag}"\n\n${USAGE}`);
    return 2;
  }
  const result = await checkCatalog(rest.length ? rest : [PRODUCTS_DIR]);
  if (result.bad.length) {
    for (const b of result.bad) console.error(b);
    return 2;
  }
  for (const pr of result.problems) console.log(formatProblem(pr));
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  const files = `${result.files.length} file${result.files.length === 1 ? '' : 's'}`;
  if (errors === 0)
    console.log(`✓ ${files}, ${result.products} product(s): no errors${warnings ? `, ${warnings} warning(s)` : ''}`);
  else console.log(`✗ ${files}: ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''}`);
  return errors ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    console.error(`catalog: internal error: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
