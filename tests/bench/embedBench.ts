/**
 * `npx tsx tests/bench/embedBench.ts [--no-build]`: what the embed costs a shop's page (issue #17).
 *
 *   - /embed.js: bytes and gzip -9 bytes (budget 5 kB gzip);
 *   - JavaScript a browser loads for the embedded configurator (/embed/p/:id, opened directly, as
 *     the frame does) against the site's configurator (/p/:id, opened directly), per product,
 *     raw and gzip -9, and their ratio (budget: no heavier than the site's, ratio ≤ 1).
 *
 * Sizes, not times: the same on any machine. Starts the real server like the e2e tests.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, newPage, ROOT, startServer } from '../e2e/support/index.js';

if (!process.argv.includes('--no-build')) {
  console.log('building the client (vite build)…');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

const size = (file: string) => {
  const bytes = readFileSync(path.join(ROOT, 'dist/client', file));
  return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
};

const server = await startServer();
const browser = await launchBrowser();
try {
  const embed = size('embed.js');
  console.log(`embed.js: ${embed.raw} B, ${embed.gz} B gzip (≤ 5120)`);
  const { products } = (await (await fetch(`${server.url}/api/products`)).json()) as { products: { id: string }[] };
  /** The scripts a fresh page loads until the preview has drawn its first frame. */
  const scriptsOf = async (url: string) => {
    const { page, context } = await newPage(browser, server.url);
    const scripts = new Set<string>();
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
    });
    await page.goto(url);
    await page.locator('[data-testid="preview"][data-ready="true"]').waitFor({ timeout: 150_000 });
    await context.close();
    let raw = 0;
    let gz = 0;
    for (const s of scripts) {
      const b = size(s);
      raw += b.raw;
      gz += b.gz;
    }
    return { raw, gz, files: scripts.size };
  };
  let worst = 0;
  for (const { id } of products) {
    const site = await scriptsOf(`/p/${id}`);
    const embedded = await scriptsOf(`/embed/p/${id}`);
    const ratio = embedded.gz / site.gz;
    worst = Math.max(worst, ratio);
    console.log(
      `${id}: site ${site.raw} B (${site.gz} B gzip, ${site.files} files) · embedded ${embedded.raw} B (${embedded.gz} B gzip, ${embedded.files} files) · ratio ${ratio.toFixed(3)}`,
    );
  }
  console.log(`embed: embed_js_gzip_b=${embed.gz} (≤5120) embedded_vs_site_js_gzip_ratio_max=${worst.toFixed(3)} (≤1)`);
  process.exitCode = embed.gz <= 5120 && worst <= 1 ? 0 : 1;
} finally {
  await browser.close();
  await server.stop();
}
