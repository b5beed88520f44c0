import type { Configuration, Product, Value } from '../../../catalog/index.js';
import { conditionHolds } from '../../../catalog/index.js';

/** Every value an attribute can take, with one stand-in text for "some text". */
export function valuesOf(p: Product, id: string): Value[] {
  const a = p.attributes.find((x) => x.id === id)!;
  const vs: Value[] = a.kind === 'text' ? ['AB'] : a.options.map((o) => o.id);
  if (a.optional) vs.push(null);
  return vs;
}

/** Whether every constraint rule holds, checked straight from the rule text (independent of the engine). */
export function holds(p: Product, c: Configuration, only?: Set<string>): boolean {
  const norm = (id: string) => {
    const a = p.attributes.find((x) => x.id === id)!;
    const v = c[id] ?? null;
    return a.kind === 'text' && v !== null && v !== '' ? '\u0000text' : v;
  };
  return p.rules.every((r) => {
    if (only && !only.has(r.id)) return true;
    switch (r.kind) {
      case 'price':
        return true;
      case 'requires':
        return !conditionHolds(p, r.if, c) || conditionHolds(p, r.then, c);
      case 'excludes':
        return !(conditionHolds(p, r.if, c) && conditionHolds(p, r.then, c));
      case 'restrict':
        return (r.if && !conditionHolds(p, r.if, c)) || r.to.includes(norm(r.attr));
      case 'table':
        return r.rows.some((row) => row.every((cell, k) => cell === '*' || cell === norm(r.attrs[k]!)));
    }
  });
}

/** All valid configurations, by enumeration. */
export function allValid(p: Product, only?: Set<string>): Configuration[] {
  const out: Configuration[] = [];
  const ids = p.attributes.map((a) => a.id);
  const walk = (k: number, acc: Record<string, Value>) => {
    if (k === ids.length) {
      if (holds(p, acc, only)) out.push({ ...acc });
      return;
    }
    for (const v of valuesOf(p, ids[k]!)) {
      acc[ids[k]!] = v;
      walk(k + 1, acc);
    }
  };
  walk(0, {});
  return out;
}

/** The engine's key for a value: the option id, "__none__" or "__text__". */
export function keyOf(v: Value, isText: boolean): string {
  if (v === null || v === '') return '__none__';
  return isText ? '__text__' : v;
}
