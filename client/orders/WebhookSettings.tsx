import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { useAsync } from '../ui/useAsync.js';
import { salesApi, type WebhookSettings as Settings } from './salesApi.js';
import { useSalesT } from './salesMessages.js';
import { useSession } from './SalesApp.js';

/** Admin: the webhook URL and secret, and the delivery log. */
export function WebhookSettings() {
  const { t, locale } = useSalesT();
  const session = useSession();
  const [reload, setReload] = useState(0);
  const [settings, retry] = useAsync((s) => salesApi.webhook(s), `settings${reload}`);
  const [log, retryLog] = useAsync((s) => salesApi.deliveries(s), `log${reload}`);
  if (session.user.role !== 'admin') return <p className="notice notice-warn">{t('adminOnly')}</p>;
  return (
    <>
      <h1>{t('webhookTitle')}</h1>
      <p>{t('webhookIntro')}</p>
      {settings.status === 'loading' && <Loading />}
      {settings.status === 'error' && <ErrorMessage what={t('webhookTitle')} error={settings.error} onRetry={retry} />}
      {settings.status === 'done' && (
        <SettingsForm current={settings.value} csrf={session.csrfToken} onSaved={() => setReload((n) => n + 1)} />
      )}
      <h2>{t('deliveries')}</h2>
      {log.status === 'loading' && <Loading />}
      {log.status === 'error' && <ErrorMessage what={t('deliveries')} error={log.error} onRetry={retryLog} />}
      {log.status === 'done' &&
        (log.value.deliveries.length === 0 ? (
          <p>{t('noDeliveries')}</p>
        ) : (
          <table className="sales-table">
            <thead>
              <tr>
                <th>{t('date')}</th>
                <th>{t('event')}</th>
                <th>{t('status')}</th>
                <th className="num">{t('attempts')}</th>
                <th>{t('result')}</th>
              </tr>
            </thead>
            <tbody>
              {log.value.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{new Date(d.createdAt).toLocaleString(locale)}</td>
                  <td>{d.event}</td>
                  <td>{d.status}</td>
                  <td className="num">{d.attempts}</td>
                  <td>
                    {d.lastStatusCode ?? ''} {d.lastError ?? ''}
                    {d.nextAttemptAt ? ` → ${new Date(d.nextAttemptAt).toLocaleTimeString(locale)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

function SettingsForm({ current, csrf, onSaved }: { current: Settings; csrf: string | undefined; onSaved: () => void }) {
  const { t } = useSalesT();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const secret = String(f.get('secret') ?? '');
    setError(null);
    salesApi
      .saveWebhook({ url: String(f.get('url') ?? ''), enabled: f.get('enabled') === 'on', ...(secret ? { secret } : {}) }, csrf)
      .then(
        () => {
          setSaved(true);
          onSaved();
        },
        (err: unknown) => setError(err),
      );
  };
  return (
    <form className="form sales-signin" onSubmit={submit}>
      <label>
        {t('url')}
        <input
          type="url"
          name="url"
          required
          defaultValue={current.url ?? ''}
          placeholder="https://erp.example.com/hooks/maatwerk"
        />
      </label>
      <label>
        {t('secret')}
        <input
          type="password"
          name="secret"
          minLength={16}
          autoComplete="off"
          placeholder={current.secretSet ? t('secretKeep') : ''}
          required={!current.secretSet}
        />
      </label>
      <label>
        <input type="checkbox" name="enabled" defaultChecked={current.url ? current.enabled : true} /> {t('enabled')}
      </label>
      <button type="submit" className="btn btn-primary">
        {t('save')}
      </button>
      {saved && <p role="status">{t('saved')}</p>}
      {error !== null && <ErrorMessage what={t('webhookTitle')} error={error} />}
    </form>
  );
}
