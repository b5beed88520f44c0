import type { z } from 'zod';
import type { Attribute, TextAttribute } from './attribute.js';
import { migrateProductDocument } from './formatVersion.js';
import { jsonInputProblem } from './json.js';
import { Product, type Value } from './product.js';
import type { Condition } from './rule.js';

export interface CatalogIssue {
  /** JSON path inside the product document, e.g. ["attributes", 2, "options", 0, "id"]. */
  path: (string | number)[];
  message: string;
}

export type ProductParseResult = { ok: true; product: Product } | { ok: false; issues: CatalogIssue[] };

/** The option ids of an attribute, or [] for a text attribute. */
export function optionIds(attr: Attribute): string[] {
  return attr.kind === 'text' ? [] : attr.options.map((o) => o.id);
}

/**
 * The character class a text attribute accepts: the producer's, plus the Latin letters with
 * diacritics (Latin-1: ë é ï ö ü ç ñ å ø ß …) wherever it allows the plain letters, so "Chloë"
 * fits wherever "Chloe" does. Added in front, so a trailing "-" of the producer's stays literal.
 */
export function allowedClass(attr: Pick<TextAttribute, 'allowed'>): string {
  const c = attr.allowed;
  if (c.startsWith('^')) return c;
  const extra = (c.includes('A-Z') ? 'À-ÖØ-Þ' : '') + (c.includes('a-z') ? 'ß-öø-ÿ' : '');
  return extra + c;
}

/** The regular expression a text attribute's value must match (whole string). */
export function textPattern(attr: Pick<TextAttribute, 'allowed'>): RegExp {
  return new RegExp(`^[${allowedClass(attr)}]*$`, 'u');
}

/** A typed text as the attribute keeps it: NFC (one code point for "ë") and upper case when the product says so. */
export function normaliseText(attr: Pick<TextAttribute, 'transform'>, text: string): string {
  const nfc = text.normalize('NFC');
  return attr.transform === 'uppercase' ? nfc.toLocaleUpperCase() : nfc;
}

/** Why a text is not acceptable for a text attribute, or null when it is. */
export function textProblem(attr: TextAttribute, text: string): string | null {
  if ([...text].length > attr.maxLength) return `at most ${attr.maxLength} characters`;
  if (!textPattern(attr).test(text)) return `only these characters are allowed: ${attr.allowed}`;
  return null;
}

/**
 * A text attribute's value is empty when null, "" or only whitespace: spaces alone show nothing on
 * the product, so they are no personal text — not charged, and missing where a text is required.
 */
export function isEmptyText(v: Value | undefined): boolean {
  return v === null || v === undefined || v.trim() === '';
}

function zodIssues(error: z.ZodError): CatalogIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
}

/**
 * Parse and check a product document: its format migrated to the current one (formatVersion.ts),
 * the schema, then every cross-reference the schema
 * cannot express (duplicate ids, steps, defaults, rule references). Pure: model files are
 * checked by the catalog CLI, rule semantics by the engine's lint.
 */
export function parseProduct(input: unknown): ProductParseResult {
  const problem = jsonInputProblem(input);
  if (problem) return { ok: false, issues: [problem] };
  const migrated = migrateProductDocument(input);
  if (!migrated.ok) return { ok: false, issues: [migrated.issue] };
  const parsed = Product.safeParse(migrated.value);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const issues = checkReferences(parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, product: parsed.data };
}

function duplicates(ids: string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return dup;
}

