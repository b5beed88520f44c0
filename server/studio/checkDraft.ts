import { parseProduct, type CatalogIssue, type Product } from '../../catalog/index.js';
import type { EngineFinding, EngineService } from '../engine/engineService.js';

export interface DraftCheck {
  /** Schema and cross-reference problems (parseProduct); a draft with any cannot be published. */
  schema: CatalogIssue[];
  /** The engine's findings on a draft that parses ('too-complex' when it cannot be compiled within budget). */
  lint: EngineFinding[];
  /** Valid configurations, as a decimal string (it can exceed 2^53); null when the draft does not parse or compile. */
  variants: string | null;
  /** No schema issue and no lint error: publishable. */
  ok: boolean;
  status: 'ok' | 'warnings' | 'errors';
  product: Product | null;
}

/** Check a draft document the way a publish will: schema first, then the engine (in its worker). */
export async function checkDraft(document: unknown, engine: EngineService): Promise<DraftCheck> {
  const parsed = parseProduct(document);
  if (!parsed.ok)
    return { schema: parsed.issues.slice(0, 200), lint: [], variants: null, ok: false, status: 'errors', product: null };
  const product = parsed.product;
  // The engine's lint reports an unsatisfiable product itself (as an error), with the conflicting rules.
  const engineCheck = await engine.check(product);
  const findings = engineCheck.ok ? engineCheck.lint : [engineCheck.finding];
  const errors = findings.some((f) => f.severity === 'error');
  return {
    schema: [],
    lint: findings,
    variants: engineCheck.ok ? engineCheck.variants : null,
    ok: !errors,
    status: errors ? 'errors' : findings.length ? 'warnings' : 'ok',
    product,
  };
}
