import { count, lint, parseProduct, type CatalogIssue, type LintFinding, type Product } from '../../catalog/index.js';

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
  // Runs on every edit: a shorter budget than the server's for lint's slowest check (rules that never restrict).
  const findings = lint(parsed.product, { budgetMs: 500 });
  return { product: parsed.product, schema: [], lint: findings, variants: count(parsed.product).toString() };
}

/** The element id of a form field for a JSON path, so a finding can take the producer to it. */
export const fieldId = (path: (string | number)[]) => `f-${path.join('.')}`;
