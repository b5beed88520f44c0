import { describe, expect, it } from 'vitest';
import {
  BoxGeometry,
  DoubleSide,
  Mesh,
  MeshBasicMaterial,
  MeshStandardMaterial,
  PerspectiveCamera,
  PlaneGeometry,
  Scene,
  type Vector2,
  type WebGLRenderer,
} from 'three';
import { FLOOR, PartialRedraw } from '../../../client/scene/partialRedraw.js';

/** A renderer stand-in: records which meshes each render call would draw and whether it cleared. */
function fakeRenderer() {
  const calls: { drawn: string[]; autoClear: boolean }[] = [];
  const gl = {
    autoClear: true,
    size: [880, 740],
    getDrawingBufferSize(v: Vector2) {
      return v.set(gl.size[0]!, gl.size[1]!);
    },
    render(scene: Scene) {
      const drawn: string[] = [];
      scene.traverseVisible((o) => {
        if ((o as Mesh).isMesh) drawn.push(o.name);
      });
      calls.push({ drawn, autoClear: gl.autoClear });
    },
  };
  return { gl, calls, asRenderer: gl as unknown as WebGLRenderer };
}

function setup() {
  const scene = new Scene();
  const camera = new PerspectiveCamera(40, 880 / 740, 0.01, 100);
  camera.position.set(0.3, 0.4, 0.6);
  camera.lookAt(0, 0, 0);
  const part = (name: string, y: number) => {
    const m = new Mesh(new BoxGeometry(0.1, 0.1, 0.1), new MeshStandardMaterial());
    m.name = name;
    m.position.y = y;
    scene.add(m);
    return m;
  };
  const upper = part('upper', 0.1);
  const sole = part('sole', 0.05);
  const floor = new Mesh(new PlaneGeometry(1, 1), new MeshBasicMaterial({ transparent: true, depthWrite: false }));
  floor.name = 'floor';
  floor.userData[FLOOR] = 0;
  scene.add(floor);
  scene.updateMatrixWorld();
  const { gl, calls, asRenderer } = fakeRenderer();
  const redraw = new PartialRedraw();
  const frame = () => redraw.render(scene, camera, asRenderer);
  return { scene, camera, upper, sole, floor, gl, calls, redraw, frame };
}

describe('partial redraw: only parts whose material changed, over the previous frame', () => {
  it('draws the first frame whole, then only a swapped part without clearing', () => {
    const { upper, calls, frame, gl } = setup();
    expect(frame()).toEqual({ kind: 'full', reason: 'no previous frame' });
    upper.material = new MeshStandardMaterial({ color: 'red' });
    expect(frame().kind).toBe('partial');
    expect(calls[1]).toEqual({ drawn: ['upper'], autoClear: false });
    expect(gl.autoClear).toBe(true); // restored
    // Every part is visible again for the next frame.
    expect(frame()).toEqual({ kind: 'full', reason: 'nothing changed' });
    expect(calls[2]!.drawn).toEqual(['upper', 'sole', 'floor']);
  });

  it('draws whole frames after a camera move, a resize, a part shown or hidden, or an invalidation', () => {
    const { upper, sole, camera, frame, gl, redraw } = setup();
    frame();
    const swap = () => (upper.material = new MeshStandardMaterial({ color: Math.random() * 0xffffff }));
    swap();
    camera.position.x += 0.01;
    expect(frame()).toEqual({ kind: 'full', reason: 'camera or placement' });
    swap();
    gl.size = [440, 370];
    expect(frame()).toEqual({ kind: 'full', reason: 'size' });
    swap();
    sole.visible = false;
    expect(frame()).toEqual({ kind: 'full', reason: 'visibility' });
    swap();
    redraw.invalidate(); // e.g. a texture finished loading, or a warm-up draw into the canvas
    expect(frame()).toEqual({ kind: 'full', reason: 'no previous frame' });
    swap();
    expect(frame().kind).toBe('partial');
  });

  it('draws whole frames when a swap blends, changes side, or a blended part could lie over it', () => {
    const { scene, upper, floor, camera, frame } = setup();
    frame();
    upper.material = new MeshStandardMaterial({ transparent: true, opacity: 0.5 });
    expect(frame()).toEqual({ kind: 'full', reason: 'material kind' });
    upper.material = new MeshStandardMaterial({ side: DoubleSide });
    expect(frame()).toEqual({ kind: 'full', reason: 'material kind' });
    // A part reaching below the floor shadow's height: the shadow may be blended over it.
    floor.userData[FLOOR] = 0.08;
    upper.material = new MeshStandardMaterial({ side: DoubleSide, color: 'blue' });
    expect(frame()).toEqual({ kind: 'full', reason: 'part below the floor shadow' });
    floor.userData[FLOOR] = 0;
    // A camera under the floor sees the shadow plane in front of everything.
    camera.position.y = -0.2;
    camera.lookAt(0, 0, 0);
    frame();
    upper.material = new MeshStandardMaterial({ side: DoubleSide, color: 'green' });
    expect(frame()).toEqual({ kind: 'full', reason: 'blended part' });
    camera.position.y = 0.4;
    camera.lookAt(0, 0, 0);
    frame();
    // Glass or a text overlay (blended, visible) anywhere: whole frames.
    const glass = new Mesh(new BoxGeometry(0.05, 0.05, 0.05), new MeshStandardMaterial({ transparent: true, opacity: 0.3 }));
    scene.add(glass);
    frame();
    upper.material = new MeshStandardMaterial({ side: DoubleSide, color: 'yellow' });
    expect(frame()).toEqual({ kind: 'full', reason: 'blended part' });
    // …but a fully transparent carrier (opacity 0, no depth write) leaves every pixel as it was.
    (glass.material as MeshStandardMaterial).opacity = 0;
    (glass.material as MeshStandardMaterial).depthWrite = false;
    upper.material = new MeshStandardMaterial({ side: DoubleSide, color: 'white' });
    expect(frame().kind).toBe('partial');
  });
});
