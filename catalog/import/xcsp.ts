import type { ProductInput } from '../schema/product.js';
import type { TableRule } from '../schema/rule.js';

/**
 * Import an XCSP 2.1 instance whose constraints are all tables (extension constraints) into a
 * product: each variable becomes a choice attribute, each value an option ("val-3",
 * "val-m2" for -2), the "-1 = not present" value of a variable whose domain is marked
 * optional="-1" (or holds -1) becomes none on an optional attribute, and each table constraint
 * a table rule. Pure: takes the XML text. Throws on XML it does not understand.
 */
export function importXcsp(xml: string, options: { id?: string } = {}): ProductInput {
  const domains = new Map<string, { values: number[]; optional: boolean }>();
  for (const m of xml.matchAll(/<domain\s+([^>]*)>([\s\S]*?)<\/domain>/g)) {
    const at = attributes(m[1]!);
    const values = parseValues(m[2]!);
    const optional = (at.optional === '-1' || values.includes(-1)) && values.some((v) => v !== -1);
    domains.set(at.name!, { values, optional });
  }
  const variables: { name: string; id: string; values: number[]; optional: boolean }[] = [];
  const byName = new Map<string, (typeof variables)[number]>();
  for (const m of xml.matchAll(/<variable\s+([^>]*?)\/?>/g)) {
    const at = attributes(m[1]!);
    const dom = domains.get(at.domain!);
    if (!dom) throw new Error(`variable ${at.name}: unknown domain ${at.domain}`);
    const v = { name: at.name!, id: kebab(at.name!), ...dom };
    variables.push(v);
    byName.set(v.name, v);
  }
  const relations = new Map<string, { tuples: number[][]; supports: boolean }>();
  for (const m of xml.matchAll(/<relation\s+([^>]*)>([\s\S]*?)<\/relation>/g)) {
    const at = attributes(m[1]!);
    const tuples = m[2]!
      .split('|')
      .map((t) => t.trim())
      .filter((t) => t.length)
      .map((t) => t.split(/\s+/).map(Number));
    relations.set(at.name!, { tuples, supports: at.semantics !== 'conflicts' });
  }
  const rules: TableRule[] = [];
  for (const m of xml.matchAll(/<constraint\s+([^>]*?)\/?>/g)) {
    const at = attributes(m[1]!);
    const rel = relations.get(at.reference ?? '');
    if (!rel) throw new Error(`constraint ${at.name}: only table (extension) constraints are supported`);
    const scope = at
      .scope!.trim()
      .split(/\s+/)
      .map((n) => byName.get(n)!);
    if (scope.some((v) => !v)) throw new Error(`constraint ${at.name}: unknown variable in scope "${at.scope}"`);
    const tuples = rel.supports ? rel.tuples : complement(scope, rel.tuples);
    const cell = (k: number, value: number) => (value === -1 && scope[k]!.optional ? null : optionId(value));
    rules.push({
      id: `c-${kebab(at.name!)}`,
      kind: 'table',
      message: `Allowed combinations of ${scope.map((v) => v.name).join(', ')} (${at.name})`,
      attrs: scope.map((v) => v.id),
      rows: tuples.map((t) => t.map((value, k) => cell(k, value))),
    });
  }
  const name = attributes(xml.match(/<presentation\s+([^>]*)>/)?.[1] ?? '').name ?? 'xcsp';
  const attrs = variables.map((v) => ({
    id: v.id,
    kind: 'choice' as const,
    label: v.name,
    optional: v.optional,
    options: v.values.filter((x) => !(x === -1 && v.optional)).map((x) => ({ id: optionId(x), label: String(x) })),
  }));
  const steps = [];
  for (let i = 0; i < attrs.length; i += 500)
    steps.push({ id: `step-${i / 500 + 1}`, label: `Step ${i / 500 + 1}`, attributes: attrs.slice(i, i + 500).map((a) => a.id) });
  return {
    id: options.id ?? kebab(name),
    name,
    description: `Imported from XCSP 2.1 instance "${name}"`,
    currency: 'EUR',
    basePrice: 0,
    skuPrefix: 'XCSP',
    model: { file: 'model.glb' },
    steps,
    attributes: attrs,
    defaults: Object.fromEntries(attrs.map((a) => [a.id, a.optional ? null : a.options[0]!.id])),
    rules,
  };
}

/** The option id of an XCSP value: "val-3", "val-m1" for -1. */
export function optionId(value: number): string {
  return value < 0 ? `val-m${-value}` : `val-${value}`;
}

/** A name as a kebab-case id: "v4_0_Serie" → "v4-0-serie". */
export function kebab(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

function attributes(s: string): Record<string, string> {
  return Object.fromEntries([...s.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** Domain values: integers and ranges "a..b". */
function parseValues(s: string): number[] {
  const out: number[] = [];
  for (const tok of s.trim().split(/\s+/).filter(Boolean)) {
    const range = tok.match(/^(-?\d+)\.\.(-?\d+)$/);
    if (range) for (let v = Number(range[1]); v <= Number(range[2]); v++) out.push(v);
    else out.push(Number(tok));
  }
  return out;
}

const MAX_COMPLEMENT = 1_000_000;

/** The allowed tuples of a conflicts relation: every tuple of the scope's domains not listed. */
function complement(scope: { values: number[] }[], forbidden: number[][]): number[][] {
  const size = scope.reduce((s, v) => s * v.values.length, 1);
  if (size > MAX_COMPLEMENT) throw new Error('a conflicts table over too large a scope');
  const banned = new Set(forbidden.map((t) => t.join(' ')));
  const out: number[][] = [];
  const walk = (k: number, acc: number[]) => {
    if (k === scope.length) {
      if (!banned.has(acc.join(' '))) out.push([...acc]);
      return;
    }
    for (const v of scope[k]!.values) walk(k + 1, [...acc, v]);
  };
  walk(0, []);
  return out;
}
