import { useEffect, useState, type FormEvent } from 'react';
import { Link, Route, Routes } from 'react-router';
import { Layout } from '../ui/Layout.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { ProductEditor } from './ProductEditor.js';
import { ProductList } from './ProductList.js';
import { login, logout, me, onPublished, type StudioUser } from './studioApi.js';
import { renderMissingThumbnails } from './thumbnails.js';
import { useStudioT } from './studioMessages.js';
import './studio.css';

function SignIn({ onSignedIn }: { onSignedIn: (u: StudioUser) => void }) {
  const t = useStudioT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await login(String(f.get('email')), String(f.get('password'))));
    } catch (err) {
      setError(t('studio.signInFailed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page studio-signin">
      <h1>{t('studio.title')}</h1>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('studio.email')}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t('studio.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('studio.signIn')}
        </button>
      </form>
    </div>
  );
}

/** /studio: the producer's catalog editor, behind a sign-in (producer or admin). */
export function StudioApp() {
  const t = useStudioT();
  const [user, setUser] = useState<StudioUser | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    me().then(setUser, setError);
  }, []);
  const producer = user?.role === 'producer' || user?.role === 'admin';
  useEffect(() => {
    if (!producer) return;
    void renderMissingThumbnails();
    return onPublished(() => void renderMissingThumbnails());
  }, [producer]);
  let body;
  if (error) body = <ErrorMessage what={t('studio.title')} error={error} />;
  else if (user === undefined) body = <Loading />;
  else if (user === null) body = <SignIn onSignedIn={setUser} />;
  else if (user.role === 'sales')
    body = <p className="page notice notice-warn">{t('studio.notProducer', { role: user.role })}</p>;
  else
    body = (
      <Routes>
        <Route index element={<ProductList />} />
        <Route path="p/:productId" element={<ProductEditor />} />
      </Routes>
    );
  return (
    <Layout>
      <div className="studio">
        <nav className="studio-nav" aria-label={t('studio.title')}>
          <Link to="/studio">{t('studio.title')}</Link>
          {user && (
            <span>
              {user.email}{' '}
              <button type="button" className="btn btn-small" onClick={() => void logout().then(() => setUser(null))}>
                {t('studio.signOut')}
              </button>
            </span>
          )}
        </nav>
        {body}
      </div>
    </Layout>
  );
}
