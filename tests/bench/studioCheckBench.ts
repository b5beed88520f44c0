/**
 * What the studio's live checks cost the browser's main thread per edit, before and after the lint
 * moved to a Web Worker (#14): before, parse + lint + count ran on the main thread on every edit;
 * now only the parse does (the preview needs the product at once). Medians of repeated runs, in ms.
 *
 *   npx tsx tests/bench/studioCheckBench.ts [runs]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { lintProduct, parseDraft } from '../../client/studio/localCheck.js';

const runs = Number(process.argv[2] ?? 30);
const dir = path.resolve('catalog/data/products');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
  const doc = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown;
  const parse: number[] = [];
  const both: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const p = parseDraft(structuredClone(doc));
    const t1 = performance.now();
    lintProduct(p.product!);
    const t2 = performance.now();
    parse.push(t1 - t0);
    both.push(t2 - t0);
  }
  console.log(
    `studio-check ${f.replace('.json', '')}: main_thread_before_ms=${median(both).toFixed(2)} main_thread_now_ms=${median(parse).toFixed(2)} runs=${runs}`,
  );
}