/** Cross-reference checks on a product that already matches the schema. */
export function checkReferences(p: Product): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  const attrs = new Map<string, Attribute>();

  p.attributes.forEach((a, i) => {
    if (attrs.has(a.id)) add(['attributes', i, 'id'], `duplicate attribute id "${a.id}"`);
    attrs.set(a.id, a);
    if (a.kind !== 'text') {
      const dup = duplicates(a.options.map((o) => o.id));
      a.options.forEach((o, j) => {
        if (dup.has(o.id) && a.options.findIndex((x) => x.id === o.id) !== j)
          add(['attributes', i, 'options', j, 'id'], `duplicate option id "${o.id}" in attribute "${a.id}"`);
      });
      if (a.kind === 'size' && a.sizeChart) {
        const ids = new Set(a.options.map((o) => o.id));
        const columns = a.sizeChart.columns.length;
        for (const [id, cells] of Object.entries(a.sizeChart.rows)) {
          const at = ['attributes', i, 'sizeChart', 'rows', id];
          if (!ids.has(id)) add(at, `the size chart has a row for "${id}", which is not an option of "${a.id}"`);
          else if (cells.length !== columns)
            add(at, `the size chart row "${id}" has ${cells.length} cells for ${columns} columns`);
        }
      }
      if (a.kind === 'colour' || a.kind === 'material') {
        a.options.forEach((o, j) => {
          const hasTarget = a.target?.materials?.length || a.target?.meshes?.length;
          const own = o.effect?.materials?.length || o.effect?.meshes?.length;
          if (!hasTarget && !own)
            add(
              ['attributes', i, 'options', j],
              `option "${o.id}" does not say which materials or meshes it changes (set "target" on the attribute or "effect" on the option)`,
            );
        });
      }
    } else {
      try {
        textPattern(a);
      } catch {
        add(['attributes', i, 'allowed'], `"${a.allowed}" is not a valid character class`);
      }
    }
  });

  const inStep = new Map<string, string>();
  const stepDup = duplicates(p.steps.map((s) => s.id));
  p.steps.forEach((s, i) => {
    if (stepDup.has(s.id) && p.steps.findIndex((x) => x.id === s.id) !== i)
      add(['steps', i, 'id'], `duplicate step id "${s.id}"`);
    s.attributes.forEach((a, j) => {
      if (!attrs.has(a)) add(['steps', i, 'attributes', j], `unknown attribute "${a}"`);
      else if (inStep.has(a)) add(['steps', i, 'attributes', j], `attribute "${a}" is already in step "${inStep.get(a)}"`);
      else inStep.set(a, s.id);
    });
  });
  p.attributes.forEach((a, i) => {
    if (!inStep.has(a.id)) add(['attributes', i], `attribute "${a.id}" is in no step`);
  });

  for (const key of Object.keys(p.defaults)) {
    if (!attrs.has(key)) add(['defaults', key], `unknown attribute "${key}"`);
  }
  for (const a of p.attributes) {
    if (!Object.prototype.hasOwnProperty.call(p.defaults, a.id)) {
      add(['defaults'], `the default configuration gives no value for "${a.id}"`);
      continue;
    }
    const v = p.defaults[a.id] ?? null;
    const problem = valueProblem(a, v);
    if (problem) add(['defaults', a.id], problem);
  }

  const ruleDup = duplicates(p.rules.map((r) => r.id));
  p.rules.forEach((r, i) => {
    const at = ['rules', i];
    if (ruleDup.has(r.id) && p.rules.findIndex((x) => x.id === r.id) !== i) add([...at, 'id'], `duplicate rule id "${r.id}"`);
    const checkValue = (path: (string | number)[], attrId: string, v: string | null) => {
      const a = attrs.get(attrId);
      if (!a) return add(path, `unknown attribute "${attrId}"`);
      if (v === null) {
        if (a.kind !== 'text' && !a.optional) add(path, `attribute "${attrId}" is not optional, so it cannot be none (null)`);
      } else if (a.kind === 'text') {
        add(path, `text attribute "${attrId}" can only be compared with null (no text); use notIn [null] for "has text"`);
      } else if (!a.options.some((o) => o.id === v)) add(path, `attribute "${attrId}" has no option "${v}"`);
    };
    const checkCondition = (c: Condition, path: (string | number)[]) => {
      if ('all' in c) c.all.forEach((x, k) => checkCondition(x, [...path, 'all', k]));
      else if ('any' in c) c.any.forEach((x, k) => checkCondition(x, [...path, 'any', k]));
      else if ('not' in c) checkCondition(c.not, [...path, 'not']);
      else if ('is' in c) checkValue([...path, 'is'], c.attr, c.is);
      else if ('in' in c) c.in.forEach((v, k) => checkValue([...path, 'in', k], c.attr, v));
      else c.notIn.forEach((v, k) => checkValue([...path, 'notIn', k], c.attr, v));
      if ('attr' in c && !attrs.has(c.attr)) add([...path, 'attr'], `unknown attribute "${c.attr}"`);
    };
    switch (r.kind) {
      case 'requires':
      case 'excludes':
        checkCondition(r.if, [...at, 'if']);
        checkCondition(r.then, [...at, 'then']);
        break;
      case 'price':
        checkCondition(r.if, [...at, 'if']);
        break;
      case 'restrict':
        if (r.if) checkCondition(r.if, [...at, 'if']);
        if (!attrs.has(r.attr)) add([...at, 'attr'], `unknown attribute "${r.attr}"`);
        else r.to.forEach((v, k) => checkValue([...at, 'to', k], r.attr, v));
        break;
      case 'table': {
        const dup = duplicates(r.attrs);
        if (dup.size) add([...at, 'attrs'], `attribute(s) named twice: ${[...dup].join(', ')}`);
        r.attrs.forEach((a, k) => {
          if (!attrs.has(a)) add([...at, 'attrs', k], `unknown attribute "${a}"`);
        });
        r.rows.forEach((row, k) => {
          if (row.length !== r.attrs.length) {
            add([...at, 'rows', k], `a row has ${row.length} cells, the table has ${r.attrs.length} attributes`);
            return;
          }
          row.forEach((cell, m) => {
            if (cell !== '*' && attrs.has(r.attrs[m]!)) checkValue([...at, 'rows', k, m], r.attrs[m]!, cell);
          });
        });
        break;
      }
    }
  });
  return issues;
}

/** Why a value does not fit an attribute, or null when it does (rules aside). */
export function valueProblem(a: Attribute, v: Value): string | null {
  if (a.kind === 'text') {
    if (isEmptyText(v)) return a.optional ? null : `"${a.id}" needs a text`;
    return textProblem(a, v!) ? `text for "${a.id}": ${textProblem(a, v!)}` : null;
  }
  if (v === null) return a.optional ? null : `"${a.id}" is not optional: choose one of its options`;
  return a.options.some((o) => o.id === v) ? null : `"${a.id}" has no option "${v}"`;
}
