import { useEffect } from 'react';
import { listProducts } from '../api/products.js';
import { useT } from '../i18n/useT.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { useAsync } from '../ui/useAsync.js';
import { ProductCard } from './ProductCard.js';

/** `/`: the published products, each with a rendered thumbnail and its from-price. */
export function Storefront() {
  const { t } = useT();
  const [state, retry] = useAsync((signal) => listProducts(signal), 'products');
  useEffect(() => {
    document.title = `${t('app.name')} · ${t('store.title')}`;
  }, [t]);
  return (
    <div className="page">
      <section className="hero">
        <h1>{t('store.title')}</h1>
        <p>{t('store.intro')}</p>
      </section>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage what={t('store.loadFailed')} error={state.error} onRetry={retry} />}
      {state.status === 'done' &&
        (state.value.length === 0 ? (
          <p>{t('store.empty')}</p>
        ) : (
          <ul className="product-grid">
            {state.value.map((p) => (
              <ProductCard key={p.id} product={p} />
            ))}
          </ul>
        ))}
    </div>
  );
}
