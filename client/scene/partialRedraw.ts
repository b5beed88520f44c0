import {
  Box3,
  type Camera,
  type Material,
  type Mesh,
  NormalBlending,
  type Object3D,
  type Scene,
  Vector2,
  type WebGLRenderer,
} from 'three';

/*
 * Redraw only the parts whose material changed, over the previous frame.
 *
 * A colour or material click swaps the material of a few meshes and changes nothing else: same
 * geometry, same camera, same visibility, so every other pixel of the next frame would come out as
 * it is already in the canvas (the drawing buffer is preserved, colour and depth). Drawing just the
 * swapped meshes, depth-tested against the previous frame's depth with three's usual LessEqual,
 * lands each of their fragments exactly where a full frame would (the vertex stage is the same
 * code for both programs, so depths match bit for bit; a frame compared against a full render of the
 * same state differs in 0 pixels, tests/e2e/pixels.test.ts checks it) — on SwiftShader at about a
 * third of the cost of the sneaker's full frame, because most of its pixels are not the upper.
 *
 * Anything else that could change a pixel makes the next frame a full one: a camera or size
 * change, a part shown or hidden, a texture that finished loading, a warm-up draw, a transparent
 * part (blended over what is behind it) other than the floor shadow and fully transparent carriers, a material that blends,
 * discards, skips depth or changes side, the first frame. Used on CPU rasterisers only: a GPU draws
 * the whole frame in a millisecond or two, and with MSAA the preserved buffer is resolved anyway.
 */

/** Marks the floor-shadow mesh: transparent, horizontal at `userData[FLOOR]` (world y), drawn last. */
export const FLOOR = 'maatwerkFloorY';

interface DrawnState {
  meshes: Mesh[];
  materials: Material[];
  /** Camera and mesh placements (world matrices, projection). */
  matrices: number[];
  size: Vector2;
  environment: unknown;
  environmentIntensity: number;
}

export type RedrawPlan = { kind: 'full'; reason: string } | { kind: 'partial'; meshes: Mesh[] };

const box = new Box3();

function visibleMeshes(scene: Scene): Mesh[] {
  const out: Mesh[] = [];
  scene.traverseVisible((o) => {
    if ((o as Mesh).isMesh) out.push(o as Mesh);
  });
  return out;
}

function matrices(camera: Camera, meshes: readonly Mesh[]): number[] {
  const out = [...camera.matrixWorld.elements, ...camera.projectionMatrix.elements];
  for (const m of meshes) out.push(...m.matrixWorld.elements);
  return out;
}

/**
 * A blended material that leaves every pixel as it was: opacity 0 with normal, non-premultiplied
 * blending (colour·0 + destination·1) and no depth write — e.g. the sneaker's monogram carrier.
 */
function drawsNothing(m: Material): boolean {
  return m.transparent && m.opacity === 0 && m.blending === NormalBlending && !m.premultipliedAlpha && !m.depthWrite;
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Whether a swap from `a` to `b` can be drawn over the old pixels: both opaque, depth-written, same coverage. */
function swappable(a: Material, b: Material): boolean {
  const ok = (m: Material) =>
    !m.transparent &&
    m.depthTest &&
    m.depthWrite &&
    m.colorWrite &&
    m.alphaTest === 0 &&
    !(m as Material & { displacementMap?: unknown }).displacementMap;
  return ok(a) && ok(b) && a.side === b.side;
}

export class PartialRedraw {
  private last: DrawnState | null = null;

  /** Something drew into the canvas or changed a texture behind our back: the next frame is full. */
  invalidate(): void {
    this.last = null;
  }

  /** What the next frame has to draw. */
  plan(scene: Scene, camera: Camera, gl: WebGLRenderer): RedrawPlan {
    const last = this.last;
    if (!last) return { kind: 'full', reason: 'no previous frame' };
    if (!gl.getDrawingBufferSize(new Vector2()).equals(last.size)) return { kind: 'full', reason: 'size' };
    if (scene.environment !== last.environment || scene.environmentIntensity !== last.environmentIntensity)
      return { kind: 'full', reason: 'light' };
    const meshes = visibleMeshes(scene);
    if (meshes.length !== last.meshes.length || meshes.some((m, i) => m !== last.meshes[i]))
      return { kind: 'full', reason: 'visibility' };
    if (!same(matrices(camera, meshes), last.matrices)) return { kind: 'full', reason: 'camera or placement' };
    const changed = meshes.filter((m, i) => m.material !== last.materials[i]);
    if (changed.length === 0) return { kind: 'full', reason: 'nothing changed' };
    for (const m of changed) {
      const was = last.materials[meshes.indexOf(m)]!;
      if (Array.isArray(m.material) || !swappable(was, m.material)) return { kind: 'full', reason: 'material kind' };
      for (let p = m.parent; p; p = p.parent)
        if ((p as Mesh).isMesh && !changed.includes(p as Mesh)) return { kind: 'full', reason: 'nested' };
    }
    // Blended parts would have to be blended again over the new pixels: only the floor shadow is
    // allowed, and only when it cannot be in front of a changed part (camera above the floor, parts on it).
    for (const m of meshes) {
      const material = m.material as Material;
      if (changed.includes(m) || !material.transparent || drawsNothing(material)) continue;
      const floorY = m.userData[FLOOR] as number | undefined;
      if (floorY === undefined || camera.matrixWorld.elements[13]! <= floorY) return { kind: 'full', reason: 'blended part' };
      for (const c of changed) {
        if (!c.geometry.boundingBox) c.geometry.computeBoundingBox();
        if (box.copy(c.geometry.boundingBox!).applyMatrix4(c.matrixWorld).min.y < floorY)
          return { kind: 'full', reason: 'part below the floor shadow' };
      }
    }
    return { kind: 'partial', meshes: changed };
  }

  /** Draw the frame as planned (autoClear off and only the changed meshes for a partial one), and remember it. */
  render(scene: Scene, camera: Camera, gl: WebGLRenderer): RedrawPlan {
    // What gl.render would update first, so that a camera moved this frame is seen as moved.
    if (scene.matrixWorldAutoUpdate) scene.updateMatrixWorld();
    if (camera.parent === null && camera.matrixWorldAutoUpdate) camera.updateMatrixWorld();
    const plan = this.plan(scene, camera, gl);
    if (plan.kind === 'full') gl.render(scene, camera);
    else {
      const keep = new Set<Object3D>(plan.meshes);
      const hidden = visibleMeshes(scene).filter((m) => !keep.has(m));
      const autoClear = gl.autoClear;
      for (const m of hidden) m.visible = false;
      gl.autoClear = false;
      try {
        gl.render(scene, camera);
      } finally {
        gl.autoClear = autoClear;
        for (const m of hidden) m.visible = true;
      }
    }
    this.remember(scene, camera, gl);
    return plan;
  }

  private remember(scene: Scene, camera: Camera, gl: WebGLRenderer): void {
    const meshes = visibleMeshes(scene);
    this.last = {
      meshes,
      materials: meshes.map((m) => m.material as Material),
      matrices: matrices(camera, meshes),
      size: gl.getDrawingBufferSize(new Vector2()),
      environment: scene.environment,
      environmentIntensity: scene.environmentIntensity,
    };
  }
}
