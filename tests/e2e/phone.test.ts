import { describe, expect, it } from 'vitest';
import { localize } from '../../client/i18n/translate.js';
import {
  availableAlternative,
  openConfigurator,
  optionRadio,
  PHONE,
  seriousAxeViolations,
  shownPrice,
  stepOf,
  useE2E,
} from './support/index.js';

describe('phone (375×667) and accessibility', () => {
  const env = useE2E();

  it('the storefront fits the phone, lists every product with a from-price, and passes axe', async () => {
    const products = await env.products();
    const { page, context } = await env.page({ viewport: PHONE, mobile: true });
    await page.goto('/');
    await page.locator('.product-card').first().waitFor();
    await expect.poll(() => page.getByTestId('from-price').allTextContents()).toHaveLength(products.length);
    await expect
      .poll(async () => (await page.getByTestId('from-price').allTextContents()).every((t) => /^from /.test(t)))
      .toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The whole card opens the configurator.
    await page.getByRole('link', { name: localize(products[0]!.product.name, 'en') }).click();
    await page.waitForURL(`**/p/${products[0]!.product.id}`);
    await context.close();
  });

  it('configures on a phone: preview on top, options reachable, price updates, no sideways scroll, axe clean', async () => {
    const { product } = (await env.products())[0]!;
    const { page, context, errors } = await env.page({ viewport: PHONE, mobile: true });
    await openConfigurator(page, product.id);
    const canvasBox = await page.locator('[data-testid="preview"] canvas').boundingBox();
    expect(canvasBox!.width).toBeGreaterThanOrEqual(PHONE.width - 1);
    expect(canvasBox!.height).toBeGreaterThan(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousAxeViolations(page)).toEqual([]);

    const attr = product.attributes.find((a) => a.kind === 'colour') ?? product.attributes.find((a) => a.kind !== 'text')!;
    const alt = availableAlternative(product, attr.id)!;
    await page.getByRole('tab', { name: localize(stepOf(product, attr.id).label, 'en') }).tap();
    const before = await shownPrice(page);
    // A real tap at the option's place on screen.
    const radio = optionRadio(page, attr.id, alt);
    await radio.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const box = (await radio.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(44); // touch target
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => radio.isChecked()).toBe(true);
    expect((await shownPrice(page)).variantCode).not.toBe(before.variantCode);

    await page.getByRole('button', { name: 'Review and order' }).tap();
    await page.getByRole('heading', { name: /^Review your/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every control of the configurator is reachable by keyboard, in Dutch too', async () => {
    const { product } = (await env.products())[0]!;
    const { page, context } = await env.page();
    await page.goto('/');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await openConfigurator(page, product.id);
    await page.getByRole('tab', { name: new RegExp(localize(product.steps[0]!.label, 'nl')) }).waitFor();
    expect(await page.getByRole('button', { name: 'Bekijken en bestellen' }).isVisible()).toBe(true);
    // Tab through the page and collect what gets focus.
    const reached = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const what = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el
          ? `${el.tagName.toLowerCase()}:${el.getAttribute('role') ?? el.getAttribute('type') ?? ''}:${el.textContent?.trim().slice(0, 30) ?? ''}`
          : '';
      });
      reached.add(what);
    }
    const list = [...reached].join('\n');
    expect(list).toContain('Delen');
    expect(list).toMatch(/button:tab:/);
    expect(list).toMatch(/input:radio:/);
    expect(list).toContain('Bekijken en bestellen');
    // Arrow keys move between the steps.
    await page.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain(localize(product.steps[1]!.label, 'nl'));
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });
});
