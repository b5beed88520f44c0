import type { Condition, Rule } from '../../catalog/index.js';
import { textLabel, type DraftDoc } from './docTypes.js';

/** Labels of an attribute and its values, for sentences. */
function names(doc: DraftDoc, locale: string) {
  const attr = (id: string) => doc.attributes?.find((a) => a.id === id);
  const attrName = (id: string) => textLabel(attr(id)?.label, locale) || id;
  const valueName = (id: string, v: string | null) => {
    if (v === null) return 'none';
    const a = attr(id);
    const o = a && a.kind !== 'text' ? a.options.find((x) => x.id === v) : undefined;
    return textLabel(o?.label, locale) || v;
  };
  return { attrName, valueName };
}

const list = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`);

/** A condition in words: "Material is Suede", "Size is Small or Large", "not (…)". */
export function conditionText(c: Condition, doc: DraftDoc, locale: string): string {
  const { attrName, valueName } = names(doc, locale);
  if ('all' in c) return c.all.map((x) => conditionText(x, doc, locale)).join(' and ');
  if ('any' in c) return `(${c.any.map((x) => conditionText(x, doc, locale)).join(' or ')})`;
  if ('not' in c) return `not (${conditionText(c.not, doc, locale)})`;
  if ('is' in c) return `${attrName(c.attr)} is ${valueName(c.attr, c.is)}`;
  if ('in' in c) return `${attrName(c.attr)} is ${list(c.in.map((v) => valueName(c.attr, v)))}`;
  return `${attrName(c.attr)} is not ${list(c.notIn.map((v) => valueName(c.attr, v)))}`;
}

/** A rule in words: "If Material is Suede then Upper colour must be one of Tan, Navy, Black — because: …". */
export function ruleText(r: Rule, doc: DraftDoc, locale: string): string {
  const { attrName, valueName } = names(doc, locale);
  const because = ` — because: ${textLabel(r.message, locale)}`;
  const thenText = (c: Condition) =>
    'in' in c
      ? `${attrName(c.attr)} must be one of ${c.in.map((v) => valueName(c.attr, v)).join(', ')}`
      : `${conditionText(c, doc, locale)} must hold`;
  switch (r.kind) {
    case 'requires':
      return `If ${conditionText(r.if, doc, locale)} then ${'is' in r.then ? `${attrName(r.then.attr)} must be ${valueName(r.then.attr, r.then.is)}` : thenText(r.then)}${because}`;
    case 'excludes':
      return `${conditionText(r.if, doc, locale)} never goes with ${conditionText(r.then, doc, locale)}${because}`;
    case 'restrict':
      return `${r.if ? `If ${conditionText(r.if, doc, locale)} then ` : ''}${attrName(r.attr)} must be one of ${r.to.map((v) => valueName(r.attr, v)).join(', ')}${because}`;
    case 'table':
      return `${r.rows.length} allowed combinations of ${r.attrs.map(attrName).join(', ')}${because}`;
    case 'price':
      return `If ${conditionText(r.if, doc, locale)} then ${r.amount >= 0 ? 'add' : 'take off'} ${(Math.abs(r.amount) / 100).toFixed(2)} (“${textLabel(r.label, locale)}”)`;
  }
}
