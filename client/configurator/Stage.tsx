import { Suspense, useCallback, useMemo, useState, type RefObject } from 'react';
import { selectConfiguration, selectVariantCode } from '../../catalog/flow/selectors.js';
import { assetUrl } from '../api/products.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorSelector } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';
import { ErrorBoundary } from '../ui/ErrorBoundary.js';
import { Loading } from '../ui/Loading.js';
import { preloadPreview, ProductPreview, type ProductPreviewHandle } from '../scene/ProductPreview.js';
import { describeConfigurationLine } from '../../catalog/index.js';
import { ArButton } from './ArButton.js';
import { useProduct } from './productContext.js';

/**
 * The 3D preview of the current configuration, described in text for screen readers, with
 * the view and download tools. The camera follows the open step's preset.
 */
export function Stage({ previewRef, assetBase }: { previewRef: RefObject<ProductPreviewHandle | null>; assetBase: string }) {
  const product = useProduct();
  const configuration = useConfiguratorSelector(selectConfiguration);
  const code = useConfiguratorSelector(selectVariantCode);
  const preset = useViewStore((s) => s.cameraPreset);
  const { t, l, locale } = useT();
  const [ready, setReady] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const step = product.steps.find((s) => s.id === preset);
  // A step that personalises (a text field) is a close-up of where the text goes; every other
  // framing has the whole model in view.
  const closeUp = useMemo(
    () =>
      step?.attributes.flatMap((id) => {
        const a = product.attributes.find((x) => x.id === id);
        return a?.kind === 'text' ? [a.placement.mesh] : [];
      }),
    [product, step],
  );
  const cameraView = step?.camera;
  const assets = useCallback((file: string) => assetUrl(assetBase, file), [assetBase]);
  // The model, the light and the selected maps start downloading now, not once the canvas exists.
  useState(() => preloadPreview({ product, configuration, modelUrl: assetUrl(assetBase, product.model.file), assetUrl: assets }));
  // Marks on the page's performance timeline, read by tests/bench/clientBench.ts.
  const onFirstFrame = useCallback(() => {
    performance.mark('maatwerk:first-frame');
    setReady(true);
  }, []);
  const onRendered = useCallback((key: string) => {
    performance.mark('maatwerk:rendered', { detail: key });
  }, []);
  const description = t('cfg.description', {
    product: l(product.name),
    items: describeConfigurationLine(product, configuration, locale),
  });

  const download = async () => {
    const handle = previewRef.current;
    if (!handle) return;
    setDownloading(true);
    try {
      const blob = await handle.exportGlb();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${product.id}-${code}.glb`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <section className="stage" aria-label={t('cfg.previewLabel')} aria-describedby="preview-description">
      <div className="stage-inner">
        <p id="preview-description" className="visually-hidden" aria-live="polite" data-testid="preview-description">
          {description}
        </p>
        <div className="stage-view" data-testid="preview" data-ready={ready ? 'true' : 'false'}>
          <ErrorBoundary what={t('cfg.modelFailed')} resetKey={product.id}>
            <Suspense fallback={<Loading label={t('cfg.loadingModel')} />}>
              <ProductPreview
                ref={previewRef}
                product={product}
                configuration={configuration}
                modelUrl={assetUrl(assetBase, product.model.file)}
                assetUrl={assets}
                cameraView={cameraView}
                closeUp={closeUp}
                label={t('cfg.previewKeys', { product: l(product.name) })}
                onFirstFrame={onFirstFrame}
                onRendered={onRendered}
              />
            </Suspense>
          </ErrorBoundary>
        </div>
        {/* Beside the canvas, not over it: the model is framed to the canvas's edges. */}
        <div className="stage-tools">
          <button type="button" className="btn btn-small" onClick={() => previewRef.current?.resetView()}>
            <span aria-hidden="true">⟲</span> <span className="tool-label">{t('cfg.resetView')}</span>
          </button>
          <button type="button" className="btn btn-small" disabled={!ready || downloading} onClick={() => void download()}>
            {t('cfg.download')}
          </button>
          <ArButton previewRef={previewRef} ready={ready} title={l(product.name)} />
        </div>
      </div>
    </section>
  );
}
