import { useT } from '../i18n/useT.js';

/**
 * A label with a spinner, or with a bar when `progress` (0..1) is known (the bar then shows how far
 * it is). The 3D preview loads with a bar: a spinner is a 60 frames-a-second animation, and where
 * WebGL runs on the CPU (SwiftShader) the browser draws each of those frames on the CPU too, beside
 * the preview's context creation and shader compiles — its first frame took 2–4× as long with one
 * (docs/benchmarks.md, Client).
 */
export function Loading({ label, progress }: { label?: string; progress?: number }) {
  const { t } = useT();
  const text = label ?? t('common.loading');
  return (
    <div className={progress === undefined ? 'loading' : 'loading with-progress'} role="status" aria-live="polite">
      {progress === undefined && <span className="spinner" aria-hidden="true" />}
      <span>{text}</span>
      {progress !== undefined && (
        <span className="progress" aria-hidden="true">
          <span style={{ width: `${Math.round(progress * 100)}%` }} />
        </span>
      )}
    </div>
  );
}
