import { ApiError, NetworkError } from '../api/http.js';
import { useT } from '../i18n/useT.js';

/** Says what failed and why, with a retry when one is possible. */
export function ErrorMessage({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) {
  const { t } = useT();
  const why =
    error instanceof NetworkError
      ? t('error.network')
      : error instanceof ApiError || error instanceof Error
        ? error.message
        : String(error);
  return (
    <div className="notice notice-error" role="alert">
      <h2>{t('error.title')}</h2>
      <p>{t('error.what', { what })}</p>
      <p>{why}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
