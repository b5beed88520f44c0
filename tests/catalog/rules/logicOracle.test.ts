import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, evaluate, parseProduct, type Product } from '../../../catalog/index.js';
import { importXcsp } from '../../../catalog/import/index.js';
import { LogicPeer } from '../../bench/engineLogicPeer.js';
import { randomProduct } from './randomProduct.js';

const RENAULT = '/work/shared/benchmarks/renault-medium';

/** The engine's valid values at the root (not impossible) against logic-solver's. */
function compareRoot(p: Product): number {
  const e = evaluate(p, {});
  const peer = new LogicPeer(p).validValues({});
  if (!e.ok) {
    expect(peer).toBeNull();
    return 0;
  }
  let valid = 0;
  for (const a of p.attributes) {
    const engine = Object.entries(e.attributes[a.id]!.options)
      .filter(([, s]) => s.state !== 'impossible')
      .map(([k]) => k)
      .sort();
    expect(engine).toEqual([...peer!.get(a.id)!].sort());
    valid += engine.length;
  }
  return valid;
}

describe('engine against the logic-solver SAT oracle', () => {
  it('agrees on valid values of random products', () => {
    fc.assert(
      fc.property(randomProduct, (p) => void compareRoot(p)),
      { numRuns: 60 },
    );
  });

  it.skipIf(!existsSync(RENAULT))(
    `agrees on the Renault medium model (skipped when ${RENAULT} is absent)`,
    () => {
      const parsed = parseProduct(importXcsp(readFileSync(`${RENAULT}/medium_domainsorted.xml`, 'utf8')));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(count(parsed.product)).toBe(278744n);
      expect(compareRoot(parsed.product)).toBe(421);
      const total = parsed.product.attributes.reduce(
        (s, a) => s + (a.kind === 'text' ? 1 : a.options.length) + (a.optional ? 1 : 0),
        0,
      );
      expect(total).toBe(426);
    },
    60_000,
  );
});
