import type { Condition, Product } from '../../catalog/index.js';

/**
 * How hard a product's rules are to compile: the engine's own measure (`engineComplexity` of
 * catalog/rules, the decomposition its tree form compiles), named here for the compile worker.
 */
export { engineComplexity, type EngineComplexity } from '../../catalog/index.js';

function conditionAttrs(c: Condition, out: Set<string>): void {
  if ('all' in c) c.all.forEach((x) => conditionAttrs(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionAttrs(x, out));
  else if ('not' in c) conditionAttrs(c.not, out);
  else out.add(c.attr);
}

/** The attributes a constraint rule links (price rules link none: they never restrict). */
export function ruleAttrs(rule: Product['rules'][number]): Set<string> {
  const out = new Set<string>();
  switch (rule.kind) {
    case 'price':
      return out;
    case 'table':
      rule.attrs.forEach((a) => out.add(a));
      return out;
    case 'restrict':
      out.add(rule.attr);
      if (rule.if) conditionAttrs(rule.if, out);
      return out;
    default:
      conditionAttrs(rule.if, out);
      conditionAttrs(rule.then, out);
      return out;
  }
}
