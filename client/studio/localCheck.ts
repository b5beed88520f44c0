import * as rules from '../../catalog/rules/index.js';
import { count, parseProduct, type CatalogIssue, type LintFinding, type Product } from '../../catalog/index.js';

export interface LocalCheck {
  product: Product | null;
  schema: CatalogIssue[];
  lint: LintFinding[];
  variants: string | null;
}

/** The same checks the server runs on save and publish, run live in the browser as the producer types. */
export function localCheck(doc: unknown): LocalCheck {
  const parsed = parseProduct(doc);
  if (!parsed.ok) return { product: null, schema: parsed.issues, lint: [], variants: null };
  const lint = (rules as Record<string, unknown>).lint;
  const findings = typeof lint === 'function' ? (lint as (p: Product) => LintFinding[])(parsed.product) : [];
  const n = count(parsed.product);
  if (n === 0n && !findings.some((f) => f.code === 'unsatisfiable'))
    findings.unshift({
      severity: 'error',
      code: 'unsatisfiable',
      message: 'no configuration satisfies every rule',
      path: ['rules'],
    });
  return { product: parsed.product, schema: [], lint: findings, variants: n.toString() };
}

/** The element id of a form field for a JSON path, so a finding can take the producer to it. */
export const fieldId = (path: (string | number)[]) => `f-${path.join('.')}`;
