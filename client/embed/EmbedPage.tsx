import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useLocation, useParams } from 'react-router';
import { createConfiguratorMachine } from '../../catalog/flow/configuratorMachine.js';
import { decodeConfigCode, type DecodedConfigCode } from '../../catalog/flow/configCode.js';
import { ApiError } from '../api/http.js';
import { getProduct, type PublishedProduct } from '../api/products.js';
import { codeFromSearch } from '../configurator/shareUrl.js';
import { ProductContext } from '../configurator/productContext.js';
import { LOCALES, type AppLocale } from '../i18n/messages.js';
import { useT } from '../i18n/useT.js';
import { ConfiguratorProvider } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { NotFound } from '../ui/NotFound.js';
import { useAsync } from '../ui/useAsync.js';
import { EMBED_PROTOCOL } from './embedProtocol.js';
import { EmbedView } from './EmbedView.js';
import { connectHost, type HostBridge } from './hostBridge.js';
import './embed.css';

/** Tells the host page the height of the content, so that the frame never scrolls. */
function useAutoHeight(bridge: HostBridge | null) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!bridge || !el) return;
    let last = 0;
    const report = () => {
      const height = Math.ceil(el.getBoundingClientRect().height);
      if (height !== last) bridge.post({ maatwerk: EMBED_PROTOCOL, type: 'resize', height: (last = height) });
    };
    const observer = new ResizeObserver(report);
    observer.observe(el);
    report();
    return () => observer.disconnect();
  }, [bridge]);
  return ref;
}

/**
 * `/embed/p/:productId[?origin=&locale=&c=]`: the configurator for a shop's page (issue #17),
 * framed by /embed.js. No header or review page: preview, steps, price and "Add to cart", which
 * saves the configuration and hands its id to the shop's page.
 */
export function EmbedPage() {
  const { productId = '' } = useParams();
  const location = useLocation();
  const { t } = useT();
  // Read once: later changes of the address come from the host's messages, not navigation.
  const [{ bridge, initialCode }] = useState(() => {
    const locale = new URLSearchParams(location.search).get('locale');
    if ((LOCALES as readonly string[]).includes(locale ?? '')) useViewStore.setState({ locale: locale as AppLocale });
    return { bridge: connectHost(location.search), initialCode: codeFromSearch(location.search) };
  });
  const [state, retry] = useAsync((signal) => getProduct(productId, signal), productId);
  const rootRef = useAutoHeight(bridge);
  const announced = useRef(false);
  const notFound = state.status === 'error' && state.error instanceof ApiError && state.error.status === 404;
  useEffect(() => {
    if (state.status === 'error')
      bridge?.post({
        maatwerk: EMBED_PROTOCOL,
        type: 'error',
        detail: {
          code: notFound ? 'unknown-product' : 'load-failed',
          message: String((state.error as Error)?.message ?? state.error),
        },
      });
  }, [state, bridge, notFound]);

  return (
    <div className="embed" ref={rootRef}>
      {state.status === 'loading' ? (
        <Loading />
      ) : state.status === 'error' ? (
        notFound ? (
          <NotFound message={t('notFound.product', { id: productId })} />
        ) : (
          <div className="page">
            <ErrorMessage what={t('cfg.loadFailed', { id: productId })} error={state.error} onRetry={retry} />
          </div>
        )
      ) : (
        <EmbedConfigurator published={state.value} code={initialCode} bridge={bridge} announced={announced} />
      )}
    </div>
  );
}

function EmbedConfigurator({
  published,
  code,
  bridge,
  announced,
}: {
  published: PublishedProduct;
  code: string | null;
  bridge: HostBridge | null;
  announced: RefObject<boolean>;
}) {
  const { product, version } = published;
  const { decoded, machine } = useMemo(() => {
    const decoded: DecodedConfigCode | null = code ? decodeConfigCode(code, product, version) : null;
    const initialChoices = decoded?.ok ? decoded.choices : {};
    return { decoded, machine: createConfiguratorMachine(product, { version, initialChoices }) };
  }, [product, version, code]);
  return (
    <ProductContext.Provider value={product}>
      <ConfiguratorProvider machine={machine}>
        <EmbedView published={published} decoded={decoded} bridge={bridge} announced={announced} />
      </ConfiguratorProvider>
    </ProductContext.Provider>
  );
}
