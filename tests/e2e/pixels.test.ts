import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { evaluate, type OptionAttribute, type Product } from '../../catalog/index.js';
import { localize } from '../../client/i18n/translate.js';
import {
  changeMask,
  diffPixels,
  openConfigurator,
  pickOption,
  previewProbe,
  settledCapture,
  stepOf,
  useE2E,
  waitForRenderedChange,
  type E2E,
  type Pixels,
} from './support/index.js';

/** Options of `attr` the engine offers as available from the standard product, other than its value. */
function alternatives(product: Product, attr: string): string[] {
  const e = evaluate(product, {});
  if (!e.ok) return [];
  const a = e.attributes[attr]!;
  return Object.entries(a.options)
    .filter(([id, s]) => s.state === 'available' && id !== a.value && id !== '__none__')
    .map(([id]) => id);
}

const previewCanvas = (page: Page) => page.locator('[data-testid="preview"] canvas');

/** Pick an option and capture the canvas once the frame showing it has been drawn and all is still. */
async function pickAndCapture(page: Page, attr: string, option: string | null): Promise<Pixels> {
  const before = (await previewProbe(page))?.key ?? null;
  await pickOption(page, attr, option);
  // pickOption scrolls the option into view; with a long panel the page scroll can slide the sticky
  // preview under the header, and a capture would then compare header pixels. Compare at the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await waitForRenderedChange(page, before);
  return settledCapture(page, previewCanvas(page));
}

/** The sneaker's configurator, open in a fresh page, and its product. */
async function openSneaker(env: E2E): Promise<{ product: Product; page: Page }> {
  const product = (await env.products()).find((p) => p.product.id === 'sneaker')!.product;
  const { page } = await env.page();
  await openConfigurator(page, product.id);
  return { product, page };
}

function count(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) n += v;
  return n;
}
function intersection(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i]! & b[i]!;
  return n;
}
/** Changed pixels in the four corner boxes (10% of each side): background, far from any part. */
function cornerChanges(mask: Uint8Array, w: number, h: number): number {
  const bw = Math.floor(w / 10);
  const bh = Math.floor(h / 10);
  let n = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) if ((x < bw || x >= w - bw) && (y < bh || y >= h - bh)) n += mask[y * w + x]!;
  return n;
}

describe('the preview shows each change where that part is, and only there (canvas pixels)', () => {
  const env = useE2E();
  let product: Product;
  let page: Page;
  beforeAll(async () => {
    const all = await env.products();
    // The product with a colour, a material on another part and a style, all in reach of the defaults.
    product = all
      .map((p) => p.product)
      .find((p) => {
        const kinds = new Set(p.attributes.map((a) => a.kind));
        return kinds.has('colour') && kinds.has('material') && kinds.has('style');
      })!;
    page = (await env.page()).page;
    await openConfigurator(page, product.id);
  });

  async function openStepOf(attr: string): Promise<Pixels> {
    await page.getByRole('tab', { name: localize(stepOf(product, attr).label, 'en') }).click();
    await page.waitForTimeout(300);
    return settledCapture(page, previewCanvas(page), 15_000);
  }

  it('a colour changes pixels on its part, not the background', async () => {
    const colour = product.attributes.find((a): a is OptionAttribute => a.kind === 'colour')!;
    const [alt] = alternatives(product, colour.id);
    const start = evaluate(product, {});
    if (!start.ok || !alt) throw new Error('no alternative colour');
    const base = await openStepOf(colour.id);
    const after = await pickAndCapture(page, colour.id, alt);
    const mask = changeMask(base, after);
    const changed = count(mask) / mask.length;
    expect(changed).toBeGreaterThan(0.005);
    expect(changed).toBeLessThan(0.7);
    expect(cornerChanges(mask, base.width, base.height)).toBe(0);
    // Back to the standard colour: the image returns (nothing else drifted).
    const back = await pickAndCapture(page, colour.id, start.configuration[colour.id] as string);
    expect(count(changeMask(base, back)) / mask.length).toBeLessThan(0.002);
  });

  it('a material changes the same part as its colour: the upholstery region, nothing else', async () => {
    // Colour and material of one part (e.g. the chair's upholstery colour and fabric) in one step.
    const step = product.steps.find((st) => {
      const kinds = st.attributes.map((id) => product.attributes.find((a) => a.id === id)?.kind);
      return kinds.includes('colour') && kinds.includes('material');
    })!;
    expect(step, 'a step with a colour and a material').toBeTruthy();
    const colour = step.attributes.find((id) => product.attributes.find((a) => a.id === id)?.kind === 'colour')!;
    const material = step.attributes.find((id) => product.attributes.find((a) => a.id === id)?.kind === 'material')!;
    const start = evaluate(product, {});
    if (!start.ok) throw new Error('evaluate');
    const base = await openStepOf(material);
    const m1 = await pickAndCapture(page, material, alternatives(product, material)[0]!);
    const restored = await pickAndCapture(page, material, start.configuration[material] as string);
    const c1 = await pickAndCapture(page, colour, alternatives(product, colour)[0]!);
    // A material keeps the colour: its change is in shading and texture (cream bouclé → cream
    // leather in the whole-chair view), smaller per pixel than a colour's, so a finer threshold.
    const mat = changeMask(base, m1, 8);
    const col = changeMask(restored, c1);
    const nm = count(mat);
    const nc = count(col);
    expect(nm / mat.length).toBeGreaterThan(0.005);
    expect(nm / mat.length).toBeLessThan(0.7);
    expect(cornerChanges(mat, base.width, base.height)).toBe(0);
    // The material's pixels are the colour's: the same part.
    expect(intersection(mat, col) / Math.min(nm, nc)).toBeGreaterThan(0.6);
  });
});

