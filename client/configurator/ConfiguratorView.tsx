import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { DecodedConfigCode } from '../../catalog/flow/configCode.js';
import { selectConfigCode, selectOrder } from '../../catalog/flow/selectors.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';
import type { ProductPreviewHandle } from '../scene/ProductPreview.js';
import { ChangeNotice } from './ChangeNotice.js';
import { CodeNotice } from './CodeNotice.js';
import { ConflictDialog } from './ConflictDialog.js';
import { CompleteButton } from './CompleteButton.js';
import { HistoryControls } from './HistoryControls.js';
import { PriceSummary } from './PriceSummary.js';
import { RecommendationSync } from './RecommendationSync.js';
import { ReviewPanel } from './ReviewPanel.js';
import { ShareButton } from './ShareButton.js';
import { Stage } from './Stage.js';
import { REVIEW_TAB, StepPanels, StepTabs } from './StepPanels.js';
import { useProduct } from './productContext.js';
import { shareUrl } from './shareUrl.js';

/** Keeps the address bar's ?c= in step with the configuration, so reload and copy-link restore it. */
function useCodeInUrl() {
  const code = useConfiguratorSelector(selectConfigCode);
  useEffect(() => {
    const next = shareUrl(window.location.href, code);
    // history.state is react-router's; keep it so back/forward still work.
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  }, [code]);
}

/** The configurator screen: preview, step panels, price and tools; the review replaces the panels. */
export function ConfiguratorView({ decoded, assetBase }: { decoded: DecodedConfigCode | null; assetBase: string }) {
  const product = useProduct();
  const actor = useConfiguratorActor();
  const navigate = useNavigate();
  const { t, l } = useT();
  const previewRef = useRef<ProductPreviewHandle>(null);
  const reviewing = useConfiguratorSelector((s) => s.matches('reviewing') || s.matches('submitting'));
  const order = useConfiguratorSelector(selectOrder);
  const [snapshot, setSnapshot] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  useCodeInUrl();
  // The review shows the whole product (the steps' panels set their own framing when they open).
  const setCameraPreset = useViewStore((s) => s.setCameraPreset);
  useEffect(() => {
    if (reviewing) setCameraPreset('product');
  }, [reviewing, setCameraPreset]);
  // On open, focus goes to the product's heading (not the page body), so a screen reader starts there.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus({ preventScroll: true }), [product.id]);

  useEffect(() => {
    document.title = `${l(product.name)} · ${t('app.name')}`;
  }, [l, t, product.name]);
  useEffect(() => {
    if (order) void navigate(`/order/${encodeURIComponent(order.id)}`);
  }, [order, navigate]);

  const openReview = async () => {
    setOpening(true);
    try {
      setSnapshot((await previewRef.current?.snapshot()) ?? null);
    } catch {
      setSnapshot(null); // the order goes without a picture rather than not at all
    } finally {
      setOpening(false);
    }
    actor.send({ type: 'review.open' });
    window.scrollTo({ top: 0 });
  };

  return (
    <div className="configurator">
      <Stage previewRef={previewRef} assetBase={assetBase} />
      <aside className="panel" aria-label={l(product.name)}>
        <div className="panel-scroll">
          {reviewing ? (
            <>
              <StepTabs reviewing onReview={() => undefined} />
              <div role="tabpanel" id={`panel-${REVIEW_TAB}`} aria-labelledby={`tab-${REVIEW_TAB}`}>
                <ReviewPanel snapshot={snapshot} />
              </div>
            </>
          ) : (
            <>
              <h1 ref={headingRef} tabIndex={-1} style={{ fontSize: '1.6rem' }} data-testid="product-heading">
                {l(product.name)}
              </h1>
              <p style={{ color: 'var(--ink-soft)' }}>{l(product.description)}</p>
              <CodeNotice decoded={decoded} />
              <div className="toolbar">
                <HistoryControls />
                <ShareButton />
                <CompleteButton />
              </div>
              <StepPanels onReview={() => void openReview()} busy={opening} />
            </>
          )}
        </div>
        {!reviewing && (
          <div className="panel-footer">
            <ChangeNotice />
            <PriceSummary />
            <button type="button" className="btn btn-primary" disabled={opening} onClick={() => void openReview()}>
              {t('cfg.review')}
            </button>
          </div>
        )}
      </aside>
      <ConflictDialog />
      <RecommendationSync />
    </div>
  );
}
