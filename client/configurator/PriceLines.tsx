import { formatMoney, type LocalizedText, type Product } from '../../catalog/index.js';
import { useT } from '../i18n/useT.js';

/** A price line as the API returns it: kind, amount, label and, for options, the attribute. */
export interface PriceLineView {
  kind?: string;
  attr?: string;
  label?: unknown;
  amount: number;
}

/** The lines of a price breakdown as a list ("Fabric: Aniline leather  €450.00"), base first. */
export function PriceLines({ product, lines, currency }: { product: Product | null; lines: PriceLineView[]; currency: string }) {
  const { l, intl } = useT();
  const label = (line: PriceLineView) => {
    const own = l(line.label as LocalizedText | undefined);
    const a = line.kind === 'option' ? product?.attributes.find((x) => x.id === line.attr) : undefined;
    return a ? `${l(a.label)}: ${own}` : own;
  };
  return (
    <dl className="summary-list" data-testid="price-lines">
      {lines.map((line, i) => (
        <div key={i} style={{ display: 'contents' }}>
          <dt>{label(line)}</dt>
          <dd>{formatMoney(line.amount, currency, intl)}</dd>
        </div>
      ))}
    </dl>
  );
}
