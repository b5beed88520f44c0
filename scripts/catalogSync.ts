/**
 * `npm run catalog -- pull|push --server URL [--token T] [--dir D]`: the catalog as files in
 * git, synced with a server's studio API. The token is an API token of a producer or admin
 * (`npm run users -- token <email>`), from --token or MAATWERK_TOKEN.
 *
 *   pull            write every published product (JSON + model and textures) into the folder
 *   push            upload every product file of the folder as a draft with its files
 *     --publish     …and publish the changed ones (--note "what changed")
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AssetPath, Id } from '../catalog/index.js';
import { referencedAssets } from '../server/catalog/assetFiles.js';
import { loadCatalogDir } from '../server/catalog/loadCatalogDir.js';
import { PRODUCTS_DIR } from './paths.js';

const Export = z.object({
  products: z.array(
    z.object({
      id: Id,
      product: z.record(z.string(), z.unknown()),
      assets: z.array(z.object({ path: AssetPath, url: z.string().startsWith('/') })),
    }),
  ),
});

interface Options {
  server: string;
  token: string;
  dir: string;
  publish: boolean;
  note: string;
}

function parseArgs(args: string[], env: NodeJS.ProcessEnv): Options | string {
  const o: Partial<Options> = { publish: false, note: 'pushed from files', dir: PRODUCTS_DIR, token: env.MAATWERK_TOKEN };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => args[++i] ?? '';
    if (a === '--server') o.server = value().replace(/\/$/, '');
    else if (a === '--token') o.token = value();
    else if (a === '--dir') o.dir = path.resolve(value());
    else if (a === '--note') o.note = value();
    else if (a === '--publish') o.publish = true;
    else return `unknown option "${a}"`;
  }
  if (!o.server || !/^https?:\/\//.test(o.server)) return 'give the server: --server https://shop.example.com';
  if (!o.token) return 'give an API token: --token T or MAATWERK_TOKEN';
  return o as Options;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call(o: Options, method: string, url: string, body?: unknown, type = 'application/json'): Promise<Response> {
  const res = await fetch(o.server + url, {
    method,
    headers: { Authorization: `Bearer ${o.token}`, ...(body === undefined ? {} : { 'Content-Type': type }) },
    ...(body === undefined ? {} : { body: body instanceof Buffer ? new Uint8Array(body) : JSON.stringify(body) }),
  });
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    const details = err?.error?.details ? `\n${JSON.stringify(err.error.details, null, 2).slice(0, 4000)}` : '';
    throw new HttpError(
      res.status,
      err?.error?.code ?? `http_${res.status}`,
      `${method} ${url}: ${res.status} ${err?.error?.message ?? res.statusText}${details}`,
    );
  }
  return res;
}

async function pull(o: Options, log: (s: string) => void): Promise<number> {
  const parsed = Export.safeParse(await (await call(o, 'GET', '/api/studio/export')).json());
  if (!parsed.success) throw new Error(`unexpected export from the server: ${parsed.error.message}`);
  await mkdir(o.dir, { recursive: true });
  for (const p of parsed.data.products) {
    await writeFile(path.join(o.dir, `${p.id}.json`), `${JSON.stringify(p.product, null, 2)}\n`);
    for (const a of p.assets) {
      const target = path.join(o.dir, a.path);
      if (!target.startsWith(o.dir + path.sep)) throw new Error(`refusing to write outside ${o.dir}: ${a.path}`);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, Buffer.from(await (await call(o, 'GET', a.url)).arrayBuffer()));
    }
    log(`pulled ${p.id} (${p.assets.length} file(s))`);
  }
  log(`✓ ${parsed.data.products.length} product(s) in ${o.dir}`);
  return 0;
}

async function push(o: Options, log: (s: string) => void): Promise<number> {
  const { products, issues } = await loadCatalogDir(o.dir);
  if (issues.length) {
    for (const i of issues) log(`${path.relative(process.cwd(), i.file)}:${i.path.join('.')}: ${i.message}`);
    log('✗ nothing pushed: fix the files first');
    return 1;
  }
  const imported = (await (await call(o, 'POST', '/api/studio/import', { products: products.map((p) => p.product) })).json()) as {
    imported: { id: string; created: boolean; unchanged: boolean }[];
  };
  for (const p of products) {
    for (const rel of referencedAssets(p.product)) {
      const content = await readFile(path.join(p.dir, rel));
      await call(o, 'PUT', `/api/studio/products/${p.product.id}/draft/assets/${rel}`, content, 'application/octet-stream');
    }
  }
  for (const r of imported.imported) {
    const what = r.created ? 'created' : r.unchanged ? 'unchanged' : 'draft updated';
    if (!o.publish || r.unchanged) {
      log(`${r.id}: ${what}`);
      continue;
    }
    const v = (await (await call(o, 'POST', `/api/studio/products/${r.id}/publish`, { note: o.note })).json()) as {
      version: number;
    };
    log(`${r.id}: ${what}, published as version ${v.version}`);
  }
  log(`✓ ${products.length} product(s) pushed to ${o.server}`);
  return 0;
}

/** Run pull or push; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function catalogSync(
  command: 'pull' | 'push',
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  log: (s: string) => void = console.log,
): Promise<number> {
  const o = parseArgs(args, env);
  if (typeof o === 'string') {
    console.error(`catalog ${command}: ${o}`);
    return 2;
  }
  try {
    return await (command === 'pull' ? pull(o, log) : push(o, log));
  } catch (e) {
    console.error(`catalog ${command}: ${(e as Error).message}`);
    return 1;
  }
}
