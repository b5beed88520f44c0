import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiLogin, useE2E } from './support/index.js';

const SHOTS = process.env.E2E_SHOTS ?? '/tmp/h16-shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

describe('studio: safe actions and plain messages', () => {
  const env = useE2E({ env: { ADMIN_EMAIL: 'admin@example.com' } });
  const signIn = async (product: string) => {
    const [, password] = await env.server.waitForOutput(/password:\s+(\S+)/);
    const { page, context } = await env.page();
    page.setDefaultTimeout(30_000);
    await page.goto('/studio');
    await page.getByLabel('E-mail').fill('admin@example.com');
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`/studio/p/${product}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: product }).waitFor();
    return { page, context, password: password! };
  };
  const live = async () =>
    ((await (await fetch(`${env.server.url}/api/products/sneaker`)).json()) as { version: number }).version;

  it('publish confirms with the version and the changes; a draft is discarded after a confirmation and restored by undo', async () => {
    const { page, context } = await signIn('sneaker');
    const why = page.getByTestId('publish-why');
    const publishBtn = page.getByRole('button', { name: 'Publish', exact: true });
    expect(await why.textContent()).toBe('Nothing to publish: the draft is the same as the live version.');
    expect(await publishBtn.isDisabled()).toBe(true);
    expect(await publishBtn.getAttribute('aria-describedby')).toBe('publish-why');

    const nameEn = page.getByRole('group', { name: 'Name' }).getByLabel('EN', { exact: true });
    const before = await nameEn.inputValue();
    await nameEn.fill('Runner X');
    await expect.poll(() => why.textContent()).toBe('Write a note saying what changed: publishing needs one.');
    await page.getByLabel('What changed (note)').fill('Renamed');
    await expect.poll(() => why.count()).toBe(0);

    // Publish asks first, saying the version it goes live as and what changes, before → after.
    await publishBtn.click();
    const dialog = page.getByRole('dialog', { name: 'Publish as version 2?' });
    expect(await dialog.textContent()).toContain('goes live at once as version 2');
    const changes = await dialog.getByTestId('publish-changes').textContent();
    expect(changes).toContain('name changed');
    expect(changes).toContain(`${before} → Runner X`);
    await shot(page, 'studio-publish-confirm.png');
    await dialog.getByRole('button', { name: 'Not yet' }).click();
    expect(await live()).toBe(1);

    // Discard: confirmed, the draft is the live version again; Undo brings the changes back.
    await page.getByRole('button', { name: 'Discard changes' }).click();
    const discard = page.getByRole('dialog', { name: 'Discard the draft’s changes?' });
    expect(await discard.textContent()).toContain('goes back to the live version, v1');
    await discard.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByTestId('discard-notice').waitFor();
    await expect.poll(() => page.getByTestId('draft-state').textContent()).toBe('up to date');
    expect(await nameEn.inputValue()).toBe(before);
    await shot(page, 'studio-discarded.png');
    await page.getByTestId('discard-notice').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByTestId('draft-state').textContent()).toBe('unpublished changes');
    expect(await nameEn.inputValue()).toBe('Runner X');

    // And publish for real.
    await page.getByLabel('What changed (note)').fill('Renamed');
    await publishBtn.click();
    await page
      .getByRole('dialog', { name: 'Publish as version 2?' })
      .getByRole('button', { name: 'Publish as version 2' })
      .click();
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toContain('Published as version 2');
    expect(await live()).toBe(2);
    await context.close();
  });

  it('a model lacking the parts the options drive is an error at once, fixed by mapping its parts', async () => {
    const { page, context } = await signIn('sneaker');
    await page.getByRole('tab', { name: '3D model' }).click();
    await page.getByLabel('Upload a .glb model').setInputFiles(path.resolve('catalog/data/products/wristwatch.glb'));
    const mapping = page.getByTestId('model-mapping');
    await mapping.waitFor();
    const checks = page.getByTestId('checks');
    await expect.poll(() => checks.textContent()).toContain('which the model does not have');
    expect(await checks.locator('.check-error').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('publish-why').textContent()).toMatch(/errors under Checks/);
    await shot(page, 'studio-model-mapping.png');

    // Map every missing name to a part of the new model.
    for (let n = 0; n < 60 && (await mapping.count()) > 0; n++) {
      const select = mapping.locator('select').first();
      const value = await select.locator('option').nth(1).getAttribute('value');
      await select.selectOption(value!);
    }
    expect(await mapping.count()).toBe(0);
    await expect.poll(() => checks.textContent()).not.toContain('which the model does not have');
    // The draft now points at the new model and is saved with the mapped names.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('Saved');
    await shot(page, 'studio-model-mapped.png');
    // The attributes page: collapsed attributes, an opened one with checkbox lists and reorder buttons.
    await page.getByRole('tab', { name: 'Steps, attributes & options' }).click();
    const toe = page.getByTestId('attr-toe-cap');
    await toe.locator('summary').click();
    const first = toe.locator('.studio-option').first();
    const firstId = await first.getAttribute('data-testid');
    await first.locator('[data-move="down"]').click();
    expect(await toe.locator('.studio-option').nth(1).getAttribute('data-testid')).toBe(firstId);
    // The keyboard stays on the moved option.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('.studio-option')?.getAttribute('data-testid')))
      .toBe(firstId);
    await shot(page, 'studio-attributes.png');
    await context.close();
  });

  it('in the Dutch studio a rule naming a missing option says so in Dutch and is fixed in the builder', async () => {
    const url = env.server.url;
    const [, password] = await env.server.waitForOutput(/password:\s+(\S+)/);
    const admin = await apiLogin(url, 'admin@example.com', password!);
    const h = { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrfToken };
    const draft = await (await fetch(`${url}/api/studio/products/lounge-chair/draft`, { headers: h })).json();
    type Attr = { id: string; kind: string; label: { nl: string }; options: { id: string; label: { nl: string } }[] };
    const doc = draft.document as { attributes: Attr[]; rules: unknown[] };
    const attr = doc.attributes.find((a) => a.kind !== 'text' && a.options.length > 1)!;
    doc.rules.push({ id: 'purple-rule', kind: 'restrict', message: 'x', attr: attr.id, to: [attr.options[0]!.id, 'purple'] });
    const n = doc.rules.length;
    const put = await fetch(`${url}/api/studio/products/lounge-chair/draft`, {
      method: 'PUT',
      headers: { ...h, 'Content-Type': 'application/json', 'If-Match': draft.etag },
      body: JSON.stringify(doc),
    });
    expect(put.status).toBe(200);

    const { page, context } = await signIn('lounge-chair');
    await page.locator('.locale-switch button[lang="nl"]').click();
    const checks = page.getByTestId('checks');
    const message = `Regel ${n} noemt de optie “purple” van “${attr.label.nl}”, die niet bestaat.`;
    await expect.poll(() => checks.textContent()).toContain(message);
    expect(await checks.textContent()).toContain('Kies in de regelbouwer een van de opties');
    expect(await checks.textContent()).not.toMatch(/rules\.\d|has no option/);
    await shot(page, 'studio-dutch-message.png');

    // The builder shows the missing option, flagged; unticking it fixes the rule.
    await page.getByRole('tab', { name: 'Regels', exact: true }).click();
    const rule = page.getByTestId('rule-purple-rule');
    const flagged = rule.locator('[data-missing="purple"]');
    expect(await flagged.textContent()).toContain('purple (bestaat niet');
    expect(await rule.getByRole('combobox', { name: 'Soort' }).inputValue()).toBe('restrict');
    // Unticking removes the value (and with it this checkbox).
    await flagged.locator('input').click();
    await expect.poll(() => checks.textContent()).not.toContain('purple');
    expect(await rule.locator('.studio-sentence').textContent()).toMatch(/^Moet .* een van .* zijn/);
    await context.close();
  });
});
