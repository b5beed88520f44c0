import { type Box3, Sphere, Vector3 } from 'three';
import type { z } from 'zod';
import type { CameraView, Product } from '../../catalog/index.js';

/** A camera framing, as the catalog writes it (`model.camera`, `steps[].camera`). */
export type View = z.infer<typeof CameraView>;

/** Vertical field of view of the preview camera, degrees. */
export const FOV = 35;

/** A three-quarter view from the front and a little above that fits the bounds in the frame. */
export function fitView(bounds: Box3, fov = FOV, aspect = 1): View {
  const sphere = bounds.getBoundingSphere(new Sphere());
  const half = (fov * Math.PI) / 360;
  // Fit the sphere in the narrower of the two fields of view, with a small margin.
  const fit = Math.min(Math.tan(half), Math.tan(half) * aspect);
  const distance = (sphere.radius / Math.sin(Math.atan(fit))) * 1.08;
  const dir = new Vector3(0.55, 0.42, 1).normalize();
  const pos = sphere.center.clone().addScaledVector(dir, distance);
  return { position: [pos.x, pos.y, pos.z], target: [sphere.center.x, sphere.center.y, sphere.center.z] };
}

/** The product's whole-product framing, or one fitted to the model. */
export function productView(product: Product, bounds: Box3 | null, aspect = 1): View | null {
  if (product.model.camera) return product.model.camera;
  return bounds ? fitView(bounds, FOV, aspect) : null;
}

export interface OrbitLimits {
  minDistance: number;
  maxDistance: number;
  minPolarAngle: number;
  maxPolarAngle: number;
}

function polarAndDistance(v: View): { polar: number; distance: number } {
  const d = new Vector3(...v.position).sub(new Vector3(...v.target));
  const distance = d.length();
  return { polar: distance > 0 ? Math.acos(Math.min(1, Math.max(-1, d.y / distance))) : 0, distance };
}

/**
 * Zoom and tilt limits: from close-up to a few times the model's size, never under the floor —
 * widened where the product's own camera views need it, so a step's framing is always reachable.
 */
export function orbitLimits(bounds: Box3, views: readonly View[]): OrbitLimits {
  const radius = Math.max(bounds.getBoundingSphere(new Sphere()).radius, 1e-3);
  let minDistance = radius * 0.9;
  let maxDistance = radius * 6;
  let maxPolarAngle = Math.PI * 0.5;
  for (const v of views) {
    const { polar, distance } = polarAndDistance(v);
    minDistance = Math.min(minDistance, distance * 0.9);
    maxDistance = Math.max(maxDistance, distance * 1.1);
    maxPolarAngle = Math.max(maxPolarAngle, Math.min(Math.PI, polar + 0.05));
  }
  return { minDistance, maxDistance, minPolarAngle: 0.05, maxPolarAngle };
}

/** Every camera view a product declares (whole product and per step). */
export function declaredViews(product: Product): View[] {
  return [product.model.camera, ...product.steps.map((s) => s.camera)].filter((v): v is View => v !== undefined);
}
