import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type Product } from '../../catalog/index.js';
import { localize } from '../../client/i18n/translate.js';
import {
  availableAlternative,
  freePort,
  launchBrowser,
  newPage,
  PHONE,
  publishedProducts,
  ROOT,
  seriousAxeViolations,
  startServer,
  stepOf,
  type StartedServer,
} from './support/index.js';

/** The shop: docs/examples/shop.html, pointed at this Maatwerk server and product, served from other origins. */
function shopServer(maatwerkUrl: string, productId: string) {
  const html = readFileSync(path.join(ROOT, 'docs/examples/shop.html'), 'utf8')
    .replaceAll('https://maatwerk.example.com', maatwerkUrl)
    .replace('product="sneaker"', `product="${productId}"`);
  return http.createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    if (req.url !== '/shop.html') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
}

type Recorded = { type: string; detail: Record<string, unknown> };
/** Records the element's events on the shop page (they bubble to the document). */
const RECORD = () => {
  const w = window as unknown as { __events: Recorded[] };
  w.__events = [];
  for (const type of ['maatwerk-ready', 'maatwerk-change', 'maatwerk-add-to-cart', 'maatwerk-error'])
    document.addEventListener(type, (e) => w.__events.push({ type, detail: (e as CustomEvent).detail }));
};
const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: Recorded[] }).__events);
const lastOf = async (page: Page, type: string) => (await events(page)).filter((e) => e.type === type).at(-1)?.detail;

/** An option whose choice changes the price, and the price it makes. */
function priceChange(product: Product): { attr: string; option: string; total: number; before: number } {
  const base = evaluate(product, {});
  if (!base.ok) throw new Error('no standard configuration');
  for (const a of product.attributes) {
    if (a.kind === 'text') continue;
    const option = availableAlternative(product, a.id);
    if (!option) continue;
    const ev = evaluate(product, { [a.id]: option });
    if (ev.ok && ev.price.total !== base.price.total)
      return { attr: a.id, option, total: ev.price.total, before: base.price.total };
  }
  throw new Error(`no option of ${product.id} changes its price`);
}

async function embeddedFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().includes('/embed/p/')), { timeout: 30_000 }).toBe(true);
  return page.frames().find((f) => f.url().includes('/embed/p/'))!;
}

