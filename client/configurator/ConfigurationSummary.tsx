import { useT } from '../i18n/useT.js';
import { describeValue, type Configuration, type Product } from '../../catalog/index.js';

/** Every attribute with the value it has, in catalog order. */
export function ConfigurationSummary({ product, configuration }: { product: Product; configuration: Configuration }) {
  const { l, locale } = useT();
  return (
    <dl className="summary-list" data-testid="configuration-summary">
      {product.attributes.map((a) => (
        <div key={a.id} style={{ display: 'contents' }}>
          <dt>{l(a.label)}</dt>
          <dd data-attr={a.id}>{describeValue(a, configuration[a.id], locale)}</dd>
        </div>
      ))}
    </dl>
  );
}
