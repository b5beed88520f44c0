import { inflateRawSync } from 'node:zlib';
import QRCode from 'qrcode';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { encodeConfigCode } from '../../catalog/flow/configCode.js';
import { localize } from '../../client/i18n/translate.js';
import { partsFrame } from '../../client/scene/cameraViews.js';
import { findMeshes } from '../../client/scene/modelIndex.js';
import { configured, extent } from '../client/scene/framing.js';
import {
  availableAlternative,
  decodePng,
  diffPixels,
  openConfigurator,
  PHONE,
  seriousAxeViolations,
  settledCapture,
  shownPrice,
  useE2E,
  type Pixels,
} from './support/index.js';

const SHOTS = process.env.E2E_SHOTS;
const previewCanvas = (page: Page) => page.locator('[data-testid="preview"] canvas');

/** The canvas's own pixels (alpha kept: the background is transparent, the stage's gradient is CSS). */
async function canvasPixels(page: Page): Promise<Pixels> {
  await settledCapture(page, previewCanvas(page), 15_000); // the camera glide has ended
  const url = await previewCanvas(page).evaluate((c: HTMLCanvasElement) => c.toDataURL('image/png'));
  return decodePng(Buffer.from(url.split(',')[1]!, 'base64'));
}

/** Bounding box of the opaque pixels (the model; the floor shadow is translucent). */
function opaqueBox(p: Pixels) {
  let x0 = p.width;
  let y0 = p.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++)
      if (p.data[(y * p.width + x) * 4 + 3]! >= 250) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
  return { x0, y0, x1, y1 };
}

/** The whole model is inside the picture (touches no edge) and fills a good part of it. */
function expectWholeModelInFrame(p: Pixels, what: string) {
  const b = opaqueBox(p);
  expect(b.x1, `${what}: no model pixels`).toBeGreaterThan(0);
  expect(b.x0, `${what}: touches the left edge`).toBeGreaterThan(1);
  expect(b.y0, `${what}: touches the top edge`).toBeGreaterThan(1);
  expect(b.x1, `${what}: touches the right edge`).toBeLessThan(p.width - 2);
  expect(b.y1, `${what}: touches the bottom edge`).toBeLessThan(p.height - 2);
  const fill = Math.max((b.x1 - b.x0) / p.width, (b.y1 - b.y0) / p.height);
  expect(fill, `${what}: the model is lost in the picture`).toBeGreaterThan(0.6);
}

