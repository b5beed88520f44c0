import { addAfterEffect, useFrame, useLoader, useThree } from '@react-three/fiber';
import { type RefObject, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Box3, Mesh, type Object3D, PerspectiveCamera, Sphere, type Vector3 } from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { Configuration, Product } from '../../catalog/index.js';
import {
  applyConfiguration,
  configurationKey,
  disposePreparedModel,
  prepareModel,
  type PreparedModel,
  visibilityKey,
  warmUpMaterials,
} from './applyConfiguration.js';
import { CameraRig } from './CameraRig.js';
import {
  declaredViews,
  FOV,
  type Frame,
  orbitLimits,
  closeUpFrame,
  productView,
  stepView,
  type View,
  visibleBounds,
  visiblePoints,
} from './cameraViews.js';
import { isSoftwareContext } from './bakedLight.js';
import { FrameReport } from './frameReport.js';
import { findMeshes, indexModel, stampGltfMeshNames } from './modelIndex.js';
import { PartialRedraw } from './partialRedraw.js';
import { SoftShadow } from './SoftShadow.js';
import { imageTexture } from './textureImages.js';

/** Size of the order snapshot, CSS pixels = image pixels, whatever the screen and its pixel ratio. */
export const SNAPSHOT = { width: 1200, height: 900 } as const;

/** What the outer component can ask of the loaded model (backs the ProductPreview handle). */
export interface PreviewApi {
  snapshot(): string;
  exportGlb(): Promise<Blob>;
  exportUsdz(): Promise<Blob>;
}

export interface PreviewStats {
  frames: number;
  /** Frames that redrew only the parts whose material changed (partialRedraw.ts). */
  partialFrames: number;
  lastRenderedKey: string | null;
  /** Where the camera is and looks (read by tests: did the step's framing arrive?). */
  view: { position: [number, number, number]; target: [number, number, number] } | null;
  /** Draw the next frame whole (tests compare a partial redraw with a full frame of the same state). */
  fullFrame?: () => void;
}

interface Props {
  product: Product;
  configuration: Configuration;
  modelUrl: string;
  assetUrl: (relPath: string) => string;
  cameraView: View | undefined;
  /** Parts (glTF names) the step is a close-up of: framed instead of the whole model. */
  closeUp?: readonly string[] | undefined;
  /** The element that takes the arrow keys for turning the model (the focusable canvas wrapper). */
  keyTarget?: RefObject<HTMLElement | null>;
  resetSignal: number;
  apiRef: RefObject<PreviewApi | null>;
  stats: RefObject<PreviewStats>;
  onFirstFrame: () => void;
  onRendered?: (configKey: string) => void;
}

/**
 * The product model under <Suspense>: loads the .glb (suspends), keeps a private clone of its
 * scene, applies each configuration through the material cache, frames it and reports frames.
 */
