import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiLogin, useE2E } from './support/index.js';

describe('sales desk', () => {
  // admin@localhost (the default) does not pass the login form's e-mail check, so name a real-looking one.
  // The webhook receiver of these tests is on this machine (127.0.0.1): allowed for development only.
  const env = useE2E({ env: { ADMIN_EMAIL: 'admin@example.com', WEBHOOK_ALLOW_PRIVATE: 'true' } });

  it('a sales user signs in, filters, opens an order, starts production and downloads a CSV', async () => {
    const base = env.server.url;
    const [, adminEmail] = await env.server.waitForOutput(/e-mail:\s+(\S+)/);
    const [, adminPassword] = await env.server.waitForOutput(/password:\s+(\S+)/);
    const admin = await apiLogin(base, adminEmail!, adminPassword!);
    const salesEmail = 'sam.sales@example.com';
    const salesPassword = 'sales-password-1234';
    const created = await fetch(`${base}/api/admin/users`, {
      method: 'POST',
      headers: admin.headers,
      body: JSON.stringify({ email: salesEmail, role: 'sales', password: salesPassword }),
    });
    expect(created.status).toBe(201);

    const products = (await (await fetch(`${base}/api/products`)).json()) as { products: { id: string; version: number }[] };
    const product = products.products[0]!;
    const numbers: Record<string, number> = {};
    for (const name of ['Ann Peeters', 'Zoë Vermeulen', 'Bram Jacobs']) {
      const res = await fetch(`${base}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-sales-${name.replace(/\W/g, '')}` },
        body: JSON.stringify({
          productId: product.id,
          version: product.version,
          choices: {},
          quantity: 1,
          customer: { name, email: `${name.split(' ')[1]!.toLowerCase()}@example.com`, address: 'Markt 1, Eindhoven' },
        }),
      });
      expect(res.status).toBe(201);
      numbers[name] = ((await res.json()) as { number: number }).number;
    }

    const { page, context, errors } = await env.page();
    await page.goto('/sales');
    await page.getByLabel('E-mail').fill(salesEmail);
    await page.getByLabel('Password').fill(salesPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    await page.getByText('3 orders').waitFor();

    await page.getByLabel('Search').fill('Vermeulen');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('1 orders').waitFor();
    const rows = page.locator('.sales-table tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Zoë Vermeulen');

    await page.getByRole('link', { name: String(numbers['Zoë Vermeulen']), exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`Order ${numbers['Zoë Vermeulen']}`) }).waitFor();
    expect(await page.getByRole('button', { name: 'Mark shipped' }).count()).toBe(0); // not valid from received
    await page.getByRole('button', { name: 'Start production' }).click();
    await page.getByRole('button', { name: 'Mark shipped' }).waitFor();
    expect(await page.locator('h1 .status-chip').textContent()).toBe('In production');
    await page.getByText(`by ${salesEmail}`).waitFor();

    await page.getByRole('link', { name: /Back to the orders/ }).click();
    await page.getByRole('button', { name: 'In production' }).click();
    await page.getByText('1 orders').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Zoë Vermeulen');
    expect(lines[1]).toContain('in_production');
    // The one expected failure: /api/auth/me answering 401 before signing in.
    expect(errors.filter((e) => !/status of 401|WebGL|GPU|swiftshader/i.test(e))).toEqual([]);
    await context.close();
  });

  it('cancel and ship confirm with what will happen and can be undone; the desk shows the shopper\'s words; "JD" finds the engraving', async () => {
    const base = env.server.url;
    const [, adminEmail] = await env.server.waitForOutput(/e-mail:\s+(\S+)/);
    const [, adminPassword] = await env.server.waitForOutput(/password:\s+(\S+)/);
    const order = async (productId: string, choices: Record<string, string | null>, name: string) => {
      const res = await fetch(`${base}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-undo-${productId}-${name.replace(/\W/g, '')}` },
        body: JSON.stringify({
          productId,
          version: 1,
          choices,
          quantity: 1,
          customer: {
            name,
            email: 'jo@example.com',
            address: { line1: 'Kerkstraat 1', postalCode: '1012 AB', city: 'Amsterdam', country: 'NL' },
          },
        }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; number: number };
    };
    const chair = await order('lounge-chair', { armrests: null, 'base-finish': null, base: 'legs-tapered' }, 'Chair Buyer');
    const watch = await order('wristwatch', { engraving: 'JD' }, 'Watch Buyer');

    const { page, context, errors } = await env.page();
    // The shopper's words, on the order confirmation the customer sees.
    await page.goto(`/order/${chair.id}`);
    const summary = page.getByTestId('configuration-summary');
    await summary.waitFor();
    const shopper: Record<string, string> = {};
    for (const dd of await summary.locator('dd[data-attr]').all())
      shopper[(await dd.getAttribute('data-attr'))!] = (await dd.textContent())!.trim();
    expect(shopper).toMatchObject({ armrests: 'No armrests', 'base-finish': 'Wood, as the frame' });

    await page.goto('/sales');
    await page.getByLabel('E-mail').fill(adminEmail!);
    await page.getByLabel('Password').fill(adminPassword!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    // Product names, not ids, in the list.
    await page.locator('.sales-table tbody').getByText('Lune lounge chair').first().waitFor();

    await page.getByLabel('Search').fill('JD');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('1 orders').waitFor();
    expect(await page.locator('.sales-table tbody tr').first().textContent()).toContain('Watch Buyer');

    await page.goto(`/sales/orders/${chair.id}`);
    await page.getByRole('heading', { name: new RegExp(`Order ${chair.number}`) }).waitFor();
    const desk: Record<string, string> = {};
    for (const tr of await page.locator('tr[data-attr]').all())
      desk[(await tr.getAttribute('data-attr'))!] = (await tr.locator('td').nth(1).textContent())!.trim();
    expect(desk).toEqual(shopper);
    expect((await page.getByTestId('address').innerText()).split('\n')).toEqual([
      'Chair Buyer',
      'Kerkstraat 1',
      '1012 AB Amsterdam',
      'NL',
      'jo@example.com',
    ]);

    // Cancel asks first and says what happens; keeping the order changes nothing.
    await page.getByRole('button', { name: 'Cancel order' }).click();
    const dialog = page.getByRole('dialog', { name: `Cancel order ${chair.number}?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('You can undo this afterwards');
    await page.screenshot({ path: '/tmp/h16-shots/sales-cancel-confirm.png' }).catch(() => undefined);
    await dialog.getByRole('button', { name: 'Keep the order as it is' }).click();
    expect(await page.locator('h1 .status-chip').textContent()).toBe('Received');
    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the order' }).click();
    await page.getByTestId('status-done').getByText(`Order ${chair.number} is cancelled.`).waitFor();
    expect(await page.locator('h1 .status-chip').textContent()).toBe('Cancelled');
    await page.getByTestId('status-done').getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Start production' }).waitFor();
    expect(await page.locator('h1 .status-chip').textContent()).toBe('Received');

    // Shipping takes a tracking number and carrier, shown after; undo takes the order back to production.
    await page.getByRole('button', { name: 'Start production' }).click();
    await page.getByRole('button', { name: 'Mark shipped' }).click();
    const ship = page.getByRole('dialog', { name: `Mark order ${chair.number} as shipped?` });
    await ship.getByLabel('Tracking number').fill('3SABCD1234567');
    await ship.getByLabel('Carrier').fill('PostNL');
    await page.screenshot({ path: '/tmp/h16-shots/sales-ship-confirm.png' }).catch(() => undefined);
    await ship.getByRole('button', { name: 'Mark shipped' }).click();
    await page.getByTestId('tracking').getByText('3SABCD1234567').waitFor();
    await page.screenshot({ path: '/tmp/h16-shots/sales-shipped.png', fullPage: true }).catch(() => undefined);
    await page.getByTestId('status-done').getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Mark shipped' }).waitFor();
    expect(await page.locator('h1 .status-chip').textContent()).toBe('In production');
    expect(await page.getByTestId('tracking').count()).toBe(0);
    void watch;
    expect(errors.filter((e) => !/status of 401|WebGL|GPU|swiftshader/i.test(e))).toEqual([]);
    await context.close();
  });

  it('webhook settings: a labelled Enabled checkbox, the secret minimum shown, Saved, events in Dutch', async () => {
    const [, adminEmail] = await env.server.waitForOutput(/e-mail:\s+(\S+)/);
    const [, adminPassword] = await env.server.waitForOutput(/password:\s+(\S+)/);
    const { page, context } = await env.page();
    await page.goto('/sales/webhooks');
    await page.getByLabel('E-mail').fill(adminEmail!);
    await page.getByLabel('Password').fill(adminPassword!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('URL').fill('http://127.0.0.1:9/hook');
    await page.getByText('At least 16 characters.').waitFor();
    await page.getByLabel('Secret').fill('short');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText('The secret is too short: 5 of at least 16 characters.').waitFor();
    await page.getByLabel('Secret').fill('a-secret-of-enough-length');
    const enabled = page.getByRole('checkbox', { name: 'Enabled' });
    expect(await enabled.isChecked()).toBe(true);
    const box = (await enabled.boundingBox())!;
    expect(box.width).toBeLessThan(40);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('webhook-saved').waitFor();
    await page.screenshot({ path: '/tmp/h16-shots/sales-webhook.png', fullPage: true }).catch(() => undefined);
    await context.close();
  });
});
