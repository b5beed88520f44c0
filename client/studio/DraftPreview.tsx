import { useEffect, useMemo, useRef, useState } from 'react';
import type { Product } from '../../catalog/index.js';
import { createConfiguratorMachine } from '../../catalog/flow/configuratorMachine.js';
import { ProductContext } from '../configurator/productContext.js';
import { Stage } from '../configurator/Stage.js';
import { StepPanels } from '../configurator/StepPanels.js';
import { PriceSummary } from '../configurator/PriceSummary.js';
import type { ProductPreviewHandle } from '../scene/ProductPreview.js';
import { ConfiguratorProvider } from '../state/configuratorActor.js';
import { ErrorBoundary } from '../ui/ErrorBoundary.js';
import { draftAssetBase } from './studioApi.js';
import { useStudioT } from './studioMessages.js';

/**
 * The consumer's preview and panels on the draft: a fresh configurator per draft change (keyed
 * by its text), files from the draft (uploads first, then the version it started from).
 */
export function DraftPreview({ product: live, productId }: { product: Product | null; productId: string }) {
  const t = useStudioT();
  // Each change remounts the preview (a new WebGL context and model load): wait until typing pauses.
  const [product, setProduct] = useState(live);
  useEffect(() => {
    const timer = setTimeout(() => setProduct(live), 700);
    return () => clearTimeout(timer);
  }, [live]);
  const previewRef = useRef<ProductPreviewHandle>(null);
  const key = useMemo(() => (product ? JSON.stringify(product) : ''), [product]);
  const machine = useMemo(() => {
    if (!product) return null;
    try {
      return createConfiguratorMachine(product, { version: 0 });
    } catch {
      return null;
    }
  }, [product]);
  if (!product || !machine) return <p className="notice notice-warn">{t('studio.previewUnavailable')}</p>;
  return (
    <section className="studio-preview" aria-label={t('studio.preview')} data-testid="draft-preview">
      <ErrorBoundary what={t('studio.preview')} resetKey={key}>
        <ProductContext.Provider value={product}>
          <ConfiguratorProvider key={key} machine={machine}>
            <Stage previewRef={previewRef} assetBase={draftAssetBase(productId)} />
            <div className="studio-preview-panels">
              <StepPanels />
              <PriceSummary />
            </div>
          </ConfiguratorProvider>
        </ProductContext.Provider>
      </ErrorBoundary>
    </section>
  );
}
