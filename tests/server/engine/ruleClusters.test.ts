import { describe, expect, it } from 'vitest';
import { parseProduct, type ProductInput } from '../../../catalog/index.js';
import { engineComplexity, ruleAttrs } from '../../../server/engine/ruleClusters.js';
import { miniProduct } from '../../fixtures/miniProduct.js';

const product = (input: ProductInput) => {
  const r = parseProduct(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.product;
};

describe('the rule graph decomposition (the engine’s own, as compiled)', () => {
  it('finds the mini mug’s two linked pairs and leaves price rules out', () => {
    const mug = product(miniProduct());
    expect(mug.rules.map((r) => [...ruleAttrs(r)])).toEqual([['colour', 'finish'], ['size', 'handle'], []]);
    // Clusters {name-text}, {colour, finish}, {handle, size}: width 1.
    expect(engineComplexity(mug)).toMatchObject({ width: 1, clusters: 3, largestCluster: ['colour', 'finish'] });
  });

  it('puts the attributes of one table in one cluster', () => {
    const input = miniProduct();
    input.rules = [
      ...(input.rules ?? []),
      {
        id: 'four-way',
        kind: 'table',
        message: 'these go together',
        attrs: ['colour', 'finish', 'handle', 'size'],
        rows: [['*', '*', '*', '*']],
      },
    ];
    expect(engineComplexity(product(input))).toMatchObject({
      width: 3,
      clusters: 2,
      largestCluster: ['colour', 'finish', 'handle', 'size'],
    });
  });

  it('joins a cycle of pair rules into clusters of three (the fill a tree of pairs cannot avoid)', () => {
    const input = miniProduct();
    const pair = (id: string, a: string, b: string, va: string, vb: string) => ({
      id,
      kind: 'requires' as const,
      message: id,
      if: { attr: a, is: va },
      then: { attr: b, is: vb },
    });
    input.rules = [
      pair('cf', 'colour', 'finish', 'gold', 'gloss'),
      pair('fh', 'finish', 'handle', 'matte', 'round'),
      pair('hs', 'handle', 'size', 'square', 'large'),
      pair('sc', 'size', 'colour', 'small', 'white'),
    ];
    const c = engineComplexity(product(input));
    expect(c.width).toBe(2);
    expect(c.largestCluster).toHaveLength(3);
  });
});
