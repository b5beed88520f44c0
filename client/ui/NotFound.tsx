import { useEffect } from 'react';
import { Link } from 'react-router';
import { useT } from '../i18n/useT.js';

/** A clear page for an address, product, code or order that does not exist. */
export function NotFound({ message }: { message?: string }) {
  const { t } = useT();
  useEffect(() => {
    document.title = `${t('notFound.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="page centered">
      <h1>{t('notFound.title')}</h1>
      <p>{message ?? t('notFound.body')}</p>
      <Link className="btn btn-primary" to="/">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
