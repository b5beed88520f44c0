import { variantCount, lint, parseProduct, type CatalogIssue, type LintFinding, type Product } from '../../catalog/index.js';

export interface LocalCheck {
  product: Product | null;
  schema: CatalogIssue[];
  /** The engine's findings ('local-too-complex' when the browser gave up within its budget). */
  lint: (Omit<LintFinding, 'code'> & { code: string })[];
  variants: string | null;
}

/** The schema check, cheap enough for every keystroke on the main thread (the preview needs its product). */
export function parseDraft(doc: unknown): Pick<LocalCheck, 'product' | 'schema'> {
  const parsed = parseProduct(doc);
  return parsed.ok ? { product: parsed.product, schema: [] } : { product: null, schema: parsed.issues };
}

/** The engine's checks of a product that parses: compiled, so run in a Web Worker (lintWorker.ts), never on the main thread. */
export function lintProduct(product: Product): Pick<LocalCheck, 'lint' | 'variants'> {
  // A shorter budget than the server's for lint's slowest check (rules that never restrict).
  return { lint: lint(product, { budgetMs: 500 }), variants: variantCount(product) };
}

/** The schema problems of a document (the JSON view checks what it is about to apply). */
export const localCheck = (doc: unknown) => parseDraft(doc);

/** The element id of a form field for a JSON path, so a finding can take the producer to it. */
export const fieldId = (path: (string | number)[]) => `f-${path.join('.')}`;
