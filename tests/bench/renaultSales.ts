// The Renault instances' files (<folder>/<instance>_domainsorted.xml and config_<instance>_filtered.txt),
// read as the recommendation benchmarks use them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NONE_KEY, parseProduct } from '../../catalog/index.js';
import { importXcsp, kebab, optionId } from '../../catalog/import/index.js';
import { compileProduct } from '../../catalog/rules/compileProduct.js';

export function loadRenault(folder: string, instance: string) {
  const parsed = parseProduct(importXcsp(readFileSync(join(folder, `${instance}_domainsorted.xml`), 'utf8')));
  if (!parsed.ok) throw new Error(`import failed: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
  const product = parsed.product;
  const ct = compileProduct(product);
  const { space } = ct;
  const lines = readFileSync(join(folder, `config_${instance}_filtered.txt`), 'utf8')
    .trim()
    .split(/\r?\n/);
  const header = lines[0]!.trim().split(/\s+/).map(kebab);
  /** The variable of each sales column. */
  const vars = header.map((id) => {
    const x = space.index.get(id);
    if (x === undefined) throw new Error(`sales column ${id} is not a variable of the instance`);
    return x;
  });
  /** Sales as value indices per sales column. */
  const sales = lines.slice(1).map((line) =>
    line
      .trim()
      .split(/\s+/)
      .map((s, k) => {
        const x = vars[k]!;
        const v = Number(s);
        const keyStr = v === -1 && space.none[x]! >= 0 ? NONE_KEY : optionId(v);
        const d = space.keyIndex[x]!.get(keyStr);
        if (d === undefined) throw new Error(`value ${v} of ${header[k]} is not in its domain`);
        return d;
      }),
  );
  /** A sale as a configuration (attribute id → option id or null). */
  const configOf = (sale: number[]) =>
    Object.fromEntries(
      sale.map((d, k) => [header[k]!, space.keys[vars[k]!]![d] === NONE_KEY ? null : space.keys[vars[k]!]![d]!]),
    );
  return { product, ct, header, vars, sales, configOf };
}
