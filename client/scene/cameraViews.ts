import { Box3, type Mesh, type Object3D, Raycaster, Sphere, Vector3 } from 'three';
import type { z } from 'zod';
import type { CameraView, Product } from '../../catalog/index.js';

/** A camera framing, as the catalog writes it (`model.camera`, `steps[].camera`). */
export type View = z.infer<typeof CameraView>;

/** Vertical field of view of the preview camera, degrees. */
export const FOV = 35;

/**
 * The bounds of what is shown: visible meshes only (Box3.setFromObject also counts hidden
 * optional parts — a toe cap not chosen, text carriers — and framed the sneaker far too small).
 */
export function visibleBounds(root: Object3D): Box3 {
  root.updateWorldMatrix(true, true);
  const box = new Box3();
  const part = new Box3();
  root.traverseVisible((o) => {
    const mesh = o as Mesh;
    if (!mesh.isMesh || !mesh.geometry) return;
    if (!mesh.geometry.boundingBox) mesh.geometry.computeBoundingBox();
    box.union(part.copy(mesh.geometry.boundingBox!).applyMatrix4(mesh.matrixWorld));
  });
  return box;
}

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

/**
 * The whole product in frame: from the direction of the product's own framing (or a three-quarter
 * view), at the distance that fits its bounds at this aspect.
 */
export function productView(product: Product, frame: Box3 | Frame | null, aspect = 1): View | null {
  const bounds = frame && ('isBox3' in frame ? frame : frame.bounds);
  if (!frame || !bounds || bounds.isEmpty()) return product.model.camera ?? null;
  return fitViewToBounds(frame, product.model.camera ?? null, FOV, aspect);
}

/** How much of the picture a close-up's part takes, across (the rest shows where it sits). */
export const CLOSE_UP_SHARE = 0.3;

/**
 * A step's framing, from the step's direction: the whole model in frame, or for a close-up the
 * given part (`closeUp`, e.g. where the personal text goes) across at most CLOSE_UP_SHARE of it,
 * with what it sits on around it whole (closeUpView).
 */
export function stepView(view: View | undefined, frame: Frame, aspect: number, closeUp: CloseUp | null = null): View | undefined {
  if (!view) return undefined;
  if (closeUp) return closeUpView(view, aspect, closeUp);
  return frame.bounds.isEmpty() ? view : fitViewToBounds(frame, view, FOV, aspect);
}

/**
 * A close-up of `part`, aimed at its middle: the part across CLOSE_UP_SHARE of the picture, pulled
 * back if need be until what it sits on (`part.around`) is in the picture too, the margin kept.
 * The part alone put the watch's engraving across a third of a phone's wide, short preview and
 * cut off the top and bottom of the case it is on.
 */
function closeUpView(view: View, aspect: number, part: CloseUp): View {
  const partView = fitViewToBounds(part, view, FOV, aspect, 1 - CLOSE_UP_SHARE);
  if (!part.around?.length) return partView;
  const around = fitViewToBounds({ bounds: part.bounds, points: part.around }, view, FOV, aspect);
  return viewDistance(around) > viewDistance(partView) ? around : partView;
}

/** What a close-up holds: a part, and the points of the surface it sits on around it. */
export interface CloseUp extends Frame {
  /** World positions x,y,z… of the carrier (the visible mesh behind the part, seen from the view) within CLOSE_UP_REACH part radii. */
  around?: Float32Array;
}

/** How far around a close-up's part what it sits on is kept whole, in radii of the part: as far as the picture reaches at CLOSE_UP_SHARE. */
export const CLOSE_UP_REACH = 1 / CLOSE_UP_SHARE;

/**
 * The close-up of some parts seen from `view`: the parts, and around them the visible mesh they
 * sit on — the first one a ray from just in front of the parts' middle meets going away from the
 * camera (the watch's case under its engraving; not the strap, whose loop merely surrounds it).
 */
export function closeUpFrame(root: Object3D, meshes: readonly Mesh[], view: View | undefined): CloseUp | null {
  const part = partsFrame(meshes);
  if (!part || !view) return part;
  const sphere = part.bounds.getBoundingSphere(new Sphere());
  const dir = new Vector3(...view.position).sub(new Vector3(...view.target));
  if (dir.lengthSq() < 1e-12) return part;
  dir.normalize();
  root.updateWorldMatrix(true, true);
  const ray = new Raycaster(sphere.center.clone().addScaledVector(dir, sphere.radius), dir.clone().negate());
  const own = new Set<Object3D>(meshes);
  const carrier = ray
    .intersectObject(root, true)
    .map((hit) => hit.object as Mesh)
    .find((o) => o.isMesh && !own.has(o) && shown(o));
  if (!carrier) return part;
  return { ...part, around: pointsNear(meshPoints([carrier], 10_000), sphere, CLOSE_UP_REACH) };
}

function shown(o: Object3D | null): boolean {
  for (; o; o = o.parent) if (!o.visible) return false;
  return true;
}

/** The points of `points` (x,y,z…) within `reach` radii of the sphere's centre. */
export function pointsNear(points: Float32Array, sphere: Sphere, reach: number): Float32Array {
  const r2 = (sphere.radius * reach) ** 2;
  const { x: cx, y: cy, z: cz } = sphere.center;
  const out: number[] = [];
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i]!;
    const y = points[i + 1]!;
    const z = points[i + 2]!;
    if ((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= r2) out.push(x, y, z);
  }
  return new Float32Array(out);
}