export function PreviewModel(props: Props) {
  const { product, configuration, modelUrl, cameraView, closeUp, keyTarget, resetSignal, apiRef, stats } = props;
  const gltf = useLoader(GLTFLoader, modelUrl);
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);

  // A clone shares geometry and the .glb's materials with the loader cache but has its own
  // material slots and visibility, so the cached glTF is never changed.
  const root = useMemo<Object3D>(() => {
    performance.mark('maatwerk:scene:model-loaded');
    stampGltfMeshNames(gltf.scene, gltf.parser);
    return gltf.scene.clone(true);
  }, [gltf]);
  const bounds = useMemo(() => new Box3().setFromObject(root), [root]);
  // What the camera frames: the visible parts (set once the configuration is applied).
  const [frame, setFrame] = useState<Frame | null>(null);
  const fit: Frame = frame && !frame.bounds.isEmpty() ? frame : { bounds };

  // Clip planes scaled to the product: a 4 cm watch and a 1 m chair both need depth precision.
  useLayoutEffect(() => {
    const radius = Math.max(bounds.getBoundingSphere(new Sphere()).radius, 1e-3);
    if (camera instanceof PerspectiveCamera) {
      camera.near = radius * 0.02;
      camera.far = radius * 200;
      camera.updateProjectionMatrix();
    }
  }, [bounds, camera]);

  // Latest callbacks and values without re-running effects when a parent passes new closures.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  // On a CPU rasteriser a click that only swaps materials redraws just those parts over the
  // previous frame (partialRedraw.ts); anything else, and every frame on a GPU, is a full one.
  const redraw = useMemo(() => new PartialRedraw(), []);
  const partial = useMemo(() => isSoftwareContext(gl.getContext()), [gl]);
  useLayoutEffect(() => {
    const s = stats.current;
    s.fullFrame = () => {
      redraw.invalidate();
      invalidate();
    };
    return () => {
      s.fullFrame = undefined;
    };
  }, [stats, redraw, invalidate]);

  const prepared = useRef<PreparedModel | null>(null);
  const textureLoads = useRef<Promise<unknown>[]>([]);
  useLayoutEffect(() => {
    const model = prepareModel(root, product, {
      // Images come from the page-wide cache that preloadPreview() filled while the JS and the
      // model were still loading, so the selected options' maps are usually decoded already.
      loadTexture: (rel) => {
        let settle!: () => void;
        textureLoads.current.push(new Promise<void>((r) => (settle = r)));
        return imageTexture(latest.current.assetUrl(rel), () => {
          settle();
          redraw.invalidate(); // a material shown already may look different now
          invalidate();
        });
      },
    });
    prepared.current = model;
    return () => {
      prepared.current = null;
      disposePreparedModel(model);
    };
  }, [root, product, invalidate, redraw]);

  const configKey = configurationKey(product, configuration);
  const report = useMemo(() => new FrameReport(), []);
  const firstDone = useRef(false);
  useLayoutEffect(() => {
    const model = prepared.current;
    if (!model) return;
    applyConfiguration(model, latest.current.configuration);
    // Framing follows what is shown when that changes size noticeably (a part shown or hidden);
    // a small change keeps the framing, so a click does not take the camera from the shopper.
    const shown = visibleBounds(root);
    setFrame((f) => (f && nearlySameBox(f.bounds, shown) ? f : { bounds: shown, points: visiblePoints(root) }));
    if (!firstDone.current) performance.mark('maatwerk:scene:applied');
    report.applied(configKey);
    invalidate();
  }, [configKey, root, product, invalidate, report]);

  // onRendered/onFirstFrame fire after the frame that shows the configuration has been drawn:
  // useFrame marks the frame (it runs just before this canvas renders), the after-effect reports.
  // Registered in a layout effect, before any frame this component asks for can run.
  const controls = useThree((s) => s.controls) as { target?: Vector3 } | null;
  useFrame(() => {
    stats.current.frames++;
    const t = controls?.target;
    if (t) stats.current.view = { position: camera.position.toArray(), target: t.toArray() };
    if (!firstDone.current) performance.mark('maatwerk:scene:frame-start');
    report.frame();
  });
  // This canvas's render (priority 1: R3F leaves drawing to it), after every other frame callback.
  useFrame((state) => {
    if (partial) {
      if (redraw.render(state.scene, state.camera, state.gl).kind === 'partial') stats.current.partialFrames++;
    } else state.gl.render(state.scene, state.camera);
  }, 1);
  useLayoutEffect(
    () =>
      addAfterEffect(() => {
        const key = report.after();
        if (key === null) return;
        stats.current.lastRenderedKey = key;
        if (!firstDone.current) {
          firstDone.current = true;
          latest.current.onFirstFrame();
          warmUp.current();
        }
        latest.current.onRendered?.(key);
      }),
    [stats, report],
  );

  // After the first frame, in idle slices: draw every material option and every part once into
  // one scissored pixel, so shaders compile, textures and hidden parts' geometry upload now, not
  // on the first click (and renderer.info stays flat while the consumer changes options). One
  // item a slice: on a CPU renderer (SwiftShader) a shader compile is slow (docs/benchmarks-history.md,
  // Client), and a click meanwhile should wait for one slice at most, not for all of them.
  const warmUp = useRef(() => {});
  warmUp.current = () => {
    const model = prepared.current;
    if (!model) return;
    const materials = warmUpMaterials(model); // makes them, and starts their texture loads
    void Promise.all(textureLoads.current).then(() => {
      const sample = model.index.meshes[0];
      if (prepared.current !== model || !sample) return;
      const items = [
        ...materials.map((m) => new Mesh(sample.geometry, m)),
        ...model.index.meshes.map((mesh) => new Mesh(mesh.geometry, mesh.material)),
      ];
      let next = 0;
      const slice = () => {
        const item = items[next++];
        if (!item || prepared.current !== model) return;
        item.frustumCulled = false; // drawn wherever it is: the point is the upload
        // Into one scissored pixel of the canvas itself, not a render target: programs for a
        // render target differ (no tone mapping, linear output) and would not be the ones used.
        const visibleWas = model.index.meshes.map((m) => m.visible);
        model.index.meshes.forEach((m) => (m.visible = false));
        scene.add(item);
        gl.setScissorTest(true);
        gl.setScissor(0, 0, 1, 1);
        gl.render(scene, camera);
        gl.setScissorTest(false);
        redraw.invalidate(); // that pixel now holds the warm-up item
        scene.remove(item);
        model.index.meshes.forEach((m, i) => (m.visible = visibleWas[i]!));
        whenIdle(slice);
      };
      whenIdle(slice);
    });
  };

  useImperativeApi(apiRef, () => ({
    snapshot() {
      // The same size on every device, the whole product in frame: the drawing buffer is resized
      // for one frame (same renderer, so the same programs, light and tone mapping as on screen),
      // rendered from the product's framing at that aspect, read, and put back.
      const was = { width: size.width, height: size.height, dpr: gl.getPixelRatio() };
      const shot = new PerspectiveCamera(FOV, SNAPSHOT.width / SNAPSHOT.height);
      const view = productView(product, fit, SNAPSHOT.width / SNAPSHOT.height);
      const radius = Math.max(bounds.getBoundingSphere(new Sphere()).radius, 1e-3);
      shot.near = radius * 0.02;
      shot.far = radius * 200;
      if (view) {
        shot.position.set(...view.position);
        shot.lookAt(...view.target);
      }
      shot.updateProjectionMatrix();
      try {
        gl.setPixelRatio(1);
        gl.setSize(SNAPSHOT.width, SNAPSHOT.height, false);
        gl.render(scene, shot);
        return gl.domElement.toDataURL('image/png');
      } finally {
        gl.setPixelRatio(was.dpr);
        gl.setSize(was.width, was.height, false);
        redraw.invalidate();
        invalidate();
      }
    },
    async exportGlb() {
      // Hidden nodes are left out (onlyVisible); materials and the text texture go in as shown.
      const glb = await new GLTFExporter().parseAsync(root, { binary: true, onlyVisible: true });
      return new Blob([glb as ArrayBuffer], { type: 'model/gltf-binary' });
    },
    async exportUsdz() {
      // For iOS Quick Look: the same model as shown (hidden parts left out, text texture in),
      // standing on the floor it is placed on.
      const { USDZExporter } = await import('three/examples/jsm/exporters/USDZExporter.js'); // on demand: few shoppers use AR
      const usdz = await new USDZExporter().parseAsync(root, { quickLookCompatible: true, onlyVisible: true });
      return new Blob([usdz], { type: 'model/vnd.usdz+zip' });
    },
  }));

  const aspect = size.width > 0 && size.height > 0 ? size.width / size.height : 1;
  // No framing until the visible bounds are known, so the first placement is already the right one.
  const whole = useMemo(() => (frame ? productView(product, frame, aspect) : null), [product, frame, aspect]);
  const closeUpKey = closeUp?.join('\n') ?? '';
  // Again when what is shown changes size (\`frame\`): the surface the part sits on may be another.
  const partFrame = useMemo(() => {
    if (!closeUpKey || !frame) return null;
    const index = indexModel(root);
    return closeUpFrame(
      root,
      closeUpKey.split('\n').flatMap((name) => findMeshes(index, name)),
      cameraView,
    );
  }, [root, closeUpKey, frame, cameraView]);
  const view =
    useMemo(() => (frame ? stepView(cameraView, frame, aspect, partFrame) : undefined), [frame, cameraView, aspect, partFrame]) ??
    whole;
  const limits = useMemo(
    () => orbitLimits(bounds, [...declaredViews(product), ...(whole ? [whole] : []), ...(view ? [view] : [])]),
    [bounds, product, whole, view],
  );

  return (
    <>
      <primitive object={root} />
      <SoftShadow bounds={bounds} refreshKey={visibilityKey(product, configuration)} onRedraw={() => redraw.invalidate()} />
      <CameraRig view={view} resetSignal={resetSignal} limits={limits} keyTarget={keyTarget} />
    </>
  );
}

function useImperativeApi(apiRef: RefObject<PreviewApi | null>, make: () => PreviewApi): void {
  const makeRef = useRef(make);
  useLayoutEffect(() => {
    makeRef.current = make;
  });
  useEffect(() => {
    apiRef.current = {
      snapshot: () => makeRef.current().snapshot(),
      exportGlb: () => makeRef.current().exportGlb(),
      exportUsdz: () => makeRef.current().exportUsdz(),
    };
    return () => {
      apiRef.current = null;
    };
  }, [apiRef]);
}

/** Within 5 % of the box's diagonal at every face. */
function nearlySameBox(a: Box3, b: Box3): boolean {
  const tolerance = 0.05 * a.min.distanceTo(a.max);
  return a.min.distanceTo(b.min) <= tolerance && a.max.distanceTo(b.max) <= tolerance;
}

/** Run when the page is idle (a click or a frame first), soon anyway. */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 1000 });
  else setTimeout(fn, 50);
}
