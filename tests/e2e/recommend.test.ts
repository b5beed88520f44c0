import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeConfigCode, type Product } from '../../catalog/index.js';
import { apiLogin, openConfigurator, optionRadio, PHONE, seriousAxeViolations, useE2E } from './support/index.js';

/** The label (card or swatch) of an option. */
const optionLabel = (page: Page, attr: string, option: string) =>
  page.locator(`fieldset[data-attr="${attr}"] label:has(input[data-option="${option}"])`);

async function order(base: string, choices: Record<string, string | null>) {
  const res = await fetch(`${base}/api/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `e2e-rec-${randomBytes(8).toString('hex')}` },
    body: JSON.stringify({
      productId: 'wristwatch',
      version: 1,
      choices,
      quantity: 1,
      customer: { name: 'Ann Example', email: 'ann@example.com', address: 'Stratumseind 1, 5611 EN Eindhoven' },
    }),
  });
  expect(res.status).toBe(201);
}

describe('guided choices learned from orders (#19)', () => {
  const env = useE2E({ env: { ADMIN_EMAIL: 'admin@example.com' } });
  // Most customers take a titanium watch with a fluted bezel, a silver dial and a bracelet.
  const favourite = {
    'case-metal': 'titanium',
    bezel: 'bezel-fluted',
    'dial-colour': 'silver',
    strap: 'strap-bracelet',
    'strap-colour': null,
  };

  it('shows nothing before the model is learned, then marks the most chosen options and completes in one undoable click', async () => {
    const base = env.server.url;
    const [, email] = await env.server.waitForOutput(/e-mail:\s+(\S+)/);
    const [, password] = await env.server.waitForOutput(/password:\s+(\S+)/);
    const { headers: admin } = await apiLogin(base, email!, password!);
    for (let i = 0; i < 12; i++) await order(base, favourite);
    for (let i = 0; i < 3; i++) await order(base, { 'case-metal': 'steel' });

    // Not learned yet: no marks and no button.
    const { page, context, errors } = await env.page();
    page.setDefaultTimeout(30_000);
    const answered = page.waitForResponse((r) => r.url().includes('/recommendation'), { timeout: 150_000 });
    await openConfigurator(page, 'wristwatch');
    expect(await (await answered).json()).toMatchObject({ available: false, reason: 'not-learned' });
    expect(await page.getByTestId('most-chosen').count()).toBe(0);
    expect(await page.getByTestId('complete-for-me').count()).toBe(0);

    // The producer lowers the minimum to 10 orders and has the model learned now.
    const studio = `${base}/api/studio/products/wristwatch/recommendation`;
    expect((await fetch(studio, { method: 'PUT', headers: admin, body: JSON.stringify({ minOrders: 10 }) })).status).toBe(200);
    const rebuilt = await fetch(`${studio}/rebuild`, { method: 'POST', headers: admin });
    expect(await rebuilt.json()).toMatchObject({ orders: 15, minOrders: 10, enabled: true });

    // The open page learns of it without a reload: it asks again when it gets the focus back.
    const learned = page.waitForResponse((r) => r.url().includes('/recommendation'), { timeout: 150_000 });
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const answer = (await (await learned).json()) as { available: boolean; attributes: Record<string, unknown> };
    expect(answer, JSON.stringify(answer)).toMatchObject({ available: true });
    const titanium = optionLabel(page, 'case-metal', 'titanium');
    await titanium.getByTestId('most-chosen').waitFor();
    expect(await titanium.getByTestId('most-chosen').textContent()).toContain('Most chosen');
    // One mark per attribute, on the option most customers took; read out with the option.
    expect(await page.locator('fieldset[data-attr="case-metal"]').getByTestId('most-chosen').count()).toBe(1);
    const fluted = optionLabel(page, 'bezel', 'bezel-fluted');
    await fluted.getByTestId('most-chosen').waitFor();
    const described = await optionRadio(page, 'case-metal', 'titanium').getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described}"]`).textContent()).toContain('Most chosen by customers with similar choices');
    expect(await optionRadio(page, 'case-metal', 'steel').isChecked()).toBe(true); // the default, untouched

    // The consumer's own choice stays; every other attribute is filled with what customers took.
    await optionLabel(page, 'bezel', 'bezel-diver').click();
    await expect.poll(() => optionRadio(page, 'bezel', 'bezel-diver').isChecked()).toBe(true);
    // A chosen attribute carries no mark.
    await expect.poll(() => page.locator('fieldset[data-attr="bezel"]').getByTestId('most-chosen').count()).toBe(0);
    const priceBefore = await page.getByTestId('price-total').textContent();
    await page.getByTestId('complete-for-me').click();
    await expect.poll(() => optionRadio(page, 'case-metal', 'titanium').isChecked()).toBe(true);
    expect(await optionRadio(page, 'bezel', 'bezel-diver').isChecked()).toBe(true);
    await page.getByRole('status').filter({ hasText: 'Completed with what customers choose most' }).waitFor();
    const announced = await page.getByRole('status').filter({ hasText: 'Completed' }).textContent();
    expect(announced).toMatch(/→/);
    // Every attribute is now chosen (the address bar's share code holds the choices).
    const { product, version } = (await (await fetch(`${base}/api/products/wristwatch`)).json()) as {
      product: Product;
      version: number;
    };
    const chosen = async () => {
      const decoded = decodeConfigCode(new URL(page.url()).searchParams.get('c') ?? '', product, version);
      return decoded.ok ? decoded.choices : null;
    };
    await expect.poll(chosen).toEqual({ ...favourite, bezel: 'bezel-diver' });
    const priceAfter = await page.getByTestId('price-total').textContent();
    expect(priceAfter).not.toBe(priceBefore);
    expect(announced).toContain(`→ ${priceAfter}`);

    // One step back restores the choices as they were before the click.
    await page.getByRole('button', { name: 'Undo', exact: true }).first().click();
    await expect.poll(() => optionRadio(page, 'case-metal', 'steel').isChecked()).toBe(true);
    expect(await optionRadio(page, 'bezel', 'bezel-diver').isChecked()).toBe(true);
    await expect.poll(chosen).toEqual({ bezel: 'bezel-diver' });
    expect(await page.getByTestId('price-total').textContent()).toBe(priceBefore);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a phone, in Dutch, the mark is text and the button works by keyboard', async () => {
    const { page, context, errors } = await env.page({ viewport: PHONE, mobile: true, locale: 'nl' });
    page.setDefaultTimeout(30_000);
    await openConfigurator(page, 'wristwatch');
    const mark = page.locator('fieldset[data-attr="case-metal"]').getByTestId('most-chosen');
    await mark.waitFor();
    expect(await mark.textContent()).toContain('Meest gekozen');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const button = page.getByTestId('complete-for-me');
    expect(await button.textContent()).toBe('Maak het voor mij af');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => optionRadio(page, 'case-metal', 'titanium').isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
  it('the producer sees what the model learned from, sets the minimum and rebuilds in the studio', async () => {
    const [, email] = await env.server.waitForOutput(/e-mail:\s+(\S+)/);
    const [, password] = await env.server.waitForOutput(/password:\s+(\S+)/);
    // A consumer's page is open with the marks while the producer changes the settings.
    const shop = await env.page();
    shop.page.setDefaultTimeout(30_000);
    await openConfigurator(shop.page, 'wristwatch');
    await shop.page.locator('fieldset[data-attr="case-metal"]').getByTestId('most-chosen').waitFor();
    const { page, context, errors } = await env.page();
    page.setDefaultTimeout(30_000);
    await page.goto('/studio');
    await page.getByLabel('E-mail').fill(email!);
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('link', { name: /Meridian/ })
      .first()
      .click();
    await page.getByRole('tab', { name: 'Recommendations' }).click();
    await page.getByText(/Learned from 15 orders on /).waitFor();
    await page.getByText('Customers see recommendations now.').waitFor();
    await page.getByLabel('Minimum number of orders').fill('20');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Customers see no recommendations yet: the model needs to learn from at least 20 orders.').waitFor();
    expect(await (await fetch(`${env.server.url}/api/products/wristwatch/recommendation`)).json()).toMatchObject({
      available: false,
      reason: 'too-few-orders',
    });
    await page.getByRole('button', { name: 'Rebuild now' }).click();
    await page.getByText('Learned again from the orders.').waitFor();
    await page.getByLabel('Show recommendations to customers').uncheck();
    await page.getByText('Customers see no recommendations: they are off.').waitFor();
    expect(await (await fetch(`${env.server.url}/api/products/wristwatch/recommendation`)).json()).toMatchObject({
      reason: 'off',
    });
    // The studio asks who is signed in before the sign-in (401), as in studio.test.ts.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();

    // Back on the consumer's tab: the marks and the button go, without a reload.
    const off = shop.page.waitForResponse((r) => r.url().includes('/recommendation'));
    await shop.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    expect(await (await off).json()).toMatchObject({ available: false, reason: 'off' });
    await expect.poll(() => shop.page.getByTestId('most-chosen').count()).toBe(0);
    expect(await shop.page.getByTestId('complete-for-me').count()).toBe(0);
    expect(shop.errors).toEqual([]);
    await shop.context.close();
  });
});
