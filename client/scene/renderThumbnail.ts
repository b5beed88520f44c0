import {
  type BufferGeometry,
  type Material,
  type Mesh,
  type Object3D,
  NeutralToneMapping,
  PerspectiveCamera,
  PMREMGenerator,
  Scene,
  Sphere,
  type Texture,
  DirectionalLight,
  WebGLRenderer,
} from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { Product } from '../../catalog/index.js';
import { applyConfiguration, disposePreparedModel, prepareModel } from './applyConfiguration.js';
import { FOV, productView, visibleBounds, visiblePoints } from './cameraViews.js';
import { stampGltfMeshNames } from './modelIndex.js';
import { isSoftwareContext, isSoftwareRenderer, loadStudioLight, tuneStudioLight } from './bakedLight.js';
import { imageTexture } from './textureImages.js';

export interface ThumbnailRequest {
  product: Product;
  modelUrl: string;
  assetUrl: (relPath: string) => string;
  width?: number;
  height?: number;
}

/**
 * One renderer for all storefront thumbnails: requests queue up and render one after another,
 * and the renderer (and its WebGL context) is disposed as soon as the queue is empty, so a
 * storefront of N products costs one context for a moment instead of N live canvases.
 */
let renderer: WebGLRenderer | null = null;
let envTarget: { texture: Texture; dispose(): void } | null = null;
let queue: Promise<unknown> = Promise.resolve();
let pending = 0;

async function shared(): Promise<{ renderer: WebGLRenderer; environment: Texture }> {
  const baked = await loadStudioLight();
  if (!renderer) {
    renderer = new WebGLRenderer({ antialias: !isSoftwareRenderer(), alpha: true, preserveDrawingBuffer: true });
    renderer.toneMapping = NeutralToneMapping;
    if (baked) tuneStudioLight(baked, isSoftwareContext(renderer.getContext()));
    else {
      const pmrem = new PMREMGenerator(renderer);
      const room = new RoomEnvironment();
      envTarget = pmrem.fromScene(room, 0.04);
      room.dispose();
      pmrem.dispose();
    }
  }
  return { renderer, environment: baked ?? envTarget!.texture };
}

function release(): void {
  envTarget?.dispose();
  envTarget = null;
  renderer?.dispose();
  renderer?.forceContextLoss();
  renderer = null;
}

/** Render a product's standard configuration to a PNG data URL (transparent background). */
export function renderThumbnail(request: ThumbnailRequest): Promise<string> {
  pending++;
  const job = queue.then(() => renderOne(request));
  queue = job.catch(() => undefined);
  return job.finally(() => {
    pending--;
    // Let requests that arrive in the same tick reuse the context before it goes.
    if (pending === 0) void queue.then(() => pending === 0 && release());
  });
}

async function renderOne({ product, modelUrl, assetUrl, width = 480, height = 360 }: ThumbnailRequest): Promise<string> {
  const gltf = await new GLTFLoader().loadAsync(modelUrl);
  stampGltfMeshNames(gltf.scene, gltf.parser);
  const { renderer: gl, environment } = await shared();
  gl.setPixelRatio(1);
  gl.setSize(width, height, false);

  const textures: Promise<unknown>[] = [];
  const model = prepareModel(gltf.scene, product, {
    loadTexture: (rel) => {
      let done!: () => void;
      textures.push(new Promise<void>((r) => (done = r)));
      return imageTexture(assetUrl(rel), done);
    },
  });
  try {
    applyConfiguration(model, product.defaults);
    await Promise.all(textures);

    const scene = new Scene();
    scene.environment = environment;
    scene.environmentIntensity = 0.8;
    const key = new DirectionalLight('#ffffff', 0.9);
    key.position.set(2.5, 4, 3);
    scene.add(key, gltf.scene);

    const bounds = visibleBounds(gltf.scene);
    const radius = Math.max(bounds.getBoundingSphere(new Sphere()).radius, 1e-3);
    const camera = new PerspectiveCamera(FOV, width / height, radius * 0.02, radius * 200);
    const view = productView(product, { bounds, points: visiblePoints(gltf.scene) }, width / height);
    if (view) {
      camera.position.set(...view.position);
      camera.lookAt(...view.target);
    }
    gl.setClearColor(0x000000, 0);
    gl.render(scene, camera);
    return gl.domElement.toDataURL('image/png');
  } finally {
    disposePreparedModel(model);
    disposeGltf(gltf.scene);
  }
}

/** A thumbnail's model is used once: free its geometry, materials and textures. */
function disposeGltf(root: Object3D): void {
  const geometries = new Set<BufferGeometry>();
  const materials = new Set<Material>();
  root.traverse((o) => {
    const m = o as Mesh;
    if (m.isMesh) {
      geometries.add(m.geometry);
      materials.add(m.material as Material);
    }
  });
  for (const g of geometries) g.dispose();
  for (const m of materials) {
    for (const v of Object.values(m)) if (v && (v as Texture).isTexture) (v as Texture).dispose();
    m.dispose();
  }
}
