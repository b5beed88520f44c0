import type { CatalogIssue, LintFinding } from '../../catalog/index.js';
import { useStudioT } from './studioMessages.js';

export type Jump = (path: (string | number)[]) => void;

/** Schema problems and the engine's findings, each a link to the field it concerns. */
export function ChecksPanel({
  schema,
  lint,
  warnings,
  variants,
  onJump,
}: {
  schema: CatalogIssue[];
  lint: LintFinding[];
  warnings: CatalogIssue[];
  variants: string | null;
  onJump: Jump;
}) {
  const t = useStudioT();
  const items = [
    ...schema.map((i) => ({ ...i, severity: 'error' as const, code: 'schema' })),
    ...lint,
    ...warnings.map((i) => ({ ...i, severity: 'warning' as const, code: 'model' })),
  ];
  return (
    <section className="studio-checks" aria-label={t('studio.checks')} data-testid="checks">
      <h2>
        {t('studio.checks')}{' '}
        {variants !== null && (
          <small>
            · {t('studio.variants')}: {variants}
          </small>
        )}
      </h2>
      {items.length === 0 ? (
        <p>{t('studio.noProblems')}</p>
      ) : (
        <ul>
          {items.map((i, k) => (
            <li key={k} className={`check-${i.severity}`}>
              <button type="button" className="linklike" onClick={() => onJump(i.path)}>
                <strong>{t(`studio.severity.${i.severity}`)}</strong> <code>{i.path.join('.') || t('studio.wholeProduct')}</code>
              </button>{' '}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
