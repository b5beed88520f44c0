import { describe, expect, it } from 'vitest';
import { optionRadio, openConfigurator, pickOption, PHONE, seriousAxeViolations, shownPrice, useE2E } from './support/index.js';

const SHOTS = process.env.E2E_SHOTS_DIR;

/** Issue #15: every consequence of a pick is announced before the click, and shown after it. */
describe('announced consequences (chair)', () => {
  const env = useE2E();

  it('the Black swatch names the fabric change and the price in its accessible name and tooltip', async () => {
    const { page, context, errors } = await env.page();
    await openConfigurator(page, 'lounge-chair');
    // Focus starts on the product's heading.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('product-heading');
    const black = optionRadio(page, 'colour', 'black');
    expect(await black.getAttribute('aria-label')).toBe('Black — also changes Fabric to Aniline leather, + €450.00');
    // The same words in the tooltip on focus (keyboard) and hover.
    await black.focus();
    const tip = page.locator('.tooltip-host:focus-within .tooltip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toContain('also changes Fabric to Aniline leather, + €450.00');
    // Kept inside the window (the last swatch sits at the panel's right edge).
    const tipBox = (await tip.boundingBox())!;
    expect(tipBox.x + tipBox.width).toBeLessThanOrEqual(1280);
    // An option that changes nothing else keeps its plain name.
    expect(await optionRadio(page, 'colour', 'sage').getAttribute('aria-label')).toBe('Sage');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/announce-desktop.png` });

    const before = await shownPrice(page);
    await pickOption(page, 'colour', 'black');
    // Only a default changed: no dialog, an inline notice with the new total and an undo.
    const notice = page.getByTestId('change-notice');
    await notice.waitFor();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await notice.textContent()).toContain('Black also changed Fabric to Aniline leather.');
    const after = await shownPrice(page);
    expect(await notice.textContent()).toContain(`New total: ${after.total}`);
    expect(after.total).not.toBe(before.total);
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/notice-desktop.png` });
    await notice.getByRole('button', { name: 'Undo' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(await shownPrice(page)).toEqual(before);
    await expect.poll(() => optionRadio(page, 'colour', 'black').isChecked()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('in Dutch, and a chosen fabric turns the same pick into the dialog listing the change', async () => {
    const { page, context } = await env.page({ locale: 'nl-NL' });
    await openConfigurator(page, 'lounge-chair');
    expect(await optionRadio(page, 'colour', 'black').getAttribute('aria-label')).toMatch(
      /^Zwart — wijzigt ook Stof in Aniline leer, \+ €\s?450,00$/,
    );
    await pickOption(page, 'fabric', 'velvet');
    await expect.poll(() => optionRadio(page, 'fabric', 'velvet').isChecked()).toBe(true);
    await pickOption(page, 'colour', 'black');
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('conflict-changes').textContent()).toMatch(/Stof: Katoenfluweel → Aniline leer/);
    await context.close();
  });

  it('on a phone the notice fits the screen', async () => {
    const { page, context } = await env.page({ viewport: PHONE, mobile: true });
    await openConfigurator(page, 'lounge-chair');
    await pickOption(page, 'colour', 'black');
    const box = (await page.getByTestId('change-notice').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/notice-phone.png` });
    await context.close();
  });
});
