/**
 * Screenshots of pages for a human to look at:
 *   npx tsx tests/e2e/support/shoot.ts <baseUrl> <outDir> <path>[@phone] …
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, newPage, PHONE } from './browser.js';

const [base, out, ...paths] = process.argv.slice(2);
if (!base || !out || paths.length === 0) {
  console.error('usage: shoot.ts <baseUrl> <outDir> <path>[@phone] …');
  process.exit(2);
}
await mkdir(out, { recursive: true });
const browser = await launchBrowser();
try {
  for (const spec of paths) {
    const [p, mode] = spec.split('@');
    const phone = mode === 'phone';
    const { page, context, errors } = await newPage(browser, base, phone ? { viewport: PHONE, mobile: true } : {});
    await page.goto(p!);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(2500);
    const file = path.join(out, `${p!.replace(/[^a-z0-9]+/gi, '_') || 'root'}${phone ? '_phone' : ''}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file, errors.length ? errors : '');
    await context.close();
  }
} finally {
  await browser.close();
}
