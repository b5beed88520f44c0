import { useProgress } from '@react-three/drei';
import { Canvas, useLoader } from '@react-three/fiber';
import { Component, type ReactNode, type Ref, Suspense, useCallback, useImperativeHandle, useRef, useState } from 'react';
import { NeutralToneMapping, WebGLRenderer } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { Configuration, Product } from '../../catalog/index.js';
import { useT } from '../i18n/useT.js';
import { ErrorBoundary } from '../ui/ErrorBoundary.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { FOV, type View } from './cameraViews.js';
import { PreviewModel, type PreviewApi, type PreviewStats } from './PreviewModel.js';
import { StudioEnvironment } from './StudioEnvironment.js';
import { isSoftwareContext, knownSoftwareRenderer, loadStudioLight } from './bakedLight.js';
import { loadImage } from './textureImages.js';

/**
 * Pixel ratio of the preview on a CPU rasteriser, where a frame's cost grows with its pixels
 * (docs/benchmarks-history.md, Client). Not lower: at 0.75 or 0.5 fabrics' normal-map detail averages
 * out and bouclé and velvet look alike (tests/e2e/pixels.test.ts).
 */
const SOFTWARE_DPR = 1;

// The studio light downloads beside the rest of the configurator's code, from the moment it loads.
void loadStudioLight();

/**
 * Start everything the first frame of a product needs, in parallel, before the canvas exists:
 * the studio light, the .glb (parsed into the loader cache the preview reads) and the texture maps
 * of the options selected in `configuration`. Other options' maps load after the first frame.
 */
export function preloadPreview({
  product,
  configuration,
  modelUrl,
  assetUrl,
}: Pick<ProductPreviewProps, 'product' | 'configuration' | 'modelUrl' | 'assetUrl'>): void {
  void loadStudioLight();
  useLoader.preload(GLTFLoader, modelUrl);
  for (const attr of product.attributes) {
    if (attr.kind !== 'material') continue;
    const pbr = attr.options.find((o) => o.id === configuration[attr.id])?.material;
    for (const file of [pbr?.map, pbr?.normalMap, pbr?.roughnessMap]) if (file) loadImage(assetUrl(file)).catch(() => undefined); // the preview reports failures
  }
}

export interface ProductPreviewHandle {
  /** The current view as a PNG data URL (for the order). */
  snapshot(): Promise<string>;
  /** The configured model as a .glb: materials as shown, hidden parts left out, text texture included. */
  exportGlb(): Promise<Blob>;
  /** The configured model as USDZ (iOS Quick Look), made by three's USDZExporter in the browser. */
  exportUsdz(): Promise<Blob>;
  /** Glide back to the current framing (the step's, or the whole product's). */
  resetView(): void;
}

export interface ProductPreviewProps {
  product: Product;
  /** A value for every attribute. */
  configuration: Configuration;
  /** URL of the product's .glb. */
  modelUrl: string;
  /** URL of a file beside the product (texture maps), from its catalog-relative path. */
  assetUrl: (relPath: string) => string;
  /** Framing for the current step (its direction; the whole model is fitted in); the whole product when absent. */
  cameraView?: View;
  /** Parts (glTF names) the current step is a close-up of (e.g. where the personal text goes): framed instead of the whole model. */
  closeUp?: readonly string[] | undefined;
  /** Once, after the first frame that shows the model. */
  onFirstFrame?: () => void;
  /** After the first frame drawn for each configuration, with its configurationKey(). */
  onRendered?: (configKey: string) => void;
  ref?: Ref<ProductPreviewHandle>;
  /** Accessible description of the canvas (e.g. the configuration in words). */
  description?: string;
  /** Accessible name of the focusable preview; should say how to turn it with the keys. */
  label?: string;
}

/** What tests and benchmarks read from the page. */
export interface PreviewProbe {
  info(): { geometries: number; textures: number; programs: number };
  /** WebGL runs on a CPU rasteriser (SwiftShader…): MSAA off, pixel ratio 1. */
  readonly software: boolean;
  readonly frames: number;
  /** Of those, frames that redrew only parts whose material changed (CPU rasterisers). */
  readonly partialFrames: number;
  readonly lastRenderedKey: string | null;
  /** Camera position and orbit target after the last frame. */
  readonly view: PreviewStats['view'];
  /** Draw the next frame whole, not as a partial redraw. */
  fullFrame(): void;
}

declare global {
  interface Window {
    __maatwerkPreview?: PreviewProbe;
  }
}

/**
 * The live 3D preview of a configuration: loads the product's .glb, applies the configuration,
 * soft shadow, room lighting, orbit within limits and a gliding camera per step. Renders on demand
 * (only when something changed), so an idle configurator costs no GPU time.
 */
