import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A thread running one of the server's TypeScript modules, from the sources and from the bundle
 * alike. `from` is the caller's import.meta.url: ending in .ts (tsx, vitest), the thread registers
 * tsx first (threads do not inherit its loader) and imports `source`, relative to the caller; else
 * the caller is inside dist/server/index.mjs (`npm start`) and the thread runs `bundled`, relative
 * to it, which build:server (package.json) bundles from the same module: add new ones to its list.
 */
export function moduleWorker(from: string, source: string, bundled: string, options: WorkerOptions = {}): Worker {
  if (from.endsWith('.ts')) {
    const entry = new URL(source, from).href;
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { ...options, eval: true });
  }
  return new Worker(new URL(bundled, from), options);
}
