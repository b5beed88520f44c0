import type { CatalogIssue, LintFinding } from '../../catalog/index.js';
import { useViewStore } from '../state/viewStore.js';
import { producerMessages, type RawFinding } from './checkMessages.js';
import type { DraftDoc } from './docTypes.js';
import { useStudioT } from './studioMessages.js';

export type Jump = (path: (string | number)[]) => void;

/**
 * Schema problems, the engine's findings and the model's missing parts, in the producer's words
 * (one message per mistake, with how to fix it), each a link to the field it concerns.
 */
export function ChecksPanel({
  doc,
  schema,
  lint,
  model,
  variants,
  pending,
  onJump,
}: {
  doc: DraftDoc;
  schema: CatalogIssue[];
  lint: (Omit<LintFinding, 'code'> & { code: string })[];
  /** Parts the product names that its model lacks: errors. */
  model: CatalogIssue[];
  variants: string | null;
  /** The checks of the latest edit are still running. */
  pending?: boolean;
  onJump: Jump;
}) {
  const t = useStudioT();
  const locale = useViewStore((s) => s.locale);
  const raw: RawFinding[] = [
    ...schema.map((i) => ({ ...i, severity: 'error' as const, code: 'schema' })),
    ...lint,
    ...model.map((i) => ({ ...i, severity: 'error' as const, code: 'model' })),
  ];
  const items = producerMessages(raw, doc, locale);
  return (
    <section className="studio-checks" aria-label={t('studio.checks')} data-testid="checks" aria-busy={pending || undefined}>
      <h2>
        {t('studio.checks')}{' '}
        {variants !== null && (
          <small>
            · {t('studio.variants')}: {variants}
          </small>
        )}
      </h2>
      {items.length === 0 ? (
        <p>{pending ? t('studio.checking') : t('studio.noProblems')}</p>
      ) : (
        <ul>
          {items.map((i, k) => (
            <li key={k} className={`check-${i.severity}`}>
              <button type="button" className="linklike" onClick={() => onJump(i.path)} title={i.path.join('.')}>
                <strong>{t(`studio.severity.${i.severity}`)}</strong>
              </button>{' '}
              {i.text}
              {i.fix && <span className="check-fix">{i.fix}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
