import type { Condition, Rule } from '../../catalog/index.js';
import { formatMoney } from '../../catalog/pricing/formatMoney.js';
import { textLabel, type DraftDoc } from './docTypes.js';

/** The sentence parts of each language (Dutch puts the verb last: "dan moet X een van A, B zijn"). */
const WORDS = {
  en: {
    none: 'none',
    or: 'or',
    and: 'and',
    is: (a: string, v: string) => `${a} is ${v}`,
    isNot: (a: string, v: string) => `${a} is not ${v}`,
    not: (c: string) => `not (${c})`,
    ifThen: (c: string, then: string) => `If ${c} then ${then}`,
    mustBe: (a: string, v: string) => `${a} must be ${v}`,
    mustBeOneOf: (a: string, vs: string) => `${a} must be one of ${vs}`,
    mustNotBe: (a: string, v: string) => `${a} must not be ${v}`,
    mustBeChosen: (a: string) => `${a} must be chosen`,
    mustHold: (c: string) => `also ${c}`,
    neverWith: (a: string, b: string) => `${a} never goes with ${b}`,
    table: (n: number, attrs: string) => `${n} allowed combinations of ${attrs}`,
    add: (amount: string) => `add ${amount}`,
    takeOff: (amount: string) => `take off ${amount}`,
    because: (why: string) => ` — because: ${why}`,
  },
  nl: {
    none: 'geen',
    or: 'of',
    and: 'en',
    is: (a: string, v: string) => `${a} is ${v}`,
    isNot: (a: string, v: string) => `${a} is niet ${v}`,
    not: (c: string) => `niet (${c})`,
    ifThen: (c: string, then: string) => `Als ${c} dan ${then}`,
    mustBe: (a: string, v: string) => `moet ${a} ${v} zijn`,
    mustBeOneOf: (a: string, vs: string) => `moet ${a} een van ${vs} zijn`,
    mustNotBe: (a: string, v: string) => `mag ${a} niet ${v} zijn`,
    mustBeChosen: (a: string) => `moet ${a} gekozen zijn`,
    mustHold: (c: string) => `geldt ook: ${c}`,
    neverWith: (a: string, b: string) => `${a} gaat nooit samen met ${b}`,
    table: (n: number, attrs: string) => `${n} toegestane combinaties van ${attrs}`,
    add: (amount: string) => `${amount} erbij`,
    takeOff: (amount: string) => `${amount} eraf`,
    because: (why: string) => ` — omdat: ${why}`,
  },
};
type Words = (typeof WORDS)['en'];
const wordsFor = (locale: string): Words => (locale === 'nl' ? WORDS.nl : WORDS.en);

/** Labels of an attribute and its values, for sentences. */
function names(doc: DraftDoc, locale: string) {
  const attr = (id: string) => doc.attributes?.find((a) => a.id === id);
  const attrName = (id: string) => textLabel(attr(id)?.label, locale) || id;
  const valueName = (id: string, v: string | null) => {
    if (v === null) return wordsFor(locale).none;
    const a = attr(id);
    const o = a && a.kind !== 'text' ? a.options.find((x) => x.id === v) : undefined;
    return textLabel(o?.label, locale) || v;
  };
  return { attrName, valueName };
}

const list = (xs: string[], or: string) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} ${or} ${xs.at(-1)}`);

/** A condition in words: "Material is Suede", "Size is Small or Large", "not (…)". */
export function conditionText(c: Condition, doc: DraftDoc, locale: string): string {
  const w = wordsFor(locale);
  const { attrName, valueName } = names(doc, locale);
  if ('all' in c) return c.all.map((x) => conditionText(x, doc, locale)).join(` ${w.and} `);
  if ('any' in c) return `(${c.any.map((x) => conditionText(x, doc, locale)).join(` ${w.or} `)})`;
  if ('not' in c) return w.not(conditionText(c.not, doc, locale));
  if ('is' in c) return w.is(attrName(c.attr), valueName(c.attr, c.is));
  if ('in' in c)
    return w.is(
      attrName(c.attr),
      list(
        c.in.map((v) => valueName(c.attr, v)),
        w.or,
      ),
    );
  return w.isNot(
    attrName(c.attr),
    list(
      c.notIn.map((v) => valueName(c.attr, v)),
      w.or,
    ),
  );
}

/** A rule in words: "If Material is Suede then Upper colour must be one of Tan, Navy, Black — because: …". */
export function ruleText(r: Rule, doc: DraftDoc, locale: string): string {
  const w = wordsFor(locale);
  const { attrName, valueName } = names(doc, locale);
  const cond = (c: Condition) => conditionText(c, doc, locale);
  const because = w.because(textLabel(r.message, locale));
  const oneOf = (attr: string, values: (string | null)[]) =>
    w.mustBeOneOf(attrName(attr), values.map((v) => valueName(attr, v)).join(', '));
  const thenText = (c: Condition) => {
    if ('is' in c) return w.mustBe(attrName(c.attr), valueName(c.attr, c.is));
    if ('in' in c) return oneOf(c.attr, c.in);
    if ('notIn' in c) {
      // "not none" is "chosen": "then Leather colour must be chosen", not "… is not none must hold".
      if (c.notIn.length === 1 && c.notIn[0] === null) return w.mustBeChosen(attrName(c.attr));
      return w.mustNotBe(
        attrName(c.attr),
        list(
          c.notIn.map((v) => valueName(c.attr, v)),
          w.or,
        ),
      );
    }
    return w.mustHold(cond(c));
  };
  switch (r.kind) {
    case 'requires':
      return w.ifThen(cond(r.if), thenText(r.then)) + because;
    case 'excludes':
      return w.neverWith(cond(r.if), cond(r.then)) + because;
    case 'restrict': {
      const then = oneOf(r.attr, r.to);
      return (r.if ? w.ifThen(cond(r.if), then) : then.charAt(0).toUpperCase() + then.slice(1)) + because;
    }
    case 'table':
      return w.table(r.rows.length, r.attrs.map(attrName).join(', ')) + because;
    case 'price': {
      const amount = formatMoney(Math.abs(r.amount), doc.currency ?? 'EUR', locale);
      return `${w.ifThen(cond(r.if), r.amount >= 0 ? w.add(amount) : w.takeOff(amount))} (“${textLabel(r.label, locale)}”)`;
    }
  }
}
