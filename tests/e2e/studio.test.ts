import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { changeMask, previewProbe, settledCapture, useE2E, waitForRenderedChange } from './support/index.js';

/** Sign in over HTTP; returns the cookie and CSRF token for further calls. */
async function apiLogin(url: string, email: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken };
}

describe('producer studio', () => {
  const env = useE2E({ env: { ADMIN_EMAIL: 'admin@example.com' } });

  it('a producer adds a colour option and a rule, sees both in the preview, publishes; consumers get it, old orders keep their version', async () => {
    const url = env.server.url;
    // The first start prints a one-time admin password; the admin makes a producer account.
    const [, adminPassword] = await env.server.waitForOutput(/password:\s+(\S+)/);
    console.log('STEP 1', Date.now() % 1000000, 'const [, adminPassword] = await env.server.waitForOutput(/pa');
    const admin = await apiLogin(url, 'admin@example.com', adminPassword!);
    console.log('STEP 2', Date.now() % 1000000, "const admin = await apiLogin(url, 'admin@example.com', admin");
    const producer = { email: 'maker@example.com', password: `pw-${randomBytes(8).toString('hex')}` };
    const made = await fetch(`${url}/api/admin/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
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
        customer: { name: 'Ann Example', email: 'ann@example.com' },
      }),
    });
    expect(order.status).toBe(201);
    const { id: orderId } = (await order.json()) as { id: string };

    // The producer signs in through the studio.
    const { page, errors } = await env.page();
    console.log('STEP 3', Date.now() % 1000000, 'const { page, errors } = await env.page();');
    await page.goto('/studio');
    console.log('STEP 4', Date.now() % 1000000, "await page.goto('/studio');");
    await page.getByLabel('E-mail').fill(producer.email);
    console.log('STEP 5', Date.now() % 1000000, "await page.getByLabel('E-mail').fill(producer.email);");
    await page.getByLabel('Password').fill(producer.password);
    console.log('STEP 6', Date.now() % 1000000, "await page.getByLabel('Password').fill(producer.password);");
    await page.getByRole('button', { name: 'Sign in' }).click();
    console.log('STEP 7', Date.now() % 1000000, "await page.getByRole('button', { name: 'Sign in' }).click();");
    await page.getByTestId('product-sneaker').getByRole('link').click();
    console.log('STEP 8', Date.now() % 1000000, "await page.getByTestId('product-sneaker').getByRole('link').");
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'sneaker' }).waitFor();
    console.log('STEP 9', Date.now() % 1000000, "await page.getByRole('heading', { level: 1 }).filter({ hasTe");
    // The draft's preview draws the model once; every later edit reuses this very canvas.
    const stage = page.getByTestId('draft-canvas');
    await page.locator('[data-testid="draft-canvas"][data-ready="true"]').waitFor({ timeout: 60_000 });
    console.log('STEP 10', Date.now() % 1000000, 'await page.locator(\'[data-testid="draft-canvas"][data-ready=');
    await stage.locator('canvas').evaluate((c) => c.setAttribute('data-e2e-first', 'yes'));
    console.log('STEP 11', Date.now() % 1000000, "await stage.locator('canvas').evaluate((c) => c.setAttribute");

    // A colour option, through the forms.
    await page.getByRole('tab', { name: 'Steps, attributes & options' }).click();
    console.log('STEP 12', Date.now() % 1000000, "await page.getByRole('tab', { name: 'Steps, attributes & opt");
    const colours = page.getByTestId('attr-upper-colour');
    await colours.getByRole('button', { name: 'Add option' }).click();
    console.log('STEP 13', Date.now() % 1000000, "await colours.getByRole('button', { name: 'Add option' }).cl");
    const fresh = colours.getByTestId('option-option-7');
    await fresh.getByLabel('EN', { exact: true }).fill('Mint');
    console.log('STEP 14', Date.now() % 1000000, "await fresh.getByLabel('EN', { exact: true }).fill('Mint');");
    const mint = colours.getByTestId('option-mint');
    await mint.getByLabel('NL', { exact: true }).fill('Munt');
    console.log('STEP 15', Date.now() % 1000000, "await mint.getByLabel('NL', { exact: true }).fill('Munt');");
    await mint.getByLabel('Swatch').fill('#98e0c0');
    console.log('STEP 16', Date.now() % 1000000, "await mint.getByLabel('Swatch').fill('#98e0c0');");

    // A rule, through the builder.
    await page.getByRole('tab', { name: 'Rules', exact: true }).click();
    console.log('STEP 17', Date.now() % 1000000, "await page.getByRole('tab', { name: 'Rules', exact: true }).");
    await page.getByRole('button', { name: 'Add rule' }).click();
    console.log('STEP 18', Date.now() % 1000000, "await page.getByRole('button', { name: 'Add rule' }).click()");
    const rule = page.getByTestId('rule-rule-4');
    const [ifPart, thenPart] = [rule.locator('.studio-cond').nth(0), rule.locator('.studio-cond').nth(1)];
    await ifPart.getByLabel('attribute', { exact: true }).selectOption('upper-colour');
    console.log('STEP 19', Date.now() % 1000000, "await ifPart.getByLabel('attribute', { exact: true }).select");
    await ifPart.getByLabel('Mint', { exact: true }).check();
    console.log('STEP 20', Date.now() % 1000000, "await ifPart.getByLabel('Mint', { exact: true }).check();");
    await thenPart.getByLabel('attribute', { exact: true }).selectOption('laces-colour');
    console.log('STEP 21', Date.now() % 1000000, "await thenPart.getByLabel('attribute', { exact: true }).sele");
    await thenPart.getByLabel('Black', { exact: true }).check();
    console.log('STEP 22', Date.now() % 1000000, "await thenPart.getByLabel('Black', { exact: true }).check();");
    const because = rule.locator('fieldset').filter({ hasText: 'because' });
    await because.getByLabel('EN', { exact: true }).fill('Mint uppers come with black laces');
    console.log('STEP 23', Date.now() % 1000000, "await because.getByLabel('EN', { exact: true }).fill('Mint u");
    await because.getByLabel('NL', { exact: true }).fill('Munt bovenwerk krijgt zwarte veters');
    console.log('STEP 24', Date.now() % 1000000, "await because.getByLabel('NL', { exact: true }).fill('Munt b");
    await expect
      .poll(() => rule.locator('.studio-sentence').textContent())
      .toMatch(/^If .* is Mint then .* must be one of Black — because: Mint uppers come with black laces$/);
    await expect.poll(() => page.getByTestId('checks').textContent()).toContain('No problems found.');
    console.log('STEP 25', Date.now() % 1000000, "await expect.poll(() => page.getByTestId('checks').textConte");

    // Both show in the live preview of the draft: the option, and the rule once Mint is chosen.
    const preview = page.getByTestId('draft-preview');
    const mintRadio = preview.locator('input[name="attr-upper-colour"][data-option="mint"]');
    await mintRadio.waitFor({ state: 'attached' });
    console.log('STEP 26', Date.now() % 1000000, "await mintRadio.waitFor({ state: 'attached' });");
    expect(await preview.locator('fieldset[data-attr="upper-colour"]').textContent()).toContain('Mint');
    const before = await settledCapture(page, stage);
    console.log('STEP 27', Date.now() % 1000000, 'const before = await settledCapture(page, stage);');
    const shownKey = (await previewProbe(page))?.key ?? null;
    await mintRadio.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    console.log('STEP 28', Date.now() % 1000000, 'await mintRadio.evaluate((el) => el.scrollIntoView({ block: ');
    await mintRadio.click({ force: true });
    console.log('STEP 29', Date.now() % 1000000, 'await mintRadio.click({ force: true });');
    await waitForRenderedChange(page, shownKey);
    console.log('STEP 30', Date.now() % 1000000, 'await waitForRenderedChange(page, shownKey);');
    const after = await settledCapture(page, stage);
    console.log('STEP 31', Date.now() % 1000000, 'const after = await settledCapture(page, stage);');
    // The upper turns mint (and the laces black): a good part of the canvas changes colour.
    const changed = changeMask(before, after).reduce((n, v) => n + v, 0);
    expect(changed / (after.width * after.height)).toBeGreaterThan(0.01);
    // E2E_SHOTS=<dir>: keep a picture of the studio for a human to look at.
    if (process.env.E2E_SHOTS)
      await page.screenshot({ path: path.join(process.env.E2E_SHOTS, 'studio-preview.png'), fullPage: true });
    await preview.getByRole('tab', { name: /Details/ }).click();
    console.log('STEP 32', Date.now() % 1000000, "await preview.getByRole('tab', { name: /Details/ }).click();");
    const white = preview.locator('input[name="attr-laces-colour"][data-option="white"]');
    await expect.poll(() => white.getAttribute('data-state')).toBe('conflict');
    console.log('STEP 33', Date.now() % 1000000, "await expect.poll(() => white.getAttribute('data-state')).to");
    expect(await preview.locator('#opt-laces-colour-white-desc').textContent()).toContain('Mint uppers come with black laces');
    expect(await preview.locator('input[name="attr-laces-colour"]:checked').getAttribute('data-option')).toBe('black');

    // Save, publish with a note.
    await page.getByRole('button', { name: 'Save draft' }).click();
    console.log('STEP 34', Date.now() % 1000000, "await page.getByRole('button', { name: 'Save draft' }).click");
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('Saved');
    console.log('STEP 35', Date.now() % 1000000, "await expect.poll(() => page.getByTestId('status').textConte");
    await page.getByLabel('What changed (note)').fill('Mint upper with black laces');
    console.log('STEP 36', Date.now() % 1000000, "await page.getByLabel('What changed (note)').fill('Mint uppe");
    await page.getByRole('button', { name: 'Publish' }).click();
    console.log('STEP 37', Date.now() % 1000000, "await page.getByRole('button', { name: 'Publish' }).click();");
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toContain('Published as version 2');
    console.log('STEP 38', Date.now() % 1000000, "await expect.poll(() => page.getByTestId('status').textConte");

    // All along one canvas: edits never remounted it.
    expect(await stage.locator('canvas[data-e2e-first="yes"]').count()).toBe(1);

    // A consumer now sees the new option.
    const consumer = await env.page();
    console.log('STEP 39', Date.now() % 1000000, 'const consumer = await env.page();');
    await consumer.page.goto('/p/sneaker');
    console.log('STEP 40', Date.now() % 1000000, "await consumer.page.goto('/p/sneaker');");
    await consumer.page
      .locator('input[name="attr-upper-colour"][data-option="mint"]')
      .waitFor({ state: 'attached', timeout: 60_000 });

    // The older order still points at version 1, which is still served without the new option.
    const old = (await (await fetch(`${url}/api/orders/${orderId}`)).json()) as { version: number; productId: string };
    expect(old).toMatchObject({ productId: 'sneaker', version: 1 });
    // The sales desk's order detail shows it in the terms of version 1.
    const detail = await fetch(`${url}/api/sales/orders/${orderId}`, { headers: { Cookie: admin.cookie } });
    console.log('STEP 41', Date.now() % 1000000, 'const detail = await fetch(`${url}/api/sales/orders/${orderI');
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
    expect(errors.filter((e) => !/favicon|WebGL|GPU/i.test(e))).toEqual([]);
  });
});