describe('a style changes its own part and not its neighbours (canvas pixels)', () => {
  const env = useE2E();
  it("swaps the sneaker's toe cap without touching its laces", async () => {
    const { product, page } = await openSneaker(env);
    const canvas = previewCanvas(page);
    const pick = (attr: string, option: string) => pickAndCapture(page, attr, option);
    await page.getByRole('tab', { name: localize(stepOf(product, 'toe-cap').label, 'en') }).click();
    await page.waitForTimeout(300);
    const base = await settledCapture(page, canvas, 15_000);
    const start = evaluate(product, {});
    if (!start.ok) throw new Error('evaluate');
    const [l1, l2] = alternatives(product, 'laces-colour');
    const laces1 = changeMask(base, await pick('laces-colour', l1!));
    const laces2 = changeMask(base, await pick('laces-colour', l2!));
    const restored = await pick('laces-colour', start.configuration['laces-colour'] as string);
    const toe = changeMask(restored, await pick('toe-cap', alternatives(product, 'toe-cap')[0]!));
    const [n1, n2, nt] = [count(laces1), count(laces2), count(toe)];
    for (const n of [n1, n2, nt]) {
      expect(n / toe.length).toBeGreaterThan(0.001);
      expect(n / toe.length).toBeLessThan(0.5);
    }
    // Two lace colours change the same pixels (the laces'); the toe cap changes others.
    expect(intersection(laces1, laces2) / Math.min(n1, n2)).toBeGreaterThan(0.6);
    expect(intersection(laces1, toe) / Math.min(n1, nt)).toBeLessThan(0.25);
    expect(cornerChanges(toe, base.width, base.height)).toBe(0);
  });
});

describe('a partial redraw shows exactly what a full frame shows (CPU rasteriser)', () => {
  const env = useE2E();
  it('after colour and material clicks on the sneaker, a full frame of the same state changes no pixel', async () => {
    const { product, page } = await openSneaker(env);
    const canvas = previewCanvas(page);
    const probe = () =>
      page.evaluate(() => {
        const p = window.__maatwerkPreview!;
        return { frames: p.frames, partialFrames: p.partialFrames, software: p.software };
      });
    expect((await probe()).software).toBe(true); // SwiftShader: the partial path is on
    // Every colour and material attribute of the first step, each to one other option.
    const step = product.steps[0]!;
    const attrs = step.attributes.filter((id) => {
      const kind = product.attributes.find((a) => a.id === id)?.kind;
      return kind === 'colour' || kind === 'material';
    });
    expect(attrs.length).toBeGreaterThan(1);
    await page.getByRole('tab', { name: localize(step.label, 'en') }).click();
    await settledCapture(page, canvas, 15_000); // the step's camera glide has ended
    const partial0 = (await probe()).partialFrames;
    let compared = 0;
    for (const attr of attrs) {
      const alt = alternatives(product, attr)[0];
      if (!alt) continue;
      const drawn = await pickAndCapture(page, attr, alt);
      const { frames } = await probe();
      await page.evaluate(() => window.__maatwerkPreview!.fullFrame());
      await page.waitForFunction((n) => window.__maatwerkPreview!.frames > n, frames, { polling: 'raf' });
      const full = await settledCapture(page, canvas);
      expect(diffPixels(drawn, full, 2).changed, `${attr} → ${alt}`).toBe(0);
      compared++;
    }
    expect(compared).toBeGreaterThan(1);
    // The clicks above were drawn as partial redraws (else this test would compare full with full).
    expect((await probe()).partialFrames - partial0).toBeGreaterThanOrEqual(compared - 1);
  });
});
