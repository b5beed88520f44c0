import Papa from 'papaparse';
import type { CatalogIssue } from '../schema/validateProduct.js';
import type { Product } from '../schema/product.js';
import type { TableRule } from '../schema/rule.js';

export type TableImportResult = { ok: true; rule: TableRule } | { ok: false; issues: CatalogIssue[] };

/**
 * An allowed-combinations table from CSV: the header names attribute ids, every other line
 * one allowed combination of option ids; an empty cell means none (the attribute left empty),
 * "*" any value. Separators ",", ";" or tab (as spreadsheets export them), quoted cells as in
 * RFC 4180. Unknown attributes or options are reported by line.
 */
export function tableFromCsv(
  csv: string,
  product: Product,
  rule: { id: string; message: string } = { id: 'allowed-combinations', message: 'This combination is not offered' },
): TableImportResult {
  // A real CSV reader (RFC 4180: quoted cells may hold the separator, quotes and line breaks).
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), {
    delimiter: '',
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy',
  });
  const issues: CatalogIssue[] = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => ({ path: e.row === undefined ? [] : [e.row + 1], message: `the CSV cannot be read: ${e.message}` }));
  const lines = parsed.data.map((cells) => cells.map((c) => c.trim()));
  if (!lines.length) return { ok: false, issues: [{ path: [], message: 'the CSV is empty' }] };
  if (issues.length) return { ok: false, issues };
  const attrs = lines[0]!;
  const known = attrs.map((id, k) => {
    const a = product.attributes.find((x) => x.id === id);
    if (!a) issues.push({ path: [1, k], message: `unknown attribute "${id}"` });
    else if (a.kind === 'text') issues.push({ path: [1, k], message: `"${id}" is a text attribute` });
    return a && a.kind !== 'text' ? a : undefined;
  });
  if (new Set(attrs).size !== attrs.length) issues.push({ path: [1], message: 'an attribute is named twice' });
  const rows: (string | null)[][] = [];
  lines.slice(1).forEach((cells, i) => {
    if (cells.length !== attrs.length) {
      issues.push({ path: [i + 2], message: `${cells.length} cells, the header has ${attrs.length}` });
      return;
    }
    rows.push(
      cells.map((c, k) => {
        const a = known[k];
        if (c === '*') return '*';
        if (c === '') {
          if (a && !a.optional) issues.push({ path: [i + 2, k], message: `"${a.id}" is not optional, so it cannot be empty` });
          return null;
        }
        if (a && !a.options.some((o) => o.id === c)) issues.push({ path: [i + 2, k], message: `"${a.id}" has no option "${c}"` });
        return c;
      }),
    );
  });
  if (!rows.length) issues.push({ path: [], message: 'the CSV has no rows' });
  if (issues.length) return { ok: false, issues };
  return { ok: true, rule: { id: rule.id, kind: 'table', message: rule.message, attrs, rows } };
}
