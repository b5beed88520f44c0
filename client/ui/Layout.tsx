import { type ReactNode } from 'react';
import { Link } from 'react-router';
import { LOCALES } from '../i18n/messages.js';
import { useT } from '../i18n/useT.js';
import { useViewStore } from '../state/viewStore.js';

/** Header with the brand and the language switch; every page renders inside <main id="main">. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, locale } = useT();
  const setLocale = useViewStore((s) => s.setLocale);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            M
          </span>
          {t('app.name')}
          <small>{t('app.tagline')}</small>
        </Link>
        <div className="locale-switch" role="group" aria-label={t('locale.label')}>
          {LOCALES.map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={l === locale} onClick={() => setLocale(l)}>
              {l === 'en' ? 'English' : 'Nederlands'}
            </button>
          ))}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
