import { useState, type FormEvent } from 'react';
import { salesApi, type Me } from './salesApi.js';
import { useSalesT } from './salesMessages.js';

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useSalesT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    salesApi.login(email, password).then(onSignedIn, (err: unknown) => {
      setBusy(false);
      setError(err instanceof Error ? err.message : String(err));
    });
  };
  return (
    <form className="form sales-signin" onSubmit={submit}>
      <h1>{t('title')}</h1>
      <label>
        {t('email')}
        <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        {t('password')}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {t('signInFailed')}: {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t('signIn')}
      </button>
    </form>
  );
}
