import { Link } from 'react-router';
import { formatMoney } from '../../catalog/index.js';
import { getProduct, type ProductSummary } from '../api/products.js';
import { useT } from '../i18n/useT.js';
import { useAsync } from '../ui/useAsync.js';
import { fromPrice } from './fromPrice.js';
import { ProductThumbnail } from './ProductThumbnail.js';

/** One product: thumbnail, name, description and from-price; the whole card links to its configurator. */
export function ProductCard({ product: p }: { product: ProductSummary }) {
  const { t, l, locale } = useT();
  const [full] = useAsync((signal) => getProduct(p.id, signal), p.id);
  const price = p.fromPrice ?? (full.status === 'done' ? fromPrice(full.value.product) : null);
  return (
    <li className="product-card" data-product={p.id}>
      <div className="thumb">
        {p.thumbnailUrl ? (
          <img src={p.thumbnailUrl} alt="" width={480} height={360} loading="lazy" decoding="async" data-thumb={p.id} />
        ) : (
          // Not rendered by the studio yet: drawn here, in the shopper's browser.
          full.status === 'done' && <ProductThumbnail published={full.value} />
        )}
      </div>
      <div className="body">
        <h2>
          <Link to={`/p/${encodeURIComponent(p.id)}`}>{l(p.name)}</Link>
        </h2>
        <p className="desc">{l(p.description)}</p>
        <p className="from" data-testid="from-price">
          {price === null ? '\u00a0' : t('store.from', { price: formatMoney(price, p.currency, locale) })}
        </p>
      </div>
    </li>
  );
}