const viewDistance = (v: View) => new Vector3(...v.position).distanceTo(new Vector3(...v.target));

/** What a framing has to hold: the visible bounds and, for a tight fit, points on the visible surfaces. */
export interface Frame {
  bounds: Box3;
  /** World positions x,y,z… (a sample of the visible meshes' vertices); the box's corners when absent. */
  points?: Float32Array;
}

/**
 * `view`'s direction, pulled back (or in) until everything in `frame` is inside the picture at
 * `aspect`, aimed at the middle of the bounds. Exact for the points given (every one is tested
 * against the vertical and the horizontal half-angle, `margin` of each kept free); with only the
 * box, its corners stand in. The catalog's framings were written for one screen shape; a phone is
 * narrower, a desktop stage wider, and a fixed distance cut off the chair's legs on one of them.
 */
export function fitViewToBounds(frame: Box3 | Frame, view: View | null, fov = FOV, aspect = 1, margin = 0.05): View {
  const { bounds, points } = 'isBox3' in frame ? { bounds: frame, points: undefined } : frame;
  const target = bounds.getCenter(new Vector3());
  const dir = view ? new Vector3(...view.position).sub(new Vector3(...view.target)) : new Vector3(0.55, 0.42, 1);
  if (dir.lengthSq() < 1e-12) dir.set(0.55, 0.42, 1);
  dir.normalize();
  // Camera basis: right and up, perpendicular to the line of sight (world up unless looking straight down).
  const worldUp = Math.abs(dir.y) > 0.999 ? new Vector3(0, 0, -1) : new Vector3(0, 1, 0);
  const right = new Vector3().crossVectors(worldUp, dir).normalize();
  const up = new Vector3().crossVectors(dir, right);
  const tanV = Math.tan((fov * Math.PI) / 360) * (1 - margin);
  const tanH = Math.tan((fov * Math.PI) / 360) * aspect * (1 - margin);
  const pts = points && points.length >= 3 ? points : boxCorners(bounds);
  let distance = 0;
  for (let i = 0; i + 2 < pts.length; i += 3) {
    const x = pts[i]! - target.x;
    const y = pts[i + 1]! - target.y;
    const z = pts[i + 2]! - target.z;
    // A point at depth (distance − q·dir) in front of the camera is in the picture when its
    // sideways offset is within tan(half-angle) × depth.
    const along = x * dir.x + y * dir.y + z * dir.z;
    const side = Math.abs(x * right.x + y * right.y + z * right.z);
    const rise = Math.abs(x * up.x + y * up.y + z * up.z);
    distance = Math.max(distance, along + side / tanH, along + rise / tanV);
  }
  const pos = target.clone().addScaledVector(dir, distance);
  return { position: [pos.x, pos.y, pos.z], target: [target.x, target.y, target.z] };
}

function boxCorners(b: Box3): Float32Array {
  const out = new Float32Array(24);
  for (let i = 0; i < 8; i++) {
    out[i * 3] = i & 1 ? b.max.x : b.min.x;
    out[i * 3 + 1] = i & 2 ? b.max.y : b.min.y;
    out[i * 3 + 2] = i & 4 ? b.max.z : b.min.z;
  }
  return out;
}

/** Up to `max` vertices of the visible meshes, in world space (evenly strided through each mesh). */
export function visiblePoints(root: Object3D, max = 30_000): Float32Array {
  root.updateWorldMatrix(true, true);
  const meshes: Mesh[] = [];
  root.traverseVisible((o) => {
    if ((o as Mesh).isMesh) meshes.push(o as Mesh);
  });
  return meshPoints(meshes, max);
}

/** The frame of some parts (e.g. where the personal text goes), visible or not. */
export function partsFrame(meshes: readonly Mesh[]): Frame | null {
  if (meshes.length === 0) return null;
  const bounds = new Box3();
  for (const m of meshes) {
    m.updateWorldMatrix(true, false);
    if (!m.geometry.boundingBox) m.geometry.computeBoundingBox();
    bounds.union(new Box3().copy(m.geometry.boundingBox!).applyMatrix4(m.matrixWorld));
  }
  return bounds.isEmpty() ? null : { bounds, points: meshPoints(meshes, 5_000) };
}

function meshPoints(meshes: readonly Mesh[], max: number): Float32Array {
  let total = 0;
  for (const m of meshes) total += m.geometry?.getAttribute('position')?.count ?? 0;
  const stride = Math.max(1, Math.ceil(total / max));
  const out: number[] = [];
  const v = new Vector3();
  for (const m of meshes) {
    const pos = m.geometry?.getAttribute('position');
    if (!pos) continue;
    for (let i = 0; i < pos.count; i += stride) {
      v.fromBufferAttribute(pos, i).applyMatrix4(m.matrixWorld);
      // Skipped, not propagated: a producer's model may hold NaN vertices (the bundled sneaker once had 30).
      if (Number.isFinite(v.x) && Number.isFinite(v.y) && Number.isFinite(v.z)) out.push(v.x, v.y, v.z);
    }
  }
  return new Float32Array(out);
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
