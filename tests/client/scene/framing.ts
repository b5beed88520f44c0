import { PerspectiveCamera, Vector3 } from 'three';
import { evaluate, type Product } from '../../../catalog/index.js';
import { applyConfiguration, prepareModel } from '../../../client/scene/applyConfiguration.js';
import { FOV, type View, visibleBounds, visiblePoints } from '../../../client/scene/cameraViews.js';
import { PRODUCTS_DIR } from '../../../scripts/paths.js';
import { loadGlbFile } from './loadGlb.js';

/** How far out the points land in normalised device coordinates, the larger of |x| and |y| (under 1: in the picture). */
export function extent(view: View, aspect: number, points: Float32Array): number {
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

/** A bundled product's model as the configurator shows its default configuration, and what is visible of it. */
export async function configured(product: Product) {
  const root = await loadGlbFile(`${PRODUCTS_DIR}/${product.model.file}`);
  const model = prepareModel(root, product, {});
  const e = evaluate(product, {});
  if (!e.ok) throw new Error('no configuration');
  applyConfiguration(model, e.configuration);
  return { root, model, frame: { bounds: visibleBounds(root), points: visiblePoints(root) } };
}
