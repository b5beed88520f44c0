import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileProduct,
  count,
  evaluate,
  parseProduct,
  type Choices,
  type Evaluation,
  type Product,
} from '../../../catalog/index.js';
import { parseChoices } from '../../../catalog/rules/parseChoices.js';
import { treeClick } from '../../../catalog/rules/treeCost.js';
import { syntheticProduct, type SyntheticOptions } from '../../bench/syntheticProduct.js';

/**
 * The choices after clicking the i-th attribute's j-th option that is not impossible (applying
 * the changes a conflict proposes, as the configurator does).
 */
function nextClick(
  p: Product,
  e: Extract<Evaluation, { ok: true }>,
  before: Record<string, string | null>,
  i: number,
  j: number,
) {
  const choices = { ...before };
  const id = p.attributes[i % p.attributes.length]!.id;
  const open = Object.entries(e.attributes[id]!.options).filter(([, s]) => s.state !== 'impossible');
  const [k, s] = open[j % open.length]!;
  if (s.state === 'conflict') for (const c of s.changes) choices[c.attr] = c.to as string | null;
  choices[id] = k === '__none__' ? null : k;
  return choices;
}

function synthetic(o: SyntheticOptions): Product {
  const r = parseProduct(syntheticProduct(o));
  if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 2)));
  return r.product;
}

/** A session's product: attributes in groups of 3, 2–4 options each, half the rules long-range. */
const sessionProduct = (seed: number, attributes: number) =>
  synthetic({ attributes, options: [2, 4], rules: Math.round(1.5 * attributes), seed, groupSize: 3, longRange: 0.5 });

/**
 * A click of the tree form reuses figures from earlier clicks: per cluster its weights (kept,
 * or updated by what changed since it last computed them), and downward a cluster's whole
 * subtree, copied from the last click or from the baseline (the click without choices) when
 * its downward message moved by a constant. These products (24–36 attributes in groups of 3,
 * half the rules long-range) give trees deep enough for all of that, and long click
 * sequences with conflicts applied; the MDD form (nothing reused between clicks) is the
 * oracle.
 */
const sessions = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  attributes: fc.integer({ min: 24, max: 36 }),
  picks: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 20, maxLength: 30 }),
});

/** Per option: state and number of changes (the fewest, so both forms agree on it). */
const summary = (e: Evaluation & { ok: true }) =>
  Object.values(e.attributes).map((a) =>
    Object.entries(a.options).map(([k, s]) => `${a.id}=${k}:${s.state}:${s.state === 'conflict' ? s.changes.length : 0}`),
  );

describe('tree form conflict walks after clicks that copy clusters from the baseline', () => {
  it('proposes changes that hold together and are as few as the MDD form finds, click after click', () => {
    let conflicts = 0;
    fc.assert(
      fc.property(sessions, ({ seed, attributes, picks }) => {
        const tree = sessionProduct(seed, attributes);
        const mdd = sessionProduct(seed, attributes);
        expect(compileProduct(tree, { form: 'tree' }).form).toBe('tree');
        compileProduct(mdd, { form: 'mdd' });
        let choices: Record<string, string | null> = {};
        for (const [i, j] of picks) {
          const a = evaluate(tree, choices);
          const b = evaluate(mdd, choices);
          expect(a.ok).toBe(b.ok);
          if (!a.ok || !b.ok) return;
          expect(summary(a)).toEqual(summary(b));
          let checked = 0;
          for (const attr of Object.values(a.attributes))
            for (const [k, s] of Object.entries(attr.options)) {
              if (s.state !== 'conflict') continue;
              conflicts++;
              // The changes and the value together are satisfiable (a few per click: each is a count).
              if (checked++ >= 4) continue;
              const after: Record<string, string | null> = { ...choices };
              for (const c of s.changes) after[c.attr] = c.to as string | null;
              after[attr.id] = k === '__none__' ? null : k;
              expect(count(tree, after as Choices)).toBeGreaterThan(0n);
            }
          // The next click: an attribute, and one of its options that is not impossible.
          choices = nextClick(tree, a, choices, i, j);
        }
      }),
      { numRuns: 100 },
    );
    expect(conflicts).toBeGreaterThan(100);
  });

  /**
   * Why no walk reads the parent side of a cluster copied from the baseline: such a cluster's
   * subtree T holds no choice, and its downward message is the defaults-only one + c for every
   * separator class. Per class that message is changes·big + dist, with dist between the
   * defaults-only message and that + n (big = n + 1), so a class whose best outside completion
   * changes a choice differs from the defaults-only message by big or more and one that
   * changes none by less: either every class changes a choice (then no configuration keeps
   * the choices) or none does, and then no value in T is a conflict. No conflict walk starts in
   * T, and a walk climbs through a copied parent only from inside its subtree. Checked here on
   * the clicks themselves (planting a stale parent side fails nothing: it is never read).
   */
  it('holds no conflict in a cluster copied from the baseline', () => {
    let copied = 0;
    fc.assert(
      fc.property(sessions, ({ seed, attributes, picks }) => {
        const p = sessionProduct(seed, attributes);
        const ct = compileProduct(p, { form: 'tree' });
        const tree = ct.tree!;
        let choices: Record<string, string | null> = {};
        for (const [i, j] of picks) {
          const e = evaluate(p, choices);
          if (!e.ok) return;
          const parsed = parseChoices(ct, choices as Choices);
          if (!parsed.ok) throw new Error('choices refused');
          const click = treeClick(tree, ct.sizes, parsed.chosen, ct.space.defaults);
          for (let x = 0; x < ct.sizes.length; x++) {
            if (!click.clean[tree.home[x]!]) continue;
            copied++;
            for (let d = 0; d < ct.sizes[x]!; d++) {
              const cost = click.best[click.offset[x]! + d]!;
              expect(cost === Infinity || cost < click.big).toBe(true);
            }
          }
          choices = nextClick(p, e, choices, i, j);
        }
      }),
      { numRuns: 30 },
    );
    // Attributes in copied clusters, over all clicks.
    expect(copied).toBeGreaterThan(1000);
  });
});
