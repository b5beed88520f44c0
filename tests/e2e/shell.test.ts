import { describe, expect, it } from 'vitest';
import { seriousAxeViolations, useE2E } from './support/index.js';

describe('app shell', () => {
  const env = useE2E();

  it('shows a clear not-found page for an unknown address, without axe violations', async () => {
    const { page, context } = await env.page();
    const res = await page.goto('/no/such/page');
    expect(res?.status()).toBe(200); // the SPA answers; the page itself says not found
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.getByRole('link', { name: 'Back to the shop' }).getAttribute('href')).toBe('/');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it('switches to Dutch and remembers it across a reload', async () => {
    const { page, context } = await env.page();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Design your own' }).waitFor();
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { name: 'Ontwerp je eigen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await page.reload();
    await page.getByRole('heading', { name: 'Ontwerp je eigen' }).waitFor();
    expect(await page.getByRole('button', { name: 'Nederlands' }).getAttribute('aria-pressed')).toBe('true');
    await context.close();
  });
});
