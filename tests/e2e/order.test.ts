import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { localize } from '../../client/i18n/translate.js';
import {
  attributesOfKind,
  availableAlternative,
  openConfigurator,
  pickOption,
  seriousAxeViolations,
  shownPrice,
  stepOf,
  useE2E,
} from './support/index.js';

describe('review and order', () => {
  const env = useE2E();

  it('orders what was shown, survives a lost answer without ordering twice, and confirms it', async () => {
    const { product } = (await env.products())[0]!;
    const attr = attributesOfKind(product, 'colour')[0] ?? attributesOfKind(product, 'material')[0]!;
    const alt = availableAlternative(product, attr.id)!;
    const { page, context, errors } = await env.page();
    await openConfigurator(page, product.id);
    await page.getByRole('tab', { name: localize(stepOf(product, attr.id).label, 'en') }).click();
    await pickOption(page, attr.id, alt);
    await expect.poll(async () => (await shownPrice(page)).variantCode).not.toBe('');
    const shown = await shownPrice(page);
    const description = await page.getByTestId('preview-description').textContent();

    await page.getByRole('button', { name: 'Review and order' }).click();
    await page.getByRole('heading', { name: /^Review your/ }).waitFor();
    const snapshot = await page.getByTestId('snapshot').getAttribute('src');
    expect(snapshot).toMatch(/^data:image\/png;base64,/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('E-mail').fill('ada@example.org');
    await page.getByLabel('Quantity').fill('2');
    await page.getByLabel('Delivery address').fill('1 Analytical Lane, London');
    const totalShown = await page.getByTestId('order-total-shown').textContent();

    // The first attempt reaches the server but its answer is lost on the way back.
    const keys: string[] = [];
    let firstStatus = 0;
    await page.route('**/api/orders', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        firstStatus = (await route.fetch()).status();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await page.getByRole('button', { name: 'Place order' }).click();
    const failure = page.getByTestId('order-error');
    await failure.waitFor();
    expect(await failure.textContent()).toContain('not placed');
    expect(firstStatus).toBe(201);
    // The configuration is kept.
    expect(await page.getByTestId('variant-code').textContent()).toBe(shown.variantCode);
    expect(await page.getByLabel('Name').inputValue()).toBe('Ada Lovelace');

    const replayed = page.waitForResponse((r) => r.url().endsWith('/api/orders') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Place order' }).click();
    const second = await replayed;
    expect(second.status()).toBe(201);
    expect(second.headers()['idempotent-replayed']).toBe('true');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);

    await page.waitForURL(/\/order\/[A-Za-z0-9_-]+$/);
    const orderId = page.url().split('/order/')[1]!;
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
    expect(await page.getByTestId('order-total').textContent()).toBe(totalShown);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The order as stored: the configuration and price that were shown, recorded once.
    const order = (await (await fetch(`${env.server.url}/api/orders/${orderId}`)).json()) as {
      configuration: Record<string, string | null>;
      variantCode: string;
      total: number;
      unitPrice: number;
      quantity: number;
    };
    expect(order.variantCode).toBe(shown.variantCode);
    expect(order.configuration[attr.id]).toBe(alt);
    for (const a of product.attributes) {
      const v = order.configuration[a.id];
      const label = a.kind === 'text' ? null : a.options.find((o) => o.id === v);
      if (label) expect(description).toContain(`${localize(a.label, 'en')}: ${localize(label.label, 'en')}`);
    }
    expect(order.quantity).toBe(2);
    expect(order.total).toBe(order.unitPrice * 2);
    const fmt = new Intl.NumberFormat('en', { style: 'currency', currency: product.currency });
    expect(fmt.format(order.unitPrice / 100)).toBe(shown.total);

    const db = new Database(path.join(env.server.dataDir, 'maatwerk.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT id, total, has_snapshot FROM orders').all() as {
        id: string;
        total: number;
        has_snapshot: number;
      }[];
      expect(rows).toEqual([{ id: orderId, total: order.total, has_snapshot: 1 }]);
    } finally {
      db.close();
    }
    expect(errors.filter((e) => !e.includes('net::ERR_CONNECTION_RESET') && !e.includes('Failed to load resource'))).toEqual([]);
    await context.close();
  });

  it('shows a clear page for an order that does not exist', async () => {
    const { page, context } = await env.page();
    await page.goto('/order/AAAAAAAAAAAAAAAAAAAAAA');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.textContent('main')).toContain('There is no order');
    await context.close();
  });
});
