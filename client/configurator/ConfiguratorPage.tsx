import { useMemo } from 'react';
import { useLocation, useParams } from 'react-router';
import { createConfiguratorMachine } from '../../catalog/flow/configuratorMachine.js';
import { decodeConfigCode, type DecodedConfigCode } from '../../catalog/flow/configCode.js';
import type { OrderRequest, OrderResult } from '../../catalog/flow/types.js';
import { ApiError } from '../api/http.js';
import { createOrder } from '../api/orders.js';
import { getProduct, type PublishedProduct } from '../api/products.js';
import { useT } from '../i18n/useT.js';
import { ConfiguratorProvider } from '../state/configuratorActor.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { NotFound } from '../ui/NotFound.js';
import { useAsync } from '../ui/useAsync.js';
import { ConfiguratorView } from './ConfiguratorView.js';
import { ProductContext } from './productContext.js';
import { codeFromSearch } from './shareUrl.js';

/** The order call the machine invokes: the server re-checks and re-prices everything. */
async function submitOrder(req: OrderRequest): Promise<OrderResult> {
  return { ...(await createOrder(req.body, req.idempotencyKey)) };
}

/** `/p/:productId[?c=<code>]`: load the product, restore a shared configuration, configure it. */
export function ConfiguratorPage() {
  const { productId = '' } = useParams();
  const location = useLocation();
  const { t } = useT();
  const [state, retry] = useAsync((signal) => getProduct(productId, signal), productId);
  // The code is read once, when the page opens: later changes of the URL come from the page itself.
  const initialCode = useMemo(() => codeFromSearch(location.search), [productId]); // eslint-disable-line react-hooks/exhaustive-deps

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    if (state.error instanceof ApiError && state.error.status === 404)
      return <NotFound message={t('notFound.product', { id: productId })} />;
    return (
      <div className="page">
        <ErrorMessage what={t('cfg.loadFailed', { id: productId })} error={state.error} onRetry={retry} />
      </div>
    );
  }
  return <LoadedConfigurator key={productId} published={state.value} code={initialCode} />;
}

function LoadedConfigurator({ published, code }: { published: PublishedProduct; code: string | null }) {
  const { product, version } = published;
  const { decoded, machine } = useMemo(() => {
    const decoded: DecodedConfigCode | null = code ? decodeConfigCode(code, product, version) : null;
    const initialChoices = decoded?.ok ? decoded.choices : {};
    return { decoded, machine: createConfiguratorMachine(product, { version, initialChoices, submitOrder }) };
  }, [product, version, code]);

  return (
    <ProductContext.Provider value={product}>
      <ConfiguratorProvider machine={machine}>
        <ConfiguratorView decoded={decoded} assetBase={published.assetBase} />
      </ConfiguratorProvider>
    </ProductContext.Provider>
  );
}
