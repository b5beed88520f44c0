import type { ProductInput, Rule } from '../../../catalog/index.js';
import { rng } from '../../bench/engineStats.js';
import { syntheticProduct } from '../../bench/syntheticProduct.js';

/**
 * A product the engine compiles to the diagram form by default: 60 attributes of 10 options and
 * 150 long-range exclusions between two of them (a random graph: its decomposition's separators
 * have ~1e18 combinations, too many for the tree form's tables). Each rule excludes one pair of
 * values among o0–o2 and the defaults are o9, so no value is dead (no reasons to search for with
 * no choices) and a choice of o0–o2 puts a few options in conflict, with reasons. `extra` rules
 * are added after those.
 */
export function pairsProduct(id = 'pairs', extra: Rule[] = []): ProductInput {
  const n = 60;
  const base = syntheticProduct({ attributes: n, options: 10, rules: 0, seed: 7 });
  const random = rng(7);
  const int = (k: number) => Math.floor(random() * k);
  const rules: Rule[] = [];
  for (let r = 0; r < 150; r++) {
    const i = int(n);
    let j = int(n);
    while (j === i) j = int(n);
    rules.push({
      id: `r${r}`,
      kind: 'excludes',
      message: `Rule ${r} forbids this pair`,
      if: { attr: `a${i}`, is: `o${int(3)}` },
      then: { attr: `a${j}`, is: `o${int(3)}` },
    });
  }
  return { ...base, id, defaults: Object.fromEntries(base.attributes.map((a) => [a.id, 'o9'])), rules: [...rules, ...extra] };
}
