import { Sphere } from 'three';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../../catalog/index.js';
import {
  CLOSE_UP_REACH,
  CLOSE_UP_SHARE,
  closeUpFrame,
  partsFrame,
  pointsNear,
  productView,
  stepView,
  type View,
} from '../../../client/scene/cameraViews.js';
import { findMeshes } from '../../../client/scene/modelIndex.js';
import { bundledProducts } from '../../fixtures/bundledProducts.js';
import { configured, extent } from './framing.js';

const bundled: Product[] = bundledProducts();

// Desktop stage (880×740), phone preview (375×232) and the order snapshot (1200×900).
const ASPECTS = [880 / 740, 375 / 232, 1200 / 900];
// The phone's pinned preview (375 × 42vh of 667, and 390 × 42vh of 844) and a portrait one.
const PHONE_ASPECTS = [375 / 280, 390 / 354, 375 / 500];

describe('framing: the whole model in the picture at every aspect (#15)', () => {
  describe.each(bundled.map((p) => [p.id, p] as const))('%s', (_id, product) => {
    it('the whole-product view and every step view that is not a close-up fit all visible vertices, tightly', async () => {
      const { frame } = await configured(product);
      expect(frame.points.length).toBeGreaterThan(300);
      for (const aspect of ASPECTS) {
        const views = [
          productView(product, frame, aspect)!,
          ...product.steps.map((s) => stepView(s.camera, frame, aspect, null)).filter((v): v is View => !!v),
        ];
        for (const view of views) {
          expect(view.position.every(Number.isFinite)).toBe(true);
          const m = extent(view, aspect, frame.points);
          // In the picture, with the margin kept free, and not lost in it either.
          expect(m).toBeLessThan(0.97);
          expect(m).toBeGreaterThan(0.85);
        }
      }
    });
  });

  it('a personalisation step is a close-up of where the text goes: that part whole, across up to a third of the picture, what is around it whole too', async () => {
    let checked = 0;
    for (const product of bundled) {
      for (const attr of product.attributes) {
        if (attr.kind !== 'text') continue;
        const step = product.steps.find((s) => s.attributes.includes(attr.id));
        if (!step?.camera) continue;
        const { root, model, frame } = await configured(product);
        const part = closeUpFrame(root, findMeshes(model.index, attr.placement.mesh), step.camera)!;
        expect(part, `${product.id}: ${attr.placement.mesh}`).not.toBeNull();
        // What the text sits on was found, and only the part of it near the text is kept whole.
        const around = part.around!;
        expect(around.length, product.id).toBeGreaterThan(30);
        expect(pointsNear(around, part.bounds.getBoundingSphere(new Sphere()), CLOSE_UP_REACH).length).toBe(around.length);
        for (const aspect of [...ASPECTS, ...PHONE_ASPECTS]) {
          const view = stepView(step.camera, frame, aspect, part)!;
          const m = extent(view, aspect, part.points!);
          expect(m).toBeLessThanOrEqual(CLOSE_UP_SHARE + 0.01);
          expect(m, `${product.id} at ${aspect.toFixed(2)}`).toBeGreaterThan(CLOSE_UP_SHARE * 0.5); // still a close-up
          expect(extent(view, aspect, around), `${product.id} at ${aspect.toFixed(2)}`).toBeLessThan(0.97);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2); // the watch's engraving and the sneaker's monogram
  });

  it('the watch engraving close-up keeps the whole case in the picture on a phone (its top was cut off)', async () => {
    const watch = bundled.find((p) => p.id === 'wristwatch')!;
    const { root, model, frame } = await configured(watch);
    const step = watch.steps.find((s) => s.attributes.includes('engraving'))!;
    const part = closeUpFrame(root, findMeshes(model.index, 'caseback-engraving'), step.camera)!;
    const caseMesh = findMeshes(model.index, 'case');
    expect(caseMesh.length).toBeGreaterThan(0);
    const casePoints = partsFrame(caseMesh)!.points!;
    for (const aspect of [...PHONE_ASPECTS, ...ASPECTS]) {
      const view = stepView(step.camera, frame, aspect, part)!;
      expect(extent(view, aspect, casePoints), `aspect ${aspect.toFixed(2)}`).toBeLessThan(0.97);
    }
  });
});
