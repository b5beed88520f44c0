import type { SizeAttribute } from '../../catalog/index.js';
import { useT } from '../i18n/useT.js';

/** "Size chart": a disclosure under a size attribute with the producer's chart (ships with the product). */
export function SizeChart({ attr }: { attr: SizeAttribute }) {
  const { t, l } = useT();
  const chart = attr.sizeChart;
  if (!chart) return null;
  const rows = attr.options.filter((o) => chart.rows[o.id]);
  return (
    <details className="size-chart" data-testid={`size-chart-${attr.id}`}>
      <summary>{t('cfg.sizeChart')}</summary>
      <div className="size-chart-body">
        <table>
          <caption className="visually-hidden">{t('cfg.sizeChartOf', { attr: l(attr.label) })}</caption>
          <thead>
            <tr>
              {chart.columns.map((c, i) => (
                <th key={i} scope="col">
                  {l(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.id}>
                {chart.rows[o.id]!.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={i}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {chart.note && <p className="field-hint">{l(chart.note)}</p>}
      </div>
    </details>
  );
}
