/**
 * `npm run thumbnails [-- <catalog dir>]`: renders the storefront thumbnail of every product in
 * a catalog folder (default catalog/data/products) with the app's own renderer in headless
 * Chromium, and writes `<name>.thumbnail.png` beside each `<name>.json`. The server imports them
 * with the catalog on first start, so a new shop shows pictures before anyone opens the studio.
 * Needs a client build (`vite build`) and /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, newPage, ROOT, startServer } from '../tests/e2e/support/index.js';

const dir = path.resolve(process.argv[2] ?? path.join(ROOT, 'catalog/data/products'));
const fileOf = new Map<string, string>();
for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json'))) {
  const id = (JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { id?: unknown }).id;
  if (typeof id === 'string') fileOf.set(id, path.join(dir, name.replace(/\.json$/, '.thumbnail.png')));
}

// A copy without the old pictures, so the storefront draws every one of them itself.
const work = mkdtempSync(path.join(tmpdir(), 'maatwerk-thumbnails-'));
cpSync(dir, work, { recursive: true, filter: (src) => !src.endsWith('.thumbnail.png') });
const server = await startServer({ env: { CATALOG_DIR: work } });
const browser = await launchBrowser();
try {
  const { page } = await newPage(browser, server.url);
  await page.goto('/');
  await page.waitForFunction((n) => document.querySelectorAll('img[data-thumb]').length >= n, fileOf.size, {
    timeout: 300_000,
  });
  const shots = await page.$$eval('img[data-thumb]', (imgs) =>
    imgs.map((i) => ({ id: i.getAttribute('data-thumb')!, src: (i as HTMLImageElement).src })),
  );
  for (const { id, src } of shots) {
    const out = fileOf.get(id);
    if (!out || !src.startsWith('data:image/png;base64,')) continue;
    const png = Buffer.from(src.slice('data:image/png;base64,'.length), 'base64');
    writeFileSync(out, png);
    console.log(`${path.relative(ROOT, out)}: ${png.length} bytes`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
