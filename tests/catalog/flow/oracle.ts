import { conditionHolds, textProblem, type Configuration, type Product, type Rule, type Value } from '../../../catalog/index.js';

/**
 * An independent brute-force oracle for small products: every complete configuration, checked
 * rule by rule straight from the product document (no engine code involved). A text attribute
 * is enumerated as empty or one sample text, since rules only see "no text" or "some text".
 */

/** A text the attribute accepts, for enumeration. */
export function sampleText(product: Product, attr: string): string {
  const a = product.attributes.find((x) => x.id === attr);
  if (a?.kind !== 'text') throw new Error(`${attr} is not a text attribute`);
  const sample = ['abc', 'a', 'A', 'Ann', '0', 'x'].find((t) => textProblem(a, t) === null);
  if (!sample) throw new Error(`no sample text for ${attr}`);
  return sample;
}

/** The values an attribute may take, rules aside. */
export function valuesOf(product: Product, attr: string): Value[] {
  const a = product.attributes.find((x) => x.id === attr)!;
  if (a.kind === 'text') return a.optional ? [null, sampleText(product, attr)] : [sampleText(product, attr)];
  return [...(a.optional ? [null] : []), ...a.options.map((o) => o.id)];
}

function ruleHolds(product: Product, r: Rule, c: Configuration): boolean {
  switch (r.kind) {
    case 'requires':
      return !conditionHolds(product, r.if, c) || conditionHolds(product, r.then, c);
    case 'excludes':
      return !(conditionHolds(product, r.if, c) && conditionHolds(product, r.then, c));
    case 'restrict':
      return (r.if !== undefined && !conditionHolds(product, r.if, c)) || conditionHolds(product, { attr: r.attr, in: r.to }, c);
    case 'table':
      return r.rows.some((row) =>
        row.every((cell, i) => cell === '*' || conditionHolds(product, { attr: r.attrs[i]!, is: cell }, c)),
      );
    case 'price':
      return true;
  }
}

export function satisfiesRules(product: Product, c: Configuration): boolean {
  return product.rules.every((r) => ruleHolds(product, r, c));
}

/** Every valid complete configuration (texts as their sample). */
export function validConfigurations(product: Product): Configuration[] {
  const out: Configuration[] = [];
  const attrs = product.attributes.map((a) => a.id);
  const walk = (i: number, acc: Record<string, Value>) => {
    if (i === attrs.length) {
      if (satisfiesRules(product, acc)) out.push({ ...acc });
      return;
    }
    for (const v of valuesOf(product, attrs[i]!)) {
      acc[attrs[i]!] = v;
      walk(i + 1, acc);
    }
  };
  walk(0, {});
  return out;
}

/** Whether a configuration has the value (texts compared as empty / not empty). */
export function hasValue(c: Configuration, attr: string, v: Value, isText: boolean): boolean {
  const x = c[attr] ?? null;
  if (!isText) return x === v;
  return (x === null || x === '') === (v === null || v === '');
}
