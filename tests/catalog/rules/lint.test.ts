import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint, parseProduct, type Product, type ProductInput } from '../../../catalog/index.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { allValid } from './bruteForce.js';
import { randomProduct } from './randomProduct.js';

function product(change: (p: ProductInput) => void): Product {
  const input = miniProduct();
  change(input);
  const r = parseProduct(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.product;
}

describe('lint', () => {
  it('finds nothing wrong with the mini product', () => {
    expect(lint(product(() => {}))).toEqual([]);
  });

  it('reports dead options, forced attributes, broken defaults, idle and duplicate rules with paths', () => {
    const p = product((input) => {
      input.rules!.push(
        { id: 'never-matte', kind: 'restrict', message: 'No matte', attr: 'finish', to: ['gloss'] },
        { id: 'never-matte-again', kind: 'restrict', message: 'No matte', attr: 'finish', to: ['gloss'] },
        { id: 'idle', kind: 'requires', message: 'x', if: { attr: 'finish', is: 'matte' }, then: { attr: 'size', is: 'large' } },
      );
      input.defaults!.finish = 'matte';
    });
    const findings = lint(p);
    const codes = findings.map((f) => `${f.code} ${JSON.stringify(f.path)}`);
    expect(codes).toContain('dead-option ["attributes",1,"options",1]');
    expect(codes).toContain('forced-attribute ["attributes",1]');
    expect(codes).toContain('defaults-break-rules ["defaults"]');
    expect(codes).toContain('duplicate-rule ["rules",4]');
    expect(codes).toContain('rule-never-fires ["rules",5]');
  });

  it('reports an unsatisfiable product', () => {
    const p = product((input) => {
      input.rules!.push(
        { id: 'only-small', kind: 'restrict', message: 'small', attr: 'size', to: ['small'] },
        { id: 'only-large', kind: 'restrict', message: 'large', attr: 'size', to: ['large'] },
      );
    });
    const [finding] = lint(p);
    expect(finding?.code).toBe('unsatisfiable');
    expect(finding?.message).toContain('only-small');
    expect(finding?.message).toContain('only-large');
  });

  it('flags exactly the rules whose removal keeps every valid configuration (brute force)', () => {
    fc.assert(
      fc.property(randomProduct, (p) => {
        const all = allValid(p).length;
        if (all === 0) return;
        const idle = new Set(
          lint(p)
            .filter((f) => f.code === 'rule-never-restricts' || f.code === 'rule-never-fires')
            .map((f) => f.path[1]),
        );
        p.rules.forEach((r, i) => {
          if (r.kind === 'price') return;
          const others = new Set(p.rules.filter((o) => o !== r).map((o) => o.id));
          expect(idle.has(i)).toBe(allValid(p, others).length === all);
        });
      }),
      { numRuns: 150 },
    );
  });
});