describe('the configurator embedded in another origin’s page', () => {
  let server: StartedServer;
  let browser: Browser;
  let shop: http.Server;
  let product: Product;
  let allowed: string;
  let other: string;

  beforeAll(async () => {
    const [allowedPort, otherPort] = [await freePort(), await freePort()];
    allowed = `http://127.0.0.1:${allowedPort}`;
    other = `http://127.0.0.1:${otherPort}`;
    [server, browser] = await Promise.all([startServer({ env: { EMBED_ORIGINS: allowed } }), launchBrowser()]);
    product = (await publishedProducts(server.url))[0]!.product;
    shop = shopServer(server.url, product.id);
    // One shop, two origins: only the first is in EMBED_ORIGINS.
    await new Promise<void>((r) => shop.listen(allowedPort, '127.0.0.1', r));
    const second = http.createServer((req, res) => shop.emit('request', req, res));
    await new Promise<void>((r) => second.listen(otherPort, '127.0.0.1', r));
    shop.on('close', () => second.close());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    shop?.close();
  });

  it('changes an option, hears the new total, adds to cart, and the configuration id becomes the order', async () => {
    const change = priceChange(product);
    const { page, context, errors } = await newPage(browser, allowed);
    const failed: string[] = [];
    page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`)));
    await page.addInitScript(RECORD);
    await page.goto('/shop.html');
    expect(await page.evaluate(() => customElements.get('maatwerk-configurator') !== undefined)).toBe(true);
    const frame = await embeddedFrame(page);
    expect(new URL(frame.url()).origin).toBe(server.url);
    await frame.locator('[data-testid="preview"][data-ready="true"]').waitFor({ timeout: 150_000 });
    await expect
      .poll(() => lastOf(page, 'maatwerk-ready'), { timeout: 30_000 })
      .toMatchObject({ productId: product.id, total: change.before });
    const start = (await lastOf(page, 'maatwerk-ready'))!;

    // The frame is as tall as its content: nothing scrolls inside it.
    const iframe = page.locator('maatwerk-configurator iframe');
    await expect
      .poll(
        async () => {
          const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
          const outer = (await iframe.boundingBox())!.height;
          return Math.abs(inner - outer) <= 1 && outer > 400;
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    await frame.getByRole('tab', { name: localize(stepOf(product, change.attr).label, 'en') }).click();
    const radio = frame.locator(`fieldset[data-attr="${change.attr}"] input[type="radio"][data-option="${change.option}"]`);
    await radio.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await radio.click({ force: true });
    await expect
      .poll(() => lastOf(page, 'maatwerk-change'), { timeout: 30_000 })
      .toMatchObject({ total: change.total, valid: true });
    const changed = (await lastOf(page, 'maatwerk-change'))!;
    expect(changed.choices).toEqual({ [change.attr]: change.option });
    expect(changed.code).not.toBe(start.code);
    // The shop page shows it, from the event alone.
    const money = new Intl.NumberFormat('en', { style: 'currency', currency: product.currency }).format(change.total / 100);
    expect(await page.locator('#price').textContent()).toBe(money);

    await frame.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => lastOf(page, 'maatwerk-add-to-cart'), { timeout: 30_000 }).toBeDefined();
    const line = (await lastOf(page, 'maatwerk-add-to-cart'))!;
    expect(line).toMatchObject({ productId: product.id, total: change.total, currency: product.currency });
    expect(String(line.configurationId)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(String(line.summary)).toContain(localize(product.attributes.find((a) => a.id === change.attr)!.label, 'en'));
    expect(String(line.snapshotUrl)).toMatch(new RegExp(`^${server.url}/api/configurations/.+/snapshot\\.png$`));
    await expect
      .poll(() => page.locator('#cart li').getAttribute('data-configuration-id'), { timeout: 10_000 })
      .toBe(line.configurationId);
    await frame.getByTestId('cart-status').getByText('Added to your cart').waitFor();

    // The shop's back end, after payment: the id becomes an order with exactly what was shown.
    const saved = await (await fetch(`${server.url}/api/configurations/${String(line.configurationId)}`)).json();
    expect(saved.total).toBe(change.total);
    const res = await fetch(`${server.url}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `shop-order-${Date.now()}` },
      body: JSON.stringify({
        configurationId: line.configurationId,
        quantity: 2,
        // Physical goods need a delivery address (the product's checkout says so by default).
        customer: { name: 'Shop Buyer', email: 'buyer@example.com', address: 'Stratumseind 1, 5611 ET Eindhoven' },
        externalRef: 'SHOP-42',
      }),
    });
    expect(res.status).toBe(201);
    const order = await res.json();
    expect(order).toMatchObject({
      productId: product.id,
      unitPrice: change.total,
      total: change.total * 2,
      variantCode: line.variantCode,
      configuration: saved.configuration,
      source: 'shop',
      externalRef: 'SHOP-42',
      configurationId: line.configurationId,
    });
    expect(order.configuration[change.attr]).toBe(change.option);
    expect(order.snapshotUrl).not.toBeNull();

    // setChoices(code) and reset() from the shop page.
    await page.evaluate(
      (code) => (document.getElementById('configurator') as unknown as { setChoices(c: string): void }).setChoices(code),
      String(start.code),
    );
    // The preview redraws each change on SwiftShader, on a machine shared by several sessions: give it time.
    const slow = { timeout: 60_000 };
    await expect.poll(async () => (await lastOf(page, 'maatwerk-change'))?.total, slow).toBe(change.before);
    await page.evaluate(
      (code) => (document.getElementById('configurator') as unknown as { setChoices(c: string): void }).setChoices(code),
      String(changed.code),
    );
    await expect.poll(async () => (await lastOf(page, 'maatwerk-change'))?.total, slow).toBe(change.total);
    await page.evaluate(() => (document.getElementById('configurator') as unknown as { reset(): void }).reset());
    await expect.poll(async () => (await lastOf(page, 'maatwerk-change'))?.code, slow).toBe(start.code);

    expect((await events(page)).filter((e) => e.type === 'maatwerk-error')).toEqual([]);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a page from an origin not in EMBED_ORIGINS cannot frame it', async () => {
    const { page, context, errors } = await newPage(browser, other);
    await page.addInitScript(RECORD);
    await page.goto('/shop.html');
    await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-error://')), { timeout: 30_000 }).toBe(true);
    expect(errors.join('\n')).toMatch(/frame-ancestors/);
    expect(page.frames().some((f) => f.url().includes('/embed/p/'))).toBe(false);
    await page.waitForTimeout(500); // a frame that was not refused would have said it is ready by now: it never loads
    expect(await events(page)).toEqual([]);
    await context.close();
  });

  it('the embedded configurator passes axe on a phone', async () => {
    const { page, context, errors } = await newPage(browser, allowed, { viewport: PHONE, mobile: true });
    await page.addInitScript(RECORD);
    await page.goto('/shop.html');
    const frame = await embeddedFrame(page);
    await frame.locator('[data-testid="preview"][data-ready="true"]').waitFor({ timeout: 150_000 });
    await expect.poll(() => lastOf(page, 'maatwerk-ready'), { timeout: 30_000 }).toBeDefined();
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await frame.getByRole('button', { name: 'Add to cart' }).isVisible()).toBe(true);
    expect(await seriousAxeViolations(frame as unknown as Page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
