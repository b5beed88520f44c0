import { useT } from '../i18n/useT.js';

/** A spinner with a label; `progress` (0..1) shows a bar when the loader reports it. */
export function Loading({ label, progress }: { label?: string; progress?: number }) {
  const { t } = useT();
  const text = label ?? t('common.loading');
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{text}</span>
      {progress !== undefined && (
        <span className="progress" aria-hidden="true">
          <span style={{ width: `${Math.round(progress * 100)}%` }} />
        </span>
      )}
    </div>
  );
}
