import type { Product } from '../schema/product.js';
import type { Condition } from '../schema/rule.js';
import { compileProduct, type CompiledProduct } from './compileProduct.js';
import { minimalReasons } from './explain.js';
import { neverRestricts } from './redundancy.js';
import { ruleTables, tableHolds } from './ruleTables.js';
import { satisfiable } from './satisfiable.js';
import { NONE_KEY, type LintFinding } from './types.js';

/**
 * Findings about a product's rules that the schema cannot see: an unsatisfiable product,
 * dead options, attributes forced to one value, defaults that break rules, rules that never
 * fire or never restrict anything, and duplicate rules. Each names a JSON path.
 */
export function lint(
  product: Product,
  options: { budgetMs?: number; onUnchecked?: (rules: number) => void } = {},
): LintFinding[] {
  // The never-restricts check searches once per rule: stop it at the budget (rules left
  // unchecked, or whose search ran out of steps, are reported to onUnchecked, not as findings).
  const deadline = performance.now() + (options.budgetMs ?? 3000);
  const ct = compileProduct(product);
  const { space, tables } = ct;
  const out: LintFinding[] = [];
  if (ct.empty) {
    const fixed = new Int32Array(space.attrs.length).fill(-1);
    const core = minimalReasons(ct, fixed, [...space.attrs.keys()]);
    out.push({
      severity: 'error',
      code: 'unsatisfiable',
      message: `no configuration satisfies all rules; these conflict: ${core.map((r) => r.id).join(', ')}`,
      path: ['rules'],
    });
    return out;
  }
  space.attrs.forEach((a, x) => {
    const alive = ct.possible[x]!;
    const live = space.keys[x]!.filter((_, d) => alive[d]);
    if (live.length === 1 && space.keys[x]!.length > 1)
      out.push({
        severity: 'warning',
        code: 'forced-attribute',
        message: `"${a.id}" can only be ${live[0] === NONE_KEY ? 'none' : `"${live[0]}"`}`,
        path: ['attributes', x],
      });
    space.keys[x]!.forEach((k, d) => {
      if (alive[d]) return;
      const path: (string | number)[] =
        a.kind === 'text' || k === NONE_KEY ? ['attributes', x, 'optional'] : ['attributes', x, 'options', d];
      out.push({
        severity: 'warning',
        code: 'dead-option',
        message: `${k === NONE_KEY ? 'none' : `"${k}"`} of "${a.id}" is in no valid configuration`,
        path,
      });
    });
  });
  const defaults = space.defaults;
  for (const t of tables) {
    if (defaults.every((d) => d >= 0) && !tableHolds(t, defaults)) {
      const r = product.rules[t.rule]!;
      out.push({
        severity: 'warning',
        code: 'defaults-break-rules',
        message: `the defaults break rule "${r.id}"`,
        path: ['defaults'],
      });
    }
  }
  // A rule restricts nothing when the other rules already exclude everything it forbids:
  // decided per rule by a bounded search (see neverRestricts), not by recompiling the product.
  const sizes = ct.sizes;
  let unknown = 0;
  for (const t of tables) {
    const r = product.rules[t.rule]!;
    if (performance.now() > deadline) {
      unknown++;
      continue;
    }
    const idle = neverRestricts(sizes, tables, t);
    if (idle === null) unknown++;
    if (!idle) continue;
    const cond = r.kind === 'requires' || r.kind === 'excludes' || r.kind === 'restrict' ? r.if : undefined;
    const firesNever = cond !== undefined && !conditionCanHold(ct, cond);
    out.push({
      severity: 'warning',
      code: firesNever ? 'rule-never-fires' : 'rule-never-restricts',
      message: firesNever ? `rule "${r.id}" never applies in a valid configuration` : `rule "${r.id}" removes no configuration`,
      path: ['rules', t.rule],
    });
  }
  options.onUnchecked?.(unknown);
  const seen = new Map<string, number>();
  product.rules.forEach((r, i) => {
    const { id: _id, message: _m, ...body } = r as Record<string, unknown>;
    const key = JSON.stringify(body);
    const first = seen.get(key);
    if (first !== undefined)
      out.push({
        severity: 'warning',
        code: 'duplicate-rule',
        message: `rule "${r.id}" repeats rule "${product.rules[first]!.id}"`,
        path: ['rules', i],
      });
    else seen.set(key, i);
  });
  return out;
}

/**
 * Whether a rule's `if` holds in some valid configuration: the condition as a table (a
 * restrict rule to no value unless the condition holds) joined to the product's rules.
 */
function conditionCanHold(ct: CompiledProduct, cond: Condition): boolean {
  const probe: Product = {
    ...ct.product,
    rules: [{ id: 'probe', kind: 'restrict', message: 'probe', attr: ct.product.attributes[0]!.id, to: [], if: { not: cond } }],
  };
  const probeTable = ruleTables(probe, ct.space)[0]!;
  return satisfiable(ct.sizes, [...ct.tables, probeTable], new Int32Array(ct.sizes.length).fill(-1));
}