/** Every tab is shown whole: inside the tab list, the viewport, and its text not clipped. */
async function expectTabsFullyVisible(page: Page, viewportWidth: number) {
  const tabs = page.getByRole('tab');
  const list = (await page.getByTestId('step-tabs').boundingBox())!;
  expect(await page.getByTestId('step-tabs').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  for (const tab of await tabs.all()) {
    const box = (await tab.boundingBox())!;
    const name = await tab.textContent();
    expect(box.x, name!).toBeGreaterThanOrEqual(list.x - 0.5);
    expect(box.x + box.width, name!).toBeLessThanOrEqual(Math.min(list.x + list.width, viewportWidth) + 0.5);
    expect(await tab.evaluate((el) => el.scrollWidth <= el.clientWidth), `${name} is clipped`).toBe(true);
  }
}

/** Parse a stored zip (USDZ is an uncompressed zip): the names and text of its files. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let off = 0;
  while (buf.readUInt32LE(off) === 0x04034b50) {
    const method = buf.readUInt16LE(off + 8);
    const size = buf.readUInt32LE(off + 18);
    const nameLen = buf.readUInt16LE(off + 26);
    const extraLen = buf.readUInt16LE(off + 28);
    const name = buf.toString('utf8', off + 30, off + 30 + nameLen);
    const start = off + 30 + nameLen + extraLen;
    const body = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(body) : body);
    off = start + size;
  }
  return files;
}

/**
 * What Quick Look needs of a USDZ package beyond being a zip (the USDZ specification): files
 * stored, not compressed, each one's data starting at a multiple of 64 bytes, the first one the
 * scene (.usda/.usdc), and every asset the scene names (`@path@`, the textures) inside the package.
 */
function usdzProblems(buf: Buffer): string[] {
  const problems: string[] = [];
  const names: string[] = [];
  let off = 0;
  while (buf.readUInt32LE(off) === 0x04034b50) {
    const method = buf.readUInt16LE(off + 8);
    const size = buf.readUInt32LE(off + 18);
    const name = buf.toString('utf8', off + 30, off + 30 + buf.readUInt16LE(off + 26));
    const start = off + 30 + buf.readUInt16LE(off + 26) + buf.readUInt16LE(off + 28);
    if (method !== 0) problems.push(`${name} is compressed (method ${method})`);
    if (start % 64) problems.push(`${name}'s data starts at ${start}, not a multiple of 64`);
    names.push(name);
    off = start + size;
  }
  if (!/\.usd[ac]$/.test(names[0] ?? '')) problems.push(`the first file is ${names[0]}, not the scene`);
  const scene = unzip(buf).get(names[0]!)?.toString('utf8') ?? '';
  for (const [, ref] of scene.matchAll(/@([^@]+)@/g))
    if (!names.includes(ref!.replace(/^\.\//, ''))) problems.push(`the scene names ${ref}, which is not in the package`);
  return problems;
}

/** The JSON chunk of a .glb. */
function glbJson(buf: Buffer): { nodes?: { name?: string }[] } {
  expect(buf.toString('ascii', 0, 4)).toBe('glTF');
  expect(buf.readUInt32LE(8)).toBe(buf.length);
  return JSON.parse(buf.toString('utf8', 20, 20 + buf.readUInt32LE(12))) as { nodes?: { name?: string }[] };
}

describe('steps, framing, keyboard, snapshot and AR (#15)', () => {
  const env = useE2E();

  it('tabs are whole at 1280×800 and 375×667; Back/Next walk the steps and end in the review with the price line by line', async () => {
    const { product } = (await env.products()).find((p) => p.product.id === 'sneaker')!;
    for (const viewport of [undefined, PHONE]) {
      const { page, context, errors } = await env.page(viewport ? { viewport, mobile: true } : {});
      await openConfigurator(page, product.id);
      const width = viewport?.width ?? 1280;
      // One tab per step and the review, numbered; the personalisation step among them, whole.
      const names = await page.getByRole('tab').allTextContents();
      expect(names).toEqual([
        ...product.steps.map((s, i) => `${i + 1}. ${localize(s.label, 'en')}`),
        `${product.steps.length + 1}. Review`,
      ]);
      await expectTabsFullyVisible(page, width);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/steps-${width}.png` });

      // Next through every step; the selected tab and the panel follow, and the camera with them.
      for (let i = 1; i < product.steps.length; i++) {
        await page.getByTestId('step-next').click();
        await expect
          .poll(() => page.getByRole('tab', { selected: true }).textContent())
          .toBe(`${i + 1}. ${localize(product.steps[i]!.label, 'en')}`);
        // The focus is on the new tab (keyboard and screen reader users land on it).
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');
      }
      await page.getByTestId('step-back').click();
      await expect
        .poll(() => page.getByRole('tab', { selected: true }).textContent())
        .toBe(`${product.steps.length - 1}. ${localize(product.steps.at(-2)!.label, 'en')}`);
      await page.getByTestId('step-next').click();
      const shown = await shownPrice(page);
      expect(await page.getByTestId('step-next').textContent()).toContain('Next: Review');
      await page.getByTestId('step-next').click();

      // The review step: what will be ordered, the price line by line adding up to the total, the order form.
      await page.getByTestId('review-heading').waitFor();
      expect(await page.getByRole('tab', { selected: true }).textContent()).toBe(`${product.steps.length + 1}. Review`);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('review-heading');
      expect((await shownPrice(page)).total).toBe(shown.total);
      const amounts = await page.getByTestId('price-lines').locator('dd').allTextContents();
      expect(amounts.length).toBeGreaterThan(0);
      const cents = (s: string) => Math.round(Number(s.replace(/[^\d.-]/g, '')) * 100);
      expect(amounts.reduce((sum, a) => sum + cents(a), 0)).toBe(cents(shown.total));
      await expect.poll(() => page.getByRole('button', { name: 'Place order' }).isVisible()).toBe(true);
      await expectTabsFullyVisible(page, width);

      // The snapshot is 1200×900 on a phone as on a desktop, the whole product in it.
      const snap = (await page.getByTestId('snapshot').getAttribute('src'))!;
      const pixels = decodePng(Buffer.from(snap.split(',')[1]!, 'base64'));
      expect([pixels.width, pixels.height]).toEqual([1200, 900]);
      expectWholeModelInFrame(pixels, `snapshot from ${width}px`);

      // A step tab leaves the review.
      await page.getByRole('tab', { name: localize(product.steps[0]!.label, 'en') }).click();
      await page.getByTestId('product-heading').waitFor();
      expect(await page.getByRole('tab', { selected: true }).textContent()).toContain(localize(product.steps[0]!.label, 'en'));
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('the whole chair is in frame on desktop and phone, for each step that is not a close-up', async () => {
    const { product } = (await env.products()).find((p) => p.product.id === 'lounge-chair')!;
    for (const viewport of [undefined, PHONE]) {
      const { page, context } = await env.page(viewport ? { viewport, mobile: true } : {});
      await openConfigurator(page, product.id);
      for (const step of product.steps) {
        await page.getByRole('tab', { name: localize(step.label, 'en') }).click();
        await page.evaluate(() => window.scrollTo(0, 0));
        const pixels = await canvasPixels(page);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/chair-${viewport?.width ?? 1280}-${step.id}.png` });
        expectWholeModelInFrame(pixels, `${step.id} at ${viewport?.width ?? 1280}px`);
      }
      await context.close();
    }
  });

  it('on a phone the watch engraving close-up holds the whole case, the engraving still large', async () => {
    const { product } = (await env.products()).find((p) => p.product.id === 'wristwatch')!;
    const step = product.steps.find((s) => s.attributes.includes('engraving'))!;
    const { page, context } = await env.page({ viewport: PHONE, mobile: true });
    await openConfigurator(page, product.id);
    await page.getByRole('tab', { name: localize(step.label, 'en') }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await canvasPixels(page); // the camera glide has ended
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/watch-engraving-375.png` });
    const view = (await page.evaluate(() => window.__maatwerkPreview!.view))!;
    const box = (await previewCanvas(page).boundingBox())!;
    await context.close();

    // The same model in node, seen from the page's camera: where the case and the engraving land.
    const { model } = await configured(product);
    const points = (mesh: string) => partsFrame(findMeshes(model.index, mesh))!.points!;
    const aspect = box.width / box.height;
    expect(extent(view, aspect, points('case'))).toBeLessThan(0.98); // was 1.66: top and bottom cut off
    expect(extent(view, aspect, points('caseback-engraving'))).toBeGreaterThan(0.15);
  });

  it('the arrow keys turn the model when the preview has the focus, as its accessible name says', async () => {
    const { page, context } = await env.page();
    await openConfigurator(page, 'lounge-chair');
    const preview = page.getByRole('application');
    expect(await preview.getAttribute('aria-label')).toMatch(/arrow keys/);
    const before = await canvasPixels(page);
    const viewBefore = await page.evaluate(() => window.__maatwerkPreview!.view);
    await preview.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    const after = await canvasPixels(page);
    const d = diffPixels(before, after);
    expect(d.ratio).toBeGreaterThan(0.05);
    const viewAfter = await page.evaluate(() => window.__maatwerkPreview!.view);
    // Turned round the same target, at the same distance.
    expect(viewAfter!.target).toEqual(viewBefore!.target);
    const dist = (v: typeof viewBefore) => Math.hypot(...v!.position.map((p, i) => p - v!.target[i]!));
    expect(dist(viewAfter)).toBeCloseTo(dist(viewBefore), 3);
    expect(viewAfter!.position[0]).not.toBeCloseTo(viewBefore!.position[0], 2);
    // + zooms in.
    await page.keyboard.press('+');
    await canvasPixels(page);
    const zoomed = await page.evaluate(() => window.__maatwerkPreview!.view);
    expect(dist(zoomed)).toBeLessThan(dist(viewAfter) * 0.95);
    await context.close();
  });

  it('phone: the preview stays in view while options scroll, the tools sit beside it, a tapped tooltip fits and goes on the next tap', async () => {
    const { page, context } = await env.page({ viewport: PHONE, mobile: true });
    await openConfigurator(page, 'lounge-chair');
    const canvas = previewCanvas(page);
    const tools = (await page.locator('.stage-tools').boundingBox())!;
    const box = (await canvas.boundingBox())!;
    expect(tools.y).toBeGreaterThanOrEqual(box.y + box.height - 1); // below the canvas, not over it
    expect(tools.x + tools.width).toBeLessThanOrEqual(PHONE.width + 0.5);
    await page.evaluate(() => window.scrollTo(0, 700));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    const pinned = (await canvas.boundingBox())!;
    expect(pinned.y).toBeGreaterThanOrEqual(40); // under the header
    expect(pinned.y + pinned.height).toBeLessThan(PHONE.height * 0.6);
    expect(pinned.height).toBeGreaterThan(200);

    // A swatch with a tooltip, tapped: the tooltip shows inside the screen; a tap elsewhere hides it.
    const host = page.locator('.swatch.tooltip-host').last();
    await host.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const hb = (await host.boundingBox())!;
    await page.touchscreen.tap(hb.x + hb.width / 2, hb.y + hb.height / 2);
    const tip = host.locator('.tooltip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const tb = (await tip.boundingBox())!;
    expect(tb.x).toBeGreaterThanOrEqual(0);
    expect(tb.x + tb.width).toBeLessThanOrEqual(PHONE.width);
    expect(tb.y + tb.height).toBeLessThanOrEqual(PHONE.height);
    const dialog = page.getByRole('dialog');
    if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Keep my choices' }).click();
    const hint = page.locator('.step-count');
    const sb = (await hint.boundingBox())!;
    await page.touchscreen.tap(sb.x + 5, sb.y + sb.height / 2);
    await expect.poll(() => tip.isVisible()).toBe(false);
    await context.close();
  });

  it('AR: iOS gets a USDZ of the configured variant (Quick Look link), Android a .glb on our server (Scene Viewer), a desktop a QR code', async () => {
    const { product, version } = (await env.products()).find((p) => p.product.id === 'lounge-chair')!;
    const sled = availableAlternative(product, 'base')!;
    const code = encodeConfigCode({ productId: product.id, version, choices: { base: sled } });
    const shownNode = product.attributes.find((a) => a.id === 'base')!;
    const show = (shownNode.kind !== 'text' && shownNode.options.find((o) => o.id === sled)!.effect?.show?.[0]) as string;
    const hidden = 'legs-tapered';
    expect(show).not.toBe(hidden);
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    const android =
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';

    const open = async (userAgent?: string) => {
      const { page, context } = await env.page({ viewport: PHONE, mobile: true });
      if (userAgent)
        await page.addInitScript((ua) => Object.defineProperty(navigator, 'userAgent', { get: () => ua }), userAgent);
      await openConfigurator(page, product.id, code);
      // The AR viewers are other apps: the test reads the links instead of following them.
      await page.evaluate(() =>
        document.addEventListener(
          'click',
          (e) => (e.target as Element).closest?.('a[data-testid^="ar-"]') && e.preventDefault(),
          true,
        ),
      );
      return { page, context };
    };

    // iOS: a Quick Look link (<a rel="ar"> with an <img>) to a USDZ made in the page.
    {
      const { page, context } = await open(iphone);
      const button = page.getByTestId('ar-button');
      expect(await button.textContent()).toBe('View in your room');
      await button.click();
      const link = page.getByTestId('ar-quick-look');
      await link.waitFor({ state: 'attached', timeout: 60_000 });
      expect(await link.getAttribute('rel')).toBe('ar');
      expect(await link.locator('img').count()).toBe(1);
      const bytes = await link.evaluate(async (a: HTMLAnchorElement) => {
        const r = await fetch(a.href.split('#')[0]!);
        return { type: r.headers.get('content-type'), data: Array.from(new Uint8Array(await r.arrayBuffer())) };
      });
      expect(bytes.type).toBe('model/vnd.usdz+zip');
      const files = unzip(Buffer.from(bytes.data));
      expect([...files.keys()][0]).toBe('model.usda');
      expect(usdzProblems(Buffer.from(bytes.data))).toEqual([]);
      expect([...files.keys()].filter((f) => f.endsWith('.png')).length).toBeGreaterThan(0); // the materials' textures
      const usda = files.get('model.usda')!.toString('utf8');
      expect(usda).toMatch(/def Xform "/);
      // Exactly the configured variant: the chosen base is in it, the standard one is not.
      expect(usda).toContain(show.replace(/[^A-Za-z0-9_]/g, ''));
      expect(usda).not.toContain(hidden.replace(/[^A-Za-z0-9_]/g, ''));
      await context.close();
    }

    // Android: a Scene Viewer intent to a .glb served by this server.
    {
      const { page, context } = await open(android);
      await page.getByTestId('ar-button').click();
      const link = page.getByTestId('ar-scene-viewer');
      await link.waitFor({ state: 'attached', timeout: 60_000 });
      const href = (await link.getAttribute('href'))!;
      expect(href).toMatch(/^intent:\/\/arvr\.google\.com\/scene-viewer\/1\.0\?file=/);
      expect(href).toContain(';end;');
      const file = new URL(href.replace(/^intent:/, 'https:').split('#')[0]!).searchParams.get('file')!;
      expect(new URL(file).origin).toBe(env.server.url);
      const res = await fetch(file);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('model/gltf-binary');
      const names = (glbJson(Buffer.from(await res.arrayBuffer())).nodes ?? []).map((n) => n.name);
      expect(names).toContain(show);
      expect(names).not.toContain(hidden);
      await context.close();
    }

    // The upload is checked: only whole glTF 2.0 binaries.
    const bad = await fetch(`${env.server.url}/api/ar-models`, {
      method: 'POST',
      body: 'not a model',
      headers: { 'Content-Type': 'model/gltf-binary' },
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_model');
    expect((await fetch(`${env.server.url}/api/ar-models/${'0'.repeat(64)}.glb`)).status).toBe(404);
    expect((await fetch(`${env.server.url}/api/ar-models/nope.glb`)).status).toBe(400);

    // Desktop: a QR code of this configuration's address.
    {
      const { page, context } = await env.page();
      await openConfigurator(page, product.id, code);
      await page.getByTestId('ar-button').click();
      const img = page.getByTestId('qr-code');
      await img.waitFor();
      const url = await page.evaluate(() => window.location.href);
      expect(url).toContain('?c=');
      const expected = await QRCode.toDataURL(url, { margin: 1, width: 264, errorCorrectionLevel: 'M' });
      const got = decodePng(Buffer.from((await img.getAttribute('src'))!.split(',')[1]!, 'base64'));
      const want = decodePng(Buffer.from(expected.split(',')[1]!, 'base64'));
      expect(diffPixels(got, want).changed).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => img.count()).toBe(0);
      await context.close();
    }

    // With PUBLIC_URL set (GET /api/shop says so), the QR code names the shop by it, not by the
    // address this browser used (here 127.0.0.1, which a phone cannot open).
    {
      const { page, context } = await env.page();
      const publicUrl = 'https://shop.example.com';
      await page.route('**/api/shop', (route) => route.fulfill({ json: { publicUrl } }));
      await openConfigurator(page, product.id, code);
      await page.getByTestId('ar-button').click();
      const img = page.getByTestId('qr-code');
      await img.waitFor();
      const here = new URL(await page.evaluate(() => window.location.href));
      const url = `${publicUrl}${here.pathname}${here.search}`;
      expect(await img.getAttribute('alt')).toBe(url);
      const expected = await QRCode.toDataURL(url, { margin: 1, width: 264, errorCorrectionLevel: 'M' });
      const got = decodePng(Buffer.from((await img.getAttribute('src'))!.split(',')[1]!, 'base64'));
      expect(diffPixels(got, decodePng(Buffer.from(expected.split(',')[1]!, 'base64'))).changed).toBe(0);
      await context.close();
    }
    expect(await (await fetch(`${env.server.url}/api/shop`)).json()).toEqual({ publicUrl: null });
  });
});
