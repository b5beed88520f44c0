import { describe, expect, it } from 'vitest';
import { openConfigurator, PHONE, seriousAxeViolations, useE2E } from './support/index.js';

const SHOTS = process.env.E2E_SHOTS_DIR;

/** Issue #15: a real checkout — required address, sizes, a confirmation that says everything, local formats. */
describe('checkout (sneaker)', () => {
  const env = useE2E();

  it('needs the delivery address, explains quantity errors and keeps the total, then confirms with address, breakdown and configuration', async () => {
    const { page, context, errors } = await env.page();
    await openConfigurator(page, 'sneaker');
    // The shoe size, with its chart.
    await page.getByRole('tab', { name: /Size/ }).click();
    const size = page.locator('fieldset[data-attr="shoe-size"]');
    await size.getByRole('radio', { name: 'EU 44' }).check({ force: true });
    await page.getByText('Size chart', { exact: true }).click();
    const chart = page.getByTestId('size-chart-shoe-size');
    expect(await chart.locator('tr', { hasText: '26.5 cm' }).locator('th').textContent()).toBe('42');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Review and order' }).click();
    await page.getByRole('heading', { name: /^Review your/ }).waitFor();
    expect(await page.getByTestId('size-check').textContent()).toBe('Check your size: Shoe size EU 44.');
    const totalForOne = await page.getByTestId('order-total-shown').textContent();

    // Quantity out of range: a message in words, and the total stays.
    await page.getByLabel('Quantity').fill('1001');
    expect(await page.locator('#order-quantity-error').textContent()).toBe('Enter a whole number from 1 to 1000.');
    expect(await page.getByTestId('order-total-shown').textContent()).toBe(totalForOne);
    await page.getByLabel('Quantity').fill('2');
    await expect.poll(() => page.locator('#order-quantity-error').count()).toBe(0);

    await page.getByLabel('Name').fill('Chloë de Vries');
    await page.getByLabel('E-mail').fill('chloe@example.org');
    let posted = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/orders') && r.method() === 'POST') posted++;
    });
    await page.getByRole('button', { name: 'Place order' }).click();
    const addressError = page.locator('#order-address-error');
    await addressError.waitFor();
    expect(await addressError.textContent()).toBe('Enter the delivery address: we make and ship it to you.');
    expect(await page.getByLabel('Delivery address').getAttribute('aria-invalid')).toBe('true');
    expect(posted).toBe(0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-address-desktop.png`, fullPage: true });

    await page.getByLabel('Delivery address').fill('Stratumseind 12\n5611 ET Eindhoven');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/order\/[A-Za-z0-9_-]+$/);
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
    expect(await page.getByTestId('order-address').textContent()).toBe('Chloë de Vries\nStratumseind 12\n5611 ET Eindhoven');
    expect(await page.getByTestId('order-version').textContent()).toBe('1');
    // en-GB: day before month, 24-hour clock; never 12/6/2026.
    expect(await page.getByTestId('order-placed').textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/);
    const lines = await page.getByTestId('price-lines').locator('dt').allTextContents();
    expect(lines[0]).toBe('Court low sneaker');
    expect(await page.getByTestId('configuration-summary').locator('dd[data-attr="shoe-size"]').textContent()).toBe('EU 44');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/confirmation-desktop.png`, fullPage: true });
    const url = page.url();
    expect(errors).toEqual([]);
    await context.close();

    // In Dutch on a phone: the date as Dutch writes it.
    const phone = await env.page({ viewport: PHONE, mobile: true });
    await phone.page.goto('/');
    await phone.page.getByRole('button', { name: 'Nederlands' }).click();
    await phone.page.goto(url);
    await phone.page.getByRole('heading', { name: 'Bedankt voor je bestelling' }).waitFor();
    expect(await phone.page.getByTestId('order-placed').textContent()).toMatch(/^\d{1,2} [a-z]{3,4}\.? \d{4}/);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    if (SHOTS) await phone.page.screenshot({ path: `${SHOTS}/confirmation-phone-nl.png`, fullPage: true });
    await phone.context.close();
  });
});
