import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, evaluate, parseProduct, type Choices, type Product } from '../../../catalog/index.js';
import { importXcsp } from '../../../catalog/import/index.js';
import { compileProduct } from '../../../catalog/rules/compileProduct.js';
import { LogicPeer } from '../../bench/engineLogicPeer.js';
import { syntheticProduct, type SyntheticOptions } from '../../bench/syntheticProduct.js';
import { randomProduct } from './randomProduct.js';

/**
 * The medium instance at `../shared/benchmarks/renault-medium` relative to the repository;
 * from a git worktree nested deeper (…/wt/<name>), the same relative path from its parents.
 */
function findRenault(): string | null {
  let dir = fileURLToPath(new URL('../../../', import.meta.url));
  for (;;) {
    const candidate = join(dir, '..', 'shared', 'benchmarks', 'renault-medium');
    if (existsSync(join(candidate, 'medium_domainsorted.xml'))) return candidate;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}
const RENAULT = findRenault();

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

describe.each(['mdd', 'tree'] as const)('engine (%s form) against the logic-solver SAT oracle', (form) => {
  it('agrees on valid values of random products', () => {
    fc.assert(
      fc.property(randomProduct, (p) => {
        compileProduct(p, { form });
        compareRoot(p);
      }),
      { numRuns: 60 },
    );
  });

  it('agrees on valid values after choices in products with long-range rules', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), (seed, picks) => {
        const p = synthetic({ attributes: 24, options: [2, 4], rules: 36, seed, groupSize: 4, longRange: 0.4, maxArity: 4 });
        expect(compileProduct(p, { form }).form).toBe(form);
        const choices: Record<string, string> = {};
        for (const [i, j] of picks.entries()) {
          const a = p.attributes[(j + i * 7) % p.attributes.length]!;
          if (a.kind === 'choice') choices[a.id] = a.options[j % a.options.length]!.id;
        }
        compareChosen(p, choices);
      }),
      { numRuns: 25 },
    );
  });

  it.skipIf(!RENAULT)(
    `agrees on the Renault medium model (skipped when ../shared/benchmarks/renault-medium is absent)`,
    () => {
      const parsed = parseProduct(importXcsp(readFileSync(`${RENAULT}/medium_domainsorted.xml`, 'utf8')));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(compileProduct(parsed.product, { form }).form).toBe(form);
      expect(count(parsed.product)).toBe(278744n);
      expect(compareRoot(parsed.product)).toBe(421);
      const total = parsed.product.attributes.reduce(
        (s, a) => s + (a.kind === 'text' ? 1 : a.options.length) + (a.optional ? 1 : 0),
        0,
      );
      expect(total).toBe(426);
    },
    120_000,
  );
});

function synthetic(o: SyntheticOptions): Product {
  const r = parseProduct(syntheticProduct(o));
  if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 2)));
  return r.product;
}

/** After choices: the values the engine does not report impossible-or-conflicting (available, or the chosen one) against logic-solver's. */
function compareChosen(p: Product, choices: Choices): void {
  const e = evaluate(p, choices);
  const peer = new LogicPeer(p).validValues(choices);
  if (!e.ok) {
    expect(peer).toBeNull();
    return;
  }
  for (const a of p.attributes) {
    const chosen = Object.prototype.hasOwnProperty.call(choices, a.id);
    const engine = Object.entries(e.attributes[a.id]!.options)
      .filter(([k, s]) => (chosen ? k === (e.configuration[a.id] ?? '__none__') : s.state === 'available'))
      .map(([k]) => k)
      .sort();
    expect(engine).toEqual([...peer!.get(a.id)!].sort());
  }
}
