import type { Page } from 'playwright-core';

/** Reads the scene's probe (window.__maatwerkPreview) from the page. */
export async function previewProbe(
  page: Page,
): Promise<{ frames: number; key: string | null; info: Record<string, number> } | null> {
  return page.evaluate(() => {
    const p = (
      window as unknown as {
        __maatwerkPreview?: { frames: number; lastRenderedKey: string | null; info(): Record<string, number> };
      }
    ).__maatwerkPreview;
    return p ? { frames: p.frames, key: p.lastRenderedKey, info: p.info() } : null;
  });
}

/** Open a product's configurator (optionally with a share code) and wait for its first rendered frame. */
export async function openConfigurator(page: Page, productId: string, code?: string): Promise<void> {
  await page.goto(`/p/${productId}${code ? `?c=${encodeURIComponent(code)}` : ''}`);
  await page.locator('[data-testid="preview"][data-ready="true"]').waitFor({ timeout: 150_000 });
}

/** Waits until the preview has drawn a configuration other than `previousKey`. */
export async function waitForRenderedChange(page: Page, previousKey: string | null, timeoutMs = 60_000): Promise<string> {
  const handle = await page.waitForFunction(
    (prev) => {
      const p = (window as unknown as { __maatwerkPreview?: { lastRenderedKey: string | null } }).__maatwerkPreview;
      return p && p.lastRenderedKey !== null && p.lastRenderedKey !== prev ? p.lastRenderedKey : null;
    },
    previousKey,
    { timeout: timeoutMs, polling: 'raf' },
  );
  return (await handle.jsonValue()) as string;
}

/** The radio of an option (null: "none") in an attribute's group. */
export function optionRadio(page: Page, attr: string, option: string | null) {
  return page.locator(`fieldset[data-attr="${attr}"] input[type="radio"][data-option="${option ?? '__none__'}"]`);
}

/** Picks an option the way a consumer does (clicking its swatch or card). */
export async function pickOption(page: Page, attr: string, option: string | null): Promise<void> {
  const radio = optionRadio(page, attr, option);
  // Centre it first: at the panel's bottom edge the sticky price footer would take the click.
  await radio.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await radio.click({ force: true });
}

/** Opens the step that holds an attribute, if it is not showing. */
export async function showAttribute(page: Page, stepLabel: string): Promise<void> {
  await page.getByRole('tab', { name: stepLabel }).click();
}

/** What the page shows as price and variant code. */
export async function shownPrice(page: Page): Promise<{ total: string; variantCode: string }> {
  return {
    total: (await page.getByTestId('price-total').first().textContent()) ?? '',
    variantCode: (await page.getByTestId('variant-code').first().textContent()) ?? '',
  };
}