export function ProductPreview(props: ProductPreviewProps) {
  const { product, modelUrl, ref, description } = props;
  // Focusable: arrow keys turn the model, + and − zoom (CameraRig listens here).
  const keyTarget = useRef<HTMLDivElement>(null);
  const { t } = useT();
  const apiRef = useRef<PreviewApi | null>(null);
  const stats = useRef<PreviewStats>({ frames: 0, partialFrames: 0, lastRenderedKey: null, view: null });
  const [resetSignal, setResetSignal] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);
  const [shown, setShown] = useState(false);
  // On a CPU rasteriser (SwiftShader) every sample is CPU time: there only, no MSAA and no more
  // than one pixel per CSS pixel. Unknown (undefined) until a context of this page has been asked.
  const [software, setSoftware] = useState(knownSoftwareRenderer);
  // The canvas's own context tells what it runs on: no throwaway context to find out first (on a CPU
  // rasteriser that costs as much as the real one). While unknown it is made without MSAA; a GPU
  // found that way gets a new canvas with MSAA (`key` below), once a page.
  const createRenderer = useCallback(
    (defaults: { canvas: unknown; powerPreference?: WebGLPowerPreference }) => {
      const canvas = defaults.canvas as HTMLCanvasElement; // <Canvas> always renders a DOM canvas
      const attributes: WebGLContextAttributes = { alpha: true, antialias: software === false, preserveDrawingBuffer: true };
      if (defaults.powerPreference) attributes.powerPreference = defaults.powerPreference;
      const context = canvas.getContext('webgl2', attributes);
      if (context && software === undefined && !isSoftwareContext(context)) setSoftware(false);
      // Without a context three makes the attempt itself, and reports why it failed.
      return new WebGLRenderer({ canvas, ...attributes, ...(context ? { context } : {}) });
    },
    [software],
  );

  useImperativeHandle(
    ref,
    () => ({
      snapshot: async () => {
        if (!apiRef.current) throw new Error('the 3D preview has not loaded yet');
        return apiRef.current.snapshot();
      },
      exportGlb: async () => {
        if (!apiRef.current) throw new Error('the 3D preview has not loaded yet');
        return apiRef.current.exportGlb();
      },
      exportUsdz: async () => {
        if (!apiRef.current) throw new Error('the 3D preview has not loaded yet');
        return apiRef.current.exportUsdz();
      },
      resetView: () => setResetSignal((n) => n + 1),
    }),
    [],
  );

  const retry = useCallback(() => {
    useLoader.clear(GLTFLoader, modelUrl);
    setFailure(null);
    setShown(false);
    setAttempt((n) => n + 1);
  }, [modelUrl]);

  const onFirstFrame = useCallback(() => {
    setShown(true);
    props.onFirstFrame?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.onFirstFrame]);

  return (
    <ErrorBoundary what={t('cfg.modelFailed')} resetKey={modelUrl}>
      <div
        className="stage-canvas"
        ref={keyTarget}
        tabIndex={0}
        role="application"
        aria-label={props.label ?? t('cfg.previewLabel')}
        aria-describedby={description ? 'product-preview-description' : undefined}
        data-testid="preview-canvas"
      >
        <Canvas
          key={software === false ? 'gpu' : 'cpu'}
          frameloop="demand"
          dpr={software === false ? [1, 2] : SOFTWARE_DPR}
          gl={createRenderer}
          camera={{ fov: FOV, near: 0.01, far: 200, position: [1.2, 0.9, 2.2] }}
          onCreated={({ gl }) => {
            gl.toneMapping = NeutralToneMapping; // after R3F's default (ACES), before the first frame
            performance.mark('maatwerk:scene:canvas');
            const s = stats.current;
            window.__maatwerkPreview = {
              info: () => ({ ...gl.info.memory, programs: gl.info.programs?.length ?? 0 }),
              software: isSoftwareContext(gl.getContext()),
              get frames() {
                return s.frames;
              },
              get partialFrames() {
                return s.partialFrames;
              },
              get lastRenderedKey() {
                return s.lastRenderedKey;
              },
              get view() {
                return s.view;
              },
              fullFrame: () => s.fullFrame?.(),
            };
          }}
        >
          <ModelBoundary key={`${modelUrl}#${attempt}`} onError={setFailure}>
            <Suspense fallback={null}>
              <StudioEnvironment />
              <PreviewModel
                product={product}
                configuration={props.configuration}
                modelUrl={modelUrl}
                assetUrl={props.assetUrl}
                cameraView={props.cameraView}
                closeUp={props.closeUp}
                keyTarget={keyTarget}
                resetSignal={resetSignal}
                apiRef={apiRef}
                stats={stats}
                onFirstFrame={onFirstFrame}
                onRendered={props.onRendered}
              />
            </Suspense>
          </ModelBoundary>
        </Canvas>
        {description && (
          <p id="product-preview-description" className="visually-hidden">
            {description}
          </p>
        )}
      </div>
      <div className="stage-overlay">
        {failure ? (
          <ErrorMessage what={`${t('cfg.modelFailed')} (${modelUrl})`} error={failure} onRetry={retry} />
        ) : !shown ? (
          <LoadingProgress label={t('cfg.loadingModel')} />
        ) : null}
      </div>
    </ErrorBoundary>
  );
}

function LoadingProgress({ label }: { label: string }) {
  const progress = useProgress((s) => s.progress);
  return <Loading label={label} progress={progress / 100} />;
}

/** Inside the canvas: a failed load renders nothing there and is reported to the DOM overlay. */
class ModelBoundary extends Component<{ onError: (e: unknown) => void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    this.props.onError(error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
