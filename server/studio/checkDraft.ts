import * as rules from '../../catalog/rules/index.js';
import { count, parseProduct, validate, type CatalogIssue, type LintFinding, type Product } from '../../catalog/index.js';

export interface DraftCheck {
  /** Schema and cross-reference problems (parseProduct); a draft with any cannot be published. */
  schema: CatalogIssue[];
  /** The engine's findings on a draft that parses. */
  lint: LintFinding[];
  /** Valid configurations, as a decimal string (it can exceed 2^53); null when the draft does not parse. */
  variants: string | null;
  /** No schema issue and no lint error: publishable. */
  ok: boolean;
  status: 'ok' | 'warnings' | 'errors';
  product: Product | null;
}

type Lint = (p: Product) => LintFinding[];

/**
 * The engine's lint when catalog/rules exports it; until then the two checks a publish
 * cannot do without: the product has a valid configuration, and its defaults keep the rules.
 */
function lintOf(): Lint {
  const exported = (rules as Record<string, unknown>).lint;
  if (typeof exported === 'function') return exported as Lint;
  return (p) => {
    const findings: LintFinding[] = [];
    if (count(p) === 0n) {
      findings.push({
        severity: 'error',
        code: 'unsatisfiable',
        message: 'no configuration satisfies every rule',
        path: ['rules'],
      });
      return findings;
    }
    const v = validate(p, p.defaults);
    if (!v.ok)
      for (const x of v.violations)
        findings.push({
          severity: 'warning',
          code: 'defaults-break-rules',
          message: `the default configuration breaks ${x.rule ? `rule "${x.rule}"` : 'a value check'}`,
          path: x.rule ? ['rules', p.rules.findIndex((r) => r.id === x.rule)] : ['defaults'],
        });
    return findings;
  };
}

/** Check a draft document the way a publish will: schema first, then the engine. */
export function checkDraft(document: unknown): DraftCheck {
  const parsed = parseProduct(document);
  if (!parsed.ok)
    return { schema: parsed.issues.slice(0, 200), lint: [], variants: null, ok: false, status: 'errors', product: null };
  const product = parsed.product;
  const lint = lintOf()(product);
  const variants = count(product).toString();
  const errors = lint.some((f) => f.severity === 'error') || variants === '0';
  if (variants === '0' && !lint.some((f) => f.code === 'unsatisfiable'))
    lint.unshift({ severity: 'error', code: 'unsatisfiable', message: 'no configuration satisfies every rule', path: ['rules'] });
  return {
    schema: [],
    lint,
    variants,
    ok: !errors,
    status: errors ? 'errors' : lint.length ? 'warnings' : 'ok',
    product,
  };
}
