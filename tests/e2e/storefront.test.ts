import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, useE2E } from './support/index.js';

interface Listed {
  id: string;
  thumbnailUrl?: string;
}
const listed = async (url: string) => ((await (await fetch(`${url}/api/products`)).json()) as { products: Listed[] }).products;

describe('storefront thumbnails served as images', () => {
  const env = useE2E();

  it('shows the bundled catalog’s pictures without loading the 3D renderer', async () => {
    const products = await listed(env.server.url);
    expect(products.length).toBeGreaterThan(0);
    for (const p of products) expect(p.thumbnailUrl, p.id).toMatch(/^\/api\/products\/[^/]+\/thumbnails\/[0-9a-f]{64}\.png$/);

    const { page, context, errors } = await env.page();
    const scripts: string[] = [];
    page.on('request', (r) => void (r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname)));
    await page.goto('/');
    const images = page.locator('img[data-thumb]');
    await expect.poll(() => images.count()).toBe(products.length);
    // Every picture decodes at its full size from the server, not a data: URL drawn in the page.
    await expect
      .poll(() => images.evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).naturalWidth, i.getAttribute('src')!])))
      .toEqual(products.map((p) => [480, p.thumbnailUrl]));
    expect(scripts.filter((s) => /renderThumbnail|ProductPreview|three/i.test(s))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a catalog without pictures', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'maatwerk-nothumbs-'));
  cpSync(path.join(ROOT, 'catalog/data/products'), dir, { recursive: true, filter: (s) => !s.endsWith('.thumbnail.png') });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = useE2E({ env: { CATALOG_DIR: dir, ADMIN_EMAIL: 'admin@example.com' } });

  it('is drawn in the shopper’s browser until the studio renders and stores each picture once', async () => {
    expect((await listed(env.server.url)).every((p) => p.thumbnailUrl === undefined)).toBe(true);
    const shop = await env.page();
    await shop.page.goto('/');
    await expect
      .poll(
        () => shop.page.locator('img[data-thumb]').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')!.slice(0, 22))),
        {
          timeout: 120_000,
        },
      )
      .toEqual(['data:image/png;base64,', 'data:image/png;base64,', 'data:image/png;base64,']);
    await shop.context.close();

    // Opening the studio is enough: it renders what is missing and stores it.
    const [, password] = await env.server.waitForOutput(/password:\s+(\S+)/);
    const { page, context, errors } = await env.page();
    await page.goto('/studio');
    await page.getByLabel('E-mail').fill('admin@example.com');
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(async () => (await listed(env.server.url)).filter((p) => p.thumbnailUrl).length, { timeout: 120_000 })
      .toBe(3);
    // The studio asks who is signed in before the sign-in form: that 401 is expected.
    expect(errors.filter((e) => !/status of 401|WebGL|GPU/i.test(e))).toEqual([]);
    await context.close();
  });
});
