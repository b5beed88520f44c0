import { describe, expect, it } from 'vitest';
import { localize } from '../../client/i18n/translate.js';
import {
  attributesOfKind,
  availableAlternative,
  findConflictWalk,
  optionRadio,
  openConfigurator,
  pickOption,
  seriousAxeViolations,
  shownPrice,
  stepOf,
  useE2E,
  type Published,
} from './support/index.js';

describe('configurator', () => {
  const env = useE2E();

  it('walks a conflict: the option names what it changes, the dialog proposes, cancel keeps, accept applies', async () => {
    const products = await env.products();
    const found = products.map((p) => ({ p, walk: findConflictWalk(p.product) })).find((x) => x.walk);
    expect(found, 'a bundled product with a conflict').toBeTruthy();
    const { p, walk } = found! as { p: Published; walk: NonNullable<ReturnType<typeof findConflictWalk>> };
    const product = p.product;
    const { page, context, errors } = await env.page();
    await openConfigurator(page, product.id);

    await page.getByRole('tab', { name: localize(stepOf(product, walk.first.attr).label, 'en') }).click();
    await pickOption(page, walk.first.attr, walk.first.option);
    await expect.poll(() => optionRadio(page, walk.first.attr, walk.first.option).isChecked()).toBe(true);

    await page.getByRole('tab', { name: localize(stepOf(product, walk.conflict.attr).label, 'en') }).click();
    const radio = optionRadio(page, walk.conflict.attr, walk.conflict.option);
    expect(await radio.getAttribute('data-state')).toBe('conflict');
    const attrB = product.attributes.find((a) => a.id === walk.conflict.attr)!;
    const optB = attrB.kind === 'text' ? undefined : attrB.options.find((o) => o.id === walk.conflict.option)!;
    const name = await radio.getAttribute('aria-label');
    const changed = product.attributes.find((a) => a.id === walk.conflict.changes[0]!.attr)!;
    // e.g. "Suede — also changes Upper colour to Tan, + €20.00"
    expect(name).toMatch(new RegExp(`^${localize(optB!.label, 'en')} — also changes .*${localize(changed.label, 'en')} to `));
    const before = await shownPrice(page);

    // The reason shows on keyboard focus too (a key pressed first: focus after a click is not :focus-visible).
    await page.keyboard.press('Shift');
    await radio.focus();
    await expect.poll(() => page.locator('.tooltip-host:focus-within .tooltip').isVisible()).toBe(true);

    await pickOption(page, walk.conflict.attr, walk.conflict.option);
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('conflict-changes').textContent()).toContain(localize(changed.label, 'en'));
    expect(await seriousAxeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Keep my choices' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await radio.isChecked()).toBe(false);
    expect(await shownPrice(page)).toEqual(before);

    await pickOption(page, walk.conflict.attr, walk.conflict.option);
    await page.getByRole('button', { name: 'Apply the changes' }).click();
    await expect.poll(() => radio.isChecked()).toBe(true);
    const c = walk.conflict.changes[0]!;
    const described = await page.getByTestId('preview-description').textContent();
    const to = changed.kind === 'text' ? null : changed.options.find((o) => o.id === c.to);
    if (to) expect(described).toContain(`${localize(changed.label, 'en')}: ${localize(to.label, 'en')}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('undoes and redoes with the buttons and with Ctrl+Z / Ctrl+Shift+Z', async () => {
    const { product } = (await env.products())[0]!;
    const colour = attributesOfKind(product, 'colour')[0] ?? attributesOfKind(product, 'material')[0]!;
    const alt = availableAlternative(product, colour.id)!;
    const { page, context } = await env.page();
    await openConfigurator(page, product.id);
    await page.getByRole('tab', { name: localize(stepOf(product, colour.id).label, 'en') }).click();
    const start = await shownPrice(page);
    const startDesc = await page.getByTestId('preview-description').textContent();
    const undo = page.getByRole('button', { name: 'Undo' });
    const redo = page.getByRole('button', { name: 'Redo' });
    expect(await undo.isDisabled()).toBe(true);

    await pickOption(page, colour.id, alt);
    await expect.poll(() => optionRadio(page, colour.id, alt).isChecked()).toBe(true);
    const changedDesc = await page.getByTestId('preview-description').textContent();
    expect(changedDesc).not.toBe(startDesc);

    await undo.click();
    await expect.poll(() => page.getByTestId('preview-description').textContent()).toBe(startDesc);
    expect(await shownPrice(page)).toEqual(start);
    await redo.click();
    await expect.poll(() => page.getByTestId('preview-description').textContent()).toBe(changedDesc);

    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('preview-description').textContent()).toBe(startDesc);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByTestId('preview-description').textContent()).toBe(changedDesc);
    expect(await optionRadio(page, colour.id, alt).isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(() => page.getByTestId('preview-description').textContent()).toBe(startDesc);
    await context.close();
  });

  it('restores a configuration from its share link, and explains choices that no longer apply', async () => {
    // A product with a personal text, so the text travels in the link too.
    const products = await env.products();
    const published = products.find((p) => p.product.attributes.some((a) => a.kind === 'text')) ?? products[0]!;
    const { product } = published;
    const colour = attributesOfKind(product, 'colour')[0] ?? attributesOfKind(product, 'material')[0]!;
    const alt = availableAlternative(product, colour.id)!;
    const { page, context } = await env.page();
    await openConfigurator(page, product.id);
    await page.getByRole('tab', { name: localize(stepOf(product, colour.id).label, 'en') }).click();
    await pickOption(page, colour.id, alt);
    await expect.poll(() => optionRadio(page, colour.id, alt).isChecked()).toBe(true);
    const text = product.attributes.find((a) => a.kind === 'text');
    if (text) {
      await page.getByRole('tab', { name: localize(stepOf(product, text.id).label, 'en') }).click();
      await page.locator(`#text-${text.id}`).fill('AL');
    }
    const shown = await shownPrice(page);
    const desc = await page.getByTestId('preview-description').textContent();
    await page.getByRole('button', { name: 'Share' }).click();
    const link = await page.locator('#share-url').inputValue();
    expect(link).toContain('?c=');
    await context.close();

    const other = await env.page();
    await openConfigurator(other.page, product.id, new URL(link).searchParams.get('c')!);
    expect(await shownPrice(other.page)).toEqual(shown);
    expect(await other.page.getByTestId('preview-description').textContent()).toBe(desc);
    expect(await other.page.getByTestId('code-notice').count()).toBe(0);

    // A code from an older catalog naming an option that is gone: the rest is kept, the loss explained.
    const code = new URL(link).searchParams.get('c')!;
    const { decodeConfigCode, encodeConfigCode } = await import('../../catalog/flow/configCode.js');
    const decoded = decodeConfigCode(code, product, published.version);
    if (!decoded.ok) throw new Error(decoded.message);
    const stale = encodeConfigCode({
      productId: product.id,
      version: 1,
      choices: { ...decoded.choices, [colour.id]: 'no-longer-made' },
    });
    await openConfigurator(other.page, product.id, stale);
    const notice = other.page.getByTestId('code-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(localize(colour.label, 'en'));
    expect(await notice.textContent()).toContain('no-longer-made');
    expect(await seriousAxeViolations(other.page)).toEqual([]);
    await other.context.close();
  });
});
