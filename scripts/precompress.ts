import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|wasm|bin|txt)$/;

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside every compressible
 * asset of the build, once, so the server sends compressed bytes without compressing per request
 * (server/http/clientAssets.ts). A variant that does not save at least 10 % is not written.
 */
export function precompressDir(dir: string): { files: number; raw: number; br: number } {
  const totals = { files: 0, raw: 0, br: 0 };
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) {
      const sub = precompressDir(file);
      totals.files += sub.files;
      totals.raw += sub.raw;
      totals.br += sub.br;
      continue;
    }
    if (!COMPRESSIBLE.test(name)) continue;
    const bytes = readFileSync(file);
    if (bytes.length < 1024) continue;
    const br = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    const gz = gzipSync(bytes, { level: 9 });
    if (br.length < bytes.length * 0.9) writeFileSync(file + '.br', br);
    if (gz.length < bytes.length * 0.9) writeFileSync(file + '.gz', gz);
    totals.files++;
    totals.raw += bytes.length;
    totals.br += Math.min(br.length, bytes.length);
  }
  return totals;
}

/** Vite plugin: pre-compress the client build's assets when the bundle is written. */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'maatwerk-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      precompressDir(path.join(outDir, 'assets'));
    },
  };
}
