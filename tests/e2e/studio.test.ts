import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { apiLogin, changeMask, previewProbe, settledCapture, useE2E, waitForRenderedChange } from './support/index.js';

describe('producer studio', () => {
  const env = useE2E({ env: { ADMIN_EMAIL: 'admin@example.com' } });

  it('a producer adds a colour option and a rule, sees both in the preview, publishes; consumers get it, old orders keep their version', async () => {
    const url = env.server.url;
    // The first start prints a one-time admin password; the admin makes a producer account.
    const [, adminPassword] = await env.server.waitForOutput(/password:\s+(\S+)/);
    const admin = await apiLogin(url, 'admin@example.com', adminPassword!);
    const producer = { email: 'maker@example.com', password: `pw-${randomBytes(8).toString('hex')}` };
    const made = await fetch(`${url}/api/admin/users`, {
      method: 'POST',
      headers: admin.headers,
      body: JSON.stringify({ ...producer, role: 'producer' }),
    });
    expect(made.status).toBe(201);

    // A consumer orders the sneaker on version 1.
    const v1 = (await (await fetch(`${url}/api/products/sneaker`)).json()) as {
      version: number;
      product: { defaults: Record<string, string | null> };
    };
    expect(v1.version).toBe(1);
    const order = await fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `e2e-${randomBytes(8).toString('hex')}` },
      body: JSON.stringify({
        productId: 'sneaker',
        version: 1,
        choices: { 'upper-colour': 'navy' },
        quantity: 1,
        customer: { name: 'Ann Example', email: 'ann@example.com', address: 'Stratumseind 1, 5611 EN Eindhoven' },
      }),
    });
    expect(order.status).toBe(201);
    const { id: orderId } = (await order.json()) as { id: string };

    // The producer signs in through the studio.
    const { page, errors } = await env.page();
    // A step that cannot happen fails with its own message rather than at the test's timeout.
    page.setDefaultTimeout(30_000);
    // Every fetch of the draft's model: edits must reuse the loaded one.
    const modelFetches: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/studio\/products\/sneaker\/draft\/assets\/sneaker\.glb/.test(r.url())) modelFetches.push(r.url());
    });
    await page.goto('/studio');
    await page.getByLabel('E-mail').fill(producer.email);
    await page.getByLabel('Password').fill(producer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('product-sneaker').getByRole('link').click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'sneaker' }).waitFor();
    // The draft's preview draws the model once; every later edit reuses this very canvas.
    const stage = page.getByTestId('draft-canvas');
    await page.locator('[data-testid="draft-canvas"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await stage.locator('canvas').evaluate((c) => c.setAttribute('data-e2e-first', 'yes'));

    // A colour option, through the forms.
    await page.getByRole('tab', { name: 'Steps, attributes & options' }).click();
    const colours = page.getByTestId('attr-upper-colour');
    // Attributes are collapsed until opened.
    await colours.locator('summary').click();
    await colours.getByRole('button', { name: 'Add option' }).click();
    const fresh = colours.getByTestId('option-option-7');
    await fresh.getByLabel('EN', { exact: true }).fill('Mint');
    const mint = colours.getByTestId('option-mint');
    await mint.getByLabel('NL', { exact: true }).fill('Munt');
    await mint.getByLabel('Swatch').fill('#98e0c0');

    // A rule, through the builder.
    await page.getByRole('tab', { name: 'Rules', exact: true }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByTestId('rule-rule-4');
    const [ifPart, thenPart] = [rule.locator('.studio-cond').nth(0), rule.locator('.studio-cond').nth(1)];
    await ifPart.getByLabel('attribute', { exact: true }).selectOption('upper-colour');
    await ifPart.getByLabel('Mint', { exact: true }).check();
    await thenPart.getByLabel('attribute', { exact: true }).selectOption('laces-colour');
    await thenPart.getByLabel('Black', { exact: true }).check();
    const because = rule.locator('fieldset').filter({ hasText: 'because' });
    await because.getByLabel('EN', { exact: true }).fill('Mint uppers come with black laces');
    await because.getByLabel('NL', { exact: true }).fill('Munt bovenwerk krijgt zwarte veters');
    await expect
      .poll(() => rule.locator('.studio-sentence').textContent())
      .toMatch(/^If .* is Mint then .* must be one of Black — because: Mint uppers come with black laces$/);
    await expect.poll(() => page.getByTestId('checks').textContent(), { timeout: 15_000 }).toContain('No problems found.');

    // Both show in the live preview of the draft: the option, and the rule once Mint is chosen.
    const preview = page.getByTestId('draft-preview');
    const mintRadio = preview.locator('input[name="attr-upper-colour"][data-option="mint"]');
    await mintRadio.waitFor({ state: 'attached' });
    expect(await preview.locator('fieldset[data-attr="upper-colour"]').textContent()).toContain('Mint');
    const before = await settledCapture(page, stage);
    const shownKey = (await previewProbe(page))?.key ?? null;
    await mintRadio.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await mintRadio.click({ force: true });
    await waitForRenderedChange(page, shownKey);
    const after = await settledCapture(page, stage);
    // The upper turns mint (and the laces black): a good part of the canvas changes colour.
    const changed = changeMask(before, after).reduce((n, v) => n + v, 0);
    expect(changed / (after.width * after.height)).toBeGreaterThan(0.01);
    // E2E_SHOTS=<dir>: keep a picture of the studio for a human to look at.
    if (process.env.E2E_SHOTS)
      await page.screenshot({ path: path.join(process.env.E2E_SHOTS, 'studio-preview.png'), fullPage: true });
    await preview.getByRole('tab', { name: /Details/ }).click();
    const white = preview.locator('input[name="attr-laces-colour"][data-option="white"]');
    await expect.poll(() => white.getAttribute('data-state'), { timeout: 15_000 }).toBe('conflict');
    expect(await preview.locator('#opt-laces-colour-white-desc').textContent()).toContain('Mint uppers come with black laces');
    expect(await preview.locator('input[name="attr-laces-colour"]:checked').getAttribute('data-option')).toBe('black');

    // Save, publish with a note.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('Saved');
    await page.getByLabel('What changed (note)').fill('Mint upper with black laces');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    // Publish confirms with the version it goes live as and what changes.
    const confirmPublish = page.getByRole('dialog', { name: 'Publish as version 2?' });
    expect(await confirmPublish.getByTestId('publish-changes').textContent()).toContain(
      'option "upper-colour/mint" (Mint) added',
    );
    await confirmPublish.getByRole('button', { name: 'Publish as version 2' }).click();
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toContain('Published as version 2');

    // All along one canvas: edits never remounted it.
    expect(await stage.locator('canvas[data-e2e-first="yes"]').count()).toBe(1);
    expect(modelFetches, modelFetches.join(' ')).toHaveLength(1);

    // A consumer now sees the new option.
    const consumer = await env.page();
    await consumer.page.goto('/p/sneaker');
    await consumer.page
      .locator('input[name="attr-upper-colour"][data-option="mint"]')
      .waitFor({ state: 'attached', timeout: 60_000 });

    // The older order still points at version 1, which is still served without the new option.
    const old = (await (await fetch(`${url}/api/orders/${orderId}`)).json()) as { version: number; productId: string };
    expect(old).toMatchObject({ productId: 'sneaker', version: 1 });
    // The sales desk's order detail shows it in the terms of version 1.
    const detail = await fetch(`${url}/api/sales/orders/${orderId}`, { headers: { Cookie: admin.cookie } });
    expect(detail.status).toBe(200);
    const shown = (await detail.json()) as {
      version: number;
      product: { attributes: { id: string; options?: { id: string }[] }[] };
    };
    expect(shown.version).toBe(1);
    const upperV1 = shown.product.attributes.find((a) => a.id === 'upper-colour')!;
    expect(upperV1.options!.map((o) => o.id)).not.toContain('mint');
    const served = (await (await fetch(`${url}/api/products/sneaker?version=1`)).json()) as {
      product: { attributes: { id: string; options?: { id: string }[] }[] };
    };
    const upper = served.product.attributes.find((a) => a.id === 'upper-colour')!;
    expect(upper.options!.map((o) => o.id)).not.toContain('mint');
    expect((await (await fetch(`${url}/api/products/sneaker`)).json()).version).toBe(2);
    // The studio asks /api/auth/me before sign-in: its 401 is the expected answer, logged by Chromium.
    expect(errors.filter((e) => !/favicon|WebGL|GPU|status of 401/i.test(e))).toEqual([]);
  }, 180_000); // a long scenario on a shared 2-core machine with a CPU-rendered WebGL

  it('archive and rollback confirm with what will happen; archive is undone by restore', async () => {
    const url = env.server.url;
    const [, adminPassword] = await env.server.waitForOutput(/password:\s+(\S+)/);
    const admin = await apiLogin(url, 'admin@example.com', adminPassword!);
    // A second version of the watch (v1's content again), so there is one to roll back to.
    const again = await fetch(`${url}/api/studio/products/wristwatch/rollback`, {
      method: 'POST',
      headers: admin.headers,
      body: JSON.stringify({ version: 1, note: 'second version' }),
    });
    expect(again.status).toBe(201);
    const { page, context } = await env.page();
    page.setDefaultTimeout(30_000);
    await page.goto('/studio');
    await page.getByLabel('E-mail').fill('admin@example.com');
    await page.getByLabel('Password').fill(adminPassword!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.getByTestId('product-wristwatch');
    await row.getByRole('button', { name: 'Archive' }).click();
    const dialog = page.getByRole('dialog', { name: 'Archive Meridian 41 automatic?' });
    expect(await dialog.textContent()).toContain('leaves the storefront at once');
    await page.screenshot({ path: '/tmp/h16-shots/studio-archive-confirm.png' }).catch(() => undefined);
    await dialog.getByRole('button', { name: 'Keep it as it is' }).click();
    expect(await (await fetch(`${url}/api/products/wristwatch`)).status).toBe(200);
    await row.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
    await page.getByTestId('archive-notice').getByText('is archived').waitFor();
    expect((await fetch(`${url}/api/products/wristwatch`)).status).toBe(404);
    await page.getByTestId('archive-notice').getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('archive-notice').getByText('is back in the storefront').waitFor();
    expect((await fetch(`${url}/api/products/wristwatch`)).status).toBe(200);

    await page.goto('/studio/p/wristwatch');
    await page.getByRole('tab', { name: 'Versions' }).click();
    const current = ((await (await fetch(`${url}/api/products/wristwatch`)).json()) as { version: number }).version;
    await page.getByRole('button', { name: 'Roll back to this version' }).first().click();
    const rb = page.getByRole('dialog', { name: /Roll back to version \d+\?/ });
    expect(await rb.textContent()).toContain(`v${current + 1}`);
    await page.screenshot({ path: '/tmp/h16-shots/studio-rollback-confirm.png' }).catch(() => undefined);
    await rb.getByRole('button', { name: 'Keep it as it is' }).click();
    expect(((await (await fetch(`${url}/api/products/wristwatch`)).json()) as { version: number }).version).toBe(current);
    await page.getByRole('button', { name: 'Roll back to this version' }).first().click();
    await page.getByRole('button', { name: /Publish version \d+ again/ }).click();
    await expect
      .poll(async () => ((await (await fetch(`${url}/api/products/wristwatch`)).json()) as { version: number }).version)
      .toBe(current + 1);
    await context.close();
  });
});
