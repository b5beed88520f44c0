import { useState } from 'react';
import type { Product, TableRule } from '../../catalog/index.js';
import { tableFromCsv } from '../../catalog/import/tableFromCsv.js';
import { useViewStore } from '../state/viewStore.js';
import { textLabel, type DraftDoc, type Update } from './docTypes.js';
import { useStudioT } from './studioMessages.js';

/** A table rule as CSV: header of attribute ids, one allowed combination per line. */
export const tableToCsv = (r: TableRule) =>
  [r.attrs.join(','), ...r.rows.map((row) => row.map((c) => c ?? '').join(','))].join('\n');

/** Allowed-combination tables: shown as grids, imported from and exported to CSV. */
export function TablesForm({ doc, update, product }: { doc: DraftDoc; update: Update; product: Product | null }) {
  const t = useStudioT();
  const [csv, setCsv] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const locale = useViewStore((s) => s.locale);
  // Labels, not ids: the CSV keeps ids (what an import reads), the grid shows the producer's names.
  const attrOf = (id: string) => doc.attributes?.find((a) => a.id === id);
  const attrLabel = (id: string) => textLabel(attrOf(id)?.label, locale) || id;
  const cellLabel = (attr: string, c: string | null) => {
    if (c === null) return t('studio.table.none');
    if (c === '*') return t('studio.table.any');
    const a = attrOf(attr);
    const o = a && a.kind !== 'text' ? a.options?.find((x) => x.id === c) : undefined;
    return textLabel(o?.label, locale) || c;
  };
  const tables = (doc.rules ?? []).map((r, i) => [r, i] as const).filter(([r]) => r.kind === 'table') as [TableRule, number][];

  const importCsv = (replaceIndex: number | null) => {
    if (!product) return setProblems([t('studio.table.fixFirst')]);
    const id =
      replaceIndex === null ? `table-${(doc.rules ?? []).length + 1}` : tables.find(([, i]) => i === replaceIndex)![0].id;
    const r = tableFromCsv(csv, product, { id, message: 'This combination is not offered' });
    if (!r.ok)
      return setProblems(
        r.issues.map((x) =>
          x.path.length ? t('studio.table.line', { line: String(x.path[0]), message: x.message }) : x.message,
        ),
      );
    setProblems([]);
    update((d) => {
      d.rules ??= [];
      if (replaceIndex === null) d.rules.push(r.rule);
      else d.rules[replaceIndex] = { ...r.rule, message: (d.rules[replaceIndex] as TableRule).message };
    });
  };
  const download = (r: TableRule) => {
    const url = URL.createObjectURL(new Blob([tableToCsv(r)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${r.id}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  };

  return (
    <div>
      {tables.map(([r, i]) => (
        <section key={i} className="card">
          <h3>
            <code>{r.id}</code> — {t('studio.table.rows', { count: r.rows.length })}
          </h3>
          <table className="studio-table">
            <thead>
              <tr>
                {r.attrs.map((a) => (
                  <th key={a} title={a}>
                    {attrLabel(a)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.rows.slice(0, 50).map((row, k) => (
                <tr key={k}>
                  {row.map((c, m) => (
                    <td key={m} title={c ?? undefined}>
                      {cellLabel(r.attrs[m]!, c)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="btn-row">
            <button type="button" className="btn btn-small" onClick={() => download(r)}>
              {t('studio.csvExport')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setCsv(tableToCsv(r))}>
              {t('studio.table.editCsv')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => importCsv(i)} disabled={!csv}>
              {t('studio.table.replace')}
            </button>
          </div>
        </section>
      ))}
      <label className="studio-csv">
        {t('studio.table.csv')}
        <textarea rows={8} value={csv} onChange={(e) => setCsv(e.target.value)} />
      </label>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label={t('studio.table.csvFile')}
        onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)}
      />
      <button type="button" className="btn" disabled={!csv} onClick={() => importCsv(null)}>
        {t('studio.csvImport')}
      </button>
      {problems.length > 0 && (
        <ul className="field-error" role="alert">
          {problems.map((p, k) => (
            <li key={k}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
