import { formatMoney, type PriceLine } from '../../catalog/index.js';
import { selectPrice, selectVariantCode } from '../../catalog/flow/selectors.js';
import { useT } from '../i18n/useT.js';
import { useConfiguratorSelector } from '../state/configuratorActor.js';
import { useViewStore } from '../state/viewStore.js';
import { useProduct } from './productContext.js';

/** The live price with its breakdown, and the variant code. */
export function PriceSummary() {
  const product = useProduct();
  const price = useConfiguratorSelector(selectPrice);
  const code = useConfiguratorSelector(selectVariantCode);
  const { t, l, locale } = useT();
  const open = useViewStore((s) => s.openPanel === 'breakdown');
  const setOpenPanel = useViewStore((s) => s.setOpenPanel);
  const lineLabel = (line: PriceLine) => {
    if (line.kind === 'option') {
      const a = product.attributes.find((x) => x.id === line.attr);
      return a ? `${l(a.label)}: ${l(line.label)}` : l(line.label);
    }
    if (line.kind === 'text') return l(line.label);
    return l(line.label);
  };
  return (
    <div className="price-summary">
      <div className="price-total">
        <span>{t('cfg.price')}</span>
        <strong data-testid="price-total" aria-live="polite">
          {formatMoney(price.total, price.currency, locale)}
        </strong>
      </div>
      <details
        className="breakdown"
        open={open}
        onToggle={(e) => {
          const isOpen = e.currentTarget.open;
          if (isOpen !== open) setOpenPanel(isOpen ? 'breakdown' : null);
        }}
      >
        <summary>{t('cfg.breakdown')}</summary>
        <dl>
          {price.lines.map((line, i) => (
            <div key={i} style={{ display: 'contents' }}>
              <dt>{lineLabel(line)}</dt>
              <dd>{formatMoney(line.amount, price.currency, locale)}</dd>
            </div>
          ))}
        </dl>
      </details>
      <p className="variant-code" style={{ margin: 0 }}>
        {t('cfg.variant')}: <span data-testid="variant-code">{code}</span>
      </p>
    </div>
  );
}
