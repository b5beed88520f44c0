import { Suspense, useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Choices, Configuration, Product } from '../../catalog/index.js';
import { createConfiguratorMachine, type ConfiguratorMachine } from '../../catalog/flow/configuratorMachine.js';
import { selectChoices, selectConfiguration, selectStep } from '../../catalog/flow/selectors.js';
import { assetUrl } from '../api/products.js';
import { PriceSummary } from '../configurator/PriceSummary.js';
import { ProductContext } from '../configurator/productContext.js';
import { StepPanels } from '../configurator/StepPanels.js';
import { useT } from '../i18n/useT.js';
import { ProductPreview, type ProductPreviewHandle } from '../scene/ProductPreview.js';
import { ConfiguratorProvider, useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';
import { ErrorBoundary } from '../ui/ErrorBoundary.js';
import { draftAssetBase } from './studioApi.js';
import { useStudioT } from './studioMessages.js';

/** A draft the preview can show: the product and a configurator for it. */
interface Previewable {
  key: string;
  product: Product;
  machine: ConfiguratorMachine;
}

/** What the 3D preview draws: a product with a configuration made for that very product. */
interface Shown {
  product: Product;
  configuration: Configuration;
}

/** Where the producer was in the previous configurator, carried over to the next draft's. */
interface Carried {
  choices: Choices;
  step: string | null;
}

/** A configurator for the draft, starting from the producer's earlier choices when they still hold. */
function previewable(product: Product, key: string, carried: Carried): Previewable | null {
  const known = new Set(product.attributes.map((a) => a.id));
  const kept = Object.fromEntries(Object.entries(carried.choices).filter(([attr]) => known.has(attr)));
  for (const initialChoices of [kept, {}]) {
    try {
      return { key, product, machine: createConfiguratorMachine(product, { version: 0, initialChoices }) };
    } catch {
      // those choices no longer hold together (or nothing does): try from the defaults, then give up
    }
  }
  return null;
}

/**
 * Inside one draft's configurator: reports its configuration to the preview that stays mounted
 * above it, and reopens the step the producer had open before the draft changed.
 */
function ConfigurationBridge({
  product,
  carried,
  onShow,
}: {
  product: Product;
  carried: RefObject<Carried>;
  onShow: (shown: Shown) => void;
}) {
  const actor = useConfiguratorActor();
  const configuration = useConfiguratorSelector(selectConfiguration);
  const choices = useConfiguratorSelector(selectChoices);
  const step = useConfiguratorSelector(selectStep);
  useLayoutEffect(() => {
    const wanted = carried.current.step;
    if (wanted && wanted !== actor.getSnapshot().context.step && product.steps.some((s) => s.id === wanted))
      actor.send({ type: 'step.go', step: wanted });
    // Only when this configurator starts: later steps are the producer's own clicks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actor]);
  useLayoutEffect(() => {
    carried.current = { choices, step };
  }, [carried, choices, step]);
  useLayoutEffect(() => onShow({ product, configuration }), [onShow, product, configuration]);
  return null;
}

/**
 * The consumer's 3D preview and panels on the draft. One canvas stays mounted for the editor's
 * lifetime and is handed each new draft and configuration, so an edit re-applies materials in
 * place; the model is fetched again only when its file (or its upload) changes. The panels get a
 * fresh configurator per draft (DOM only, cheap), keeping the producer's choices and step.
 * While the draft has errors the last draft that worked stays on show, marked as such.
 */
export function DraftPreview({
  product,
  productId,
  model,
}: {
  product: Product | null;
  productId: string;
  /**
   * The saved draft's model file and its content hash (a new upload changes it, and the model is
   * fetched again); undefined while it is being asked for (the preview waits, to fetch the model once).
   */
  model: { file: string | null; sha256: string | null } | undefined;
}) {
  const t = useStudioT();
  const { t: tc } = useT();
  const key = useMemo(() => (product ? JSON.stringify(product) : null), [product]);
  const carried = useRef<Carried>({ choices: {}, step: null });
  // The draft on show; kept while a later draft cannot be previewed (stale).
  const [draft, setDraft] = useState<Previewable | null>(null);
  const [stale, setStale] = useState(false);
  const shownKey = useRef<string | null>(null);
  useLayoutEffect(() => {
    // A new configurator only when the draft's content changed, not for every equal copy of it.
    if (key !== null && key === shownKey.current) {
      setStale(false);
      return;
    }
    const next = product && key ? previewable(product, key, carried.current) : null;
    setStale(next === null);
    if (!next) return;
    shownKey.current = key;
    setDraft(next);
  }, [product, key]);

  const [shown, setShown] = useState<Shown | null>(null);
  const onShow = useCallback((s: Shown) => setShown(s), []);
  const [ready, setReady] = useState(false);
  const onFirstFrame = useCallback(() => setReady(true), []);
  const previewRef = useRef<ProductPreviewHandle>(null);

  const base = draftAssetBase(productId);
  const assets = useCallback((file: string) => assetUrl(base, file), [base]);
  const preset = useViewStore((s) => s.cameraPreset);

  if (!draft) return <p className="notice notice-warn">{t('studio.previewUnavailable')}</p>;
  const seen = shown;
  const modelFile = seen?.product.model.file;
  const sha = model && model.file === modelFile ? model.sha256 : null;
  const modelUrl = modelFile ? assetUrl(base, modelFile) + (sha ? `?v=${sha.slice(0, 16)}` : '') : null;
  const cameraView = seen ? (seen.product.steps.find((s) => s.id === preset)?.camera ?? seen.product.model.camera) : undefined;

  return (
    <section className="studio-preview" aria-label={t('studio.preview')} data-testid="draft-preview">
      <h2>{t('studio.preview')}</h2>
      {stale && (
        <p className="notice notice-warn" role="status" data-testid="preview-stale">
          {t('studio.previewStale')}
        </p>
      )}
      <div className="studio-stage" data-testid="draft-canvas" data-ready={ready ? 'true' : 'false'}>
        {seen && modelUrl && model !== undefined && (
          <Suspense fallback={null}>
            <ProductPreview
              ref={previewRef}
              product={seen.product}
              configuration={seen.configuration}
              modelUrl={modelUrl}
              assetUrl={assets}
              cameraView={cameraView}
              onFirstFrame={onFirstFrame}
            />
          </Suspense>
        )}
        <div className="studio-stage-tools">
          <button type="button" className="btn btn-small" onClick={() => previewRef.current?.resetView()}>
            {tc('cfg.resetView')}
          </button>
        </div>
      </div>
      <ErrorBoundary what={t('studio.preview')} resetKey={draft.key}>
        <ProductContext.Provider value={draft.product}>
          <ConfiguratorProvider key={draft.key} machine={draft.machine}>
            <ConfigurationBridge product={draft.product} carried={carried} onShow={onShow} />
            <div className="studio-preview-panels">
              <StepPanels />
            </div>
            <div className="studio-preview-price">
              <PriceSummary />
            </div>
          </ConfiguratorProvider>
        </ProductContext.Provider>
      </ErrorBoundary>
    </section>
  );
}
