import { join } from 'node:path';
import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { evaluate, type Product } from '../../../catalog/index.js';
import { applyConfiguration, prepareModel } from '../../../client/scene/applyConfiguration.js';
import {
  CLOSE_UP_SHARE,
  FOV,
  partsFrame,
  productView,
  stepView,
  type View,
  visibleBounds,
  visiblePoints,
} from '../../../client/scene/cameraViews.js';
import { findMeshes } from '../../../client/scene/modelIndex.js';
import { bundledProducts } from '../../fixtures/bundledProducts.js';
import { loadGlbFile } from './loadGlb.js';

const dir = join(import.meta.dirname, '../../../catalog/data/products');
const bundled: Product[] = bundledProducts();

/** Where each point lands in normalised device coordinates (−1…1 is in the picture). */
function extent(view: View, aspect: number, points: Float32Array) {
  const camera = new PerspectiveCamera(FOV, aspect, 0.001, 100);
  camera.position.set(...view.position);
  camera.lookAt(...view.target);
  camera.updateMatrixWorld();
  let max = 0;
  const v = new Vector3();
  for (let i = 0; i < points.length; i += 3) {
    v.set(points[i]!, points[i + 1]!, points[i + 2]!).project(camera);
    max = Math.max(max, Math.abs(v.x), Math.abs(v.y));
  }
  return max;
}

// Desktop stage (880×740), phone preview (375×232) and the order snapshot (1200×900).
const ASPECTS = [880 / 740, 375 / 232, 1200 / 900];

describe('framing: the whole model in the picture at every aspect (#15)', () => {
  describe.each(bundled.map((p) => [p.id, p] as const))('%s', (_id, product) => {
    it('the whole-product view and every step view that is not a close-up fit all visible vertices, tightly', async () => {
      const root = await loadGlbFile(join(dir, product.model.file));
      const model = prepareModel(root, product, {});
      const e = evaluate(product, {});
      if (!e.ok) throw new Error('no configuration');
      applyConfiguration(model, e.configuration);
      const frame = { bounds: visibleBounds(root), points: visiblePoints(root) };
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

  it('a personalisation step is a close-up of where the text goes: that part whole, across about a third of the picture', async () => {
    let checked = 0;
    for (const product of bundled) {
      for (const attr of product.attributes) {
        if (attr.kind !== 'text') continue;
        const step = product.steps.find((s) => s.attributes.includes(attr.id));
        if (!step?.camera) continue;
        const root = await loadGlbFile(join(dir, product.model.file));
        const model = prepareModel(root, product, {});
        const part = partsFrame(findMeshes(model.index, attr.placement.mesh))!;
        expect(part, `${product.id}: ${attr.placement.mesh}`).not.toBeNull();
        for (const aspect of ASPECTS) {
          const view = stepView(step.camera, { bounds: visibleBounds(root) }, aspect, part)!;
          const m = extent(view, aspect, part.points!);
          expect(m).toBeLessThanOrEqual(CLOSE_UP_SHARE + 0.01);
          expect(m).toBeGreaterThan(CLOSE_UP_SHARE * 0.8);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2); // the watch's engraving and the sneaker's monogram
  });
});
