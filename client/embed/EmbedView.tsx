import { useEffect, useRef, useState, type RefObject } from 'react';
import { describeConfigurationLine, formatMoney } from '../../catalog/index.js';
import { decodeConfigCode, type DecodedConfigCode } from '../../catalog/flow/configCode.js';
import type { ConfiguratorActor } from '../../catalog/flow/configuratorMachine.js';
import type { Choices, Product } from '../../catalog/index.js';
import {
  selectChoices,
  selectConfigCode,
  selectConfiguration,
  selectPrice,
  selectVariantCode,
} from '../../catalog/flow/selectors.js';
import { saveConfiguration } from '../api/configurations.js';
import type { PublishedProduct } from '../api/products.js';
import { CodeNotice } from '../configurator/CodeNotice.js';
import { ConflictDialog } from '../configurator/ConflictDialog.js';
import { HistoryControls } from '../configurator/HistoryControls.js';
import { PriceSummary } from '../configurator/PriceSummary.js';
import { Stage } from '../configurator/Stage.js';
import { StepPanels } from '../configurator/StepPanels.js';
import { useT } from '../i18n/useT.js';
import type { ProductPreviewHandle } from '../scene/ProductPreview.js';
import { useConfiguratorActor, useConfiguratorSelector } from '../state/configuratorActor.js';
import { EMBED_PROTOCOL, type EmbedChange } from './embedProtocol.js';
import type { HostBridge } from './hostBridge.js';

/**
 * Bring the running configurator to exactly `target` (choices that hold together) without
 * starting it again (its 3D preview stays): forget every choice, then make each of the target's.
 * Each is available when made, as any part of a set of choices that holds together holds too.
 */
function restartWith(actor: ConfiguratorActor, product: Product, target: Choices) {
  actor.send({ type: 'config.reset' });
  for (const attr of Object.keys(actor.getSnapshot().context.choices)) actor.send({ type: 'choice.clear', attr });
  for (const [attr, value] of Object.entries(target)) {
    const kind = product.attributes.find((a) => a.id === attr)?.kind;
    if (kind === 'text') actor.send({ type: 'text.set', attr, text: value ?? '' });
    else actor.send({ type: 'option.select', attr, option: value });
  }
}

type Cart =
  { status: 'idle' } | { status: 'saving' } | { status: 'added'; total: number } | { status: 'failed'; message: string };

/** The chrome-less configurator: preview, steps, price, and "Add to cart" for the host page. */
export function EmbedView({
  published,
  decoded,
  bridge,
  announced,
}: {
  published: PublishedProduct;
  decoded: DecodedConfigCode | null;
  bridge: HostBridge | null;
  /** Whether the host was told the frame is ready (once per page, not per restart from a code). */
  announced: RefObject<boolean>;
}) {
  const { product, version } = published;
  const { t, l, locale } = useT();
  const previewRef = useRef<ProductPreviewHandle>(null);
  const choices = useConfiguratorSelector(selectChoices);
  const configuration = useConfiguratorSelector(selectConfiguration);
  const code = useConfiguratorSelector(selectConfigCode);
  const price = useConfiguratorSelector(selectPrice);
  const variantCode = useConfiguratorSelector(selectVariantCode);
  const valid = useConfiguratorSelector((s) => s.context.pending === null);
  const [cart, setCart] = useState<Cart>({ status: 'idle' });
  const actor = useConfiguratorActor();
  const [notice, setNotice] = useState(decoded);
  // setChoices(code) and reset() from the host page.
  useEffect(
    () =>
      bridge?.listen((m) => {
        if (m.type === 'reset') {
          restartWith(actor, product, {});
          setNotice(null);
          return;
        }
        const next = decodeConfigCode(m.code, product, version);
        setNotice(next);
        if (next.ok) restartWith(actor, product, next.choices);
        else
          bridge.post({
            maatwerk: EMBED_PROTOCOL,
            type: 'error',
            detail: { code: 'invalid-code', message: `code: ${next.error}` },
          });
      }),
    [bridge, actor, product, version],
  );

  useEffect(() => {
    document.title = `${l(product.name)} · ${t('app.name')}`;
  }, [l, t, product.name]);

  // Every change of the configuration (and the first one) goes to the host page.
  useEffect(() => {
    const detail: EmbedChange = {
      productId: product.id,
      version,
      choices: choices as EmbedChange['choices'],
      code,
      valid,
      total: price.total,
      currency: price.currency,
      variantCode,
    };
    bridge?.post({ maatwerk: EMBED_PROTOCOL, type: announced.current ? 'change' : 'ready', detail });
    announced.current = true;
    setCart((c) => (c.status === 'added' ? { status: 'idle' } : c));
  }, [bridge, announced, product.id, version, choices, code, valid, price.total, price.currency, variantCode]);

  const addToCart = async () => {
    setCart({ status: 'saving' });
    let snapshot: string | undefined;
    try {
      snapshot = await previewRef.current?.snapshot();
    } catch {
      snapshot = undefined; // saved without a picture rather than not at all
    }
    try {
      const saved = await saveConfiguration({ productId: product.id, version, choices, ...(snapshot ? { snapshot } : {}) });
      bridge?.post({
        maatwerk: EMBED_PROTOCOL,
        type: 'add-to-cart',
        detail: {
          configurationId: saved.id,
          productId: saved.productId,
          version: saved.version,
          variantCode: saved.variantCode,
          total: saved.total,
          currency: saved.currency,
          summary: describeConfigurationLine(product, configuration, locale),
          snapshotUrl: saved.snapshotUrl ? new URL(saved.snapshotUrl, window.location.origin).href : null,
          expiresAt: saved.expiresAt,
        },
      });
      setCart({ status: 'added', total: saved.total });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      bridge?.post({ maatwerk: EMBED_PROTOCOL, type: 'error', detail: { code: 'add-to-cart-failed', message } });
      setCart({ status: 'failed', message });
    }
  };

  return (
    <>
      <main id="main" className="configurator embed-configurator">
        <Stage previewRef={previewRef} assetBase={published.assetBase} />
        <aside className="panel" aria-label={l(product.name)}>
          <div className="panel-scroll">
            <h1 className="embed-title">{l(product.name)}</h1>
            <CodeNotice key={JSON.stringify(notice)} decoded={notice} />
            <div className="toolbar">
              <HistoryControls />
            </div>
            <StepPanels />
          </div>
          <div className="panel-footer">
            <PriceSummary />
            <button
              type="button"
              className="btn btn-primary"
              disabled={cart.status === 'saving' || !valid}
              onClick={() => void addToCart()}
            >
              {cart.status === 'saving' ? t('embed.adding') : t('embed.addToCart')}
            </button>
            <p className="embed-cart-status" role="status" data-testid="cart-status">
              {cart.status === 'added'
                ? t('embed.added', { total: formatMoney(cart.total, price.currency, locale) })
                : cart.status === 'failed'
                  ? t('embed.failed', { message: cart.message })
                  : ''}
            </p>
          </div>
        </aside>
      </main>
      <ConflictDialog />
    </>
  );
}
