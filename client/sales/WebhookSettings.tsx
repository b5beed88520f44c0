import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { useAsync } from '../ui/useAsync.js';
import { salesApi, type WebhookSettings as Settings } from './salesApi.js';
import { useSalesT } from './salesMessages.js';
import { useSession } from './session.js';

/** Admin: the webhook URL and secret, and the delivery log. */
export function WebhookSettings() {
  const { t, locale } = useSalesT();
  const session = useSession();
  const [reload, setReload] = useState(0);
  // Kept here: saving reloads the settings, which mounts the form again.
  const [saved, setSaved] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [settings, retry] = useAsync((s) => salesApi.webhook(s), `settings${reload}`);
  const [log, retryLog] = useAsync((s) => salesApi.deliveries(s), `log${reload}`);
  const eventLabel = (e: string) => (e === 'order.created' || e === 'order.status_changed' ? t(`event.${e}`) : e);
  const deliveryLabel = (s: string) => (s === 'pending' || s === 'delivered' || s === 'failed' ? t(`delivery.${s}`) : s);
  if (session.user.role !== 'admin') return <p className="notice notice-warn">{t('adminOnly')}</p>;
  return (
    <>
      <h1>{t('webhookTitle')}</h1>
      <p>{t('webhookIntro')}</p>
      {settings.status === 'loading' && <Loading />}
      {settings.status === 'error' && <ErrorMessage what={t('webhookTitle')} error={settings.error} onRetry={retry} />}
      {settings.status === 'done' && (
        <SettingsForm
          current={settings.value}
          saved={saved}
          onChange={() => setSaved(false)}
          onSaved={() => {
            setSaved(true);
            setReload((n) => n + 1);
          }}
        />
      )}
      <h2>{t('deliveries')}</h2>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
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
                <th />
              </tr>
            </thead>
            <tbody>
              {log.value.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{new Date(d.createdAt).toLocaleString(locale)}</td>
                  <td title={d.event}>{eventLabel(d.event)}</td>
                  <td>{deliveryLabel(d.status)}</td>
                  <td className="num">{d.attempts}</td>
                  <td>
                    {d.lastStatusCode ?? ''} {d.lastError ?? ''}
                    {d.nextAttemptAt ? ` → ${new Date(d.nextAttemptAt).toLocaleTimeString(locale)}` : ''}
                  </td>
                  <td>
                    {d.status === 'failed' && (
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() =>
                          salesApi.resend(d.id).then(
                            () => {
                              setNotice(t('resent'));
                              setReload((n) => n + 1);
                            },
                            (e: unknown) => setNotice(e instanceof Error ? e.message : String(e)),
                          )
                        }
                      >
                        {t('resend')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

function SettingsForm({
  current,
  saved,
  onChange,
  onSaved,
}: {
  current: Settings;
  saved: boolean;
  onChange: () => void;
  onSaved: () => void;
}) {
  const { t } = useSalesT();
  const [error, setError] = useState<unknown>(null);
  const [secretLength, setSecretLength] = useState(0);
  const [tooShort, setTooShort] = useState(false);
  const [ping, setPing] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const secret = String(f.get('secret') ?? '');
    setError(null);
    if ((secret || !current.secretSet) && secret.length < 16) {
      setTooShort(true);
      return;
    }
    salesApi
      .saveWebhook({ url: String(f.get('url') ?? ''), enabled: f.get('enabled') === 'on', ...(secret ? { secret } : {}) })
      .then(onSaved, (err: unknown) => setError(err));
  };
  const test = () => {
    setPing(null);
    salesApi.testWebhook().then(
      (r) =>
        setPing(
          r.ok
            ? { ok: true, text: t('pingOk', { code: r.statusCode ?? '', ms: Math.round(r.durationMs) }) }
            : { ok: false, text: t('pingFailed', { error: r.error ?? '' }) },
        ),
      (err: unknown) =>
        setPing({ ok: false, text: t('pingFailed', { error: err instanceof Error ? err.message : String(err) }) }),
    );
  };
  return (
    <form className="form sales-signin" onSubmit={submit} onChange={onChange} noValidate>
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
          autoComplete="off"
          aria-describedby="secret-hint"
          aria-invalid={tooShort}
          placeholder={current.secretSet ? t('secretKeep') : ''}
          onChange={(e) => {
            setSecretLength(e.currentTarget.value.length);
            setTooShort(false);
          }}
        />
        <span id="secret-hint" className={tooShort ? 'field-error' : 'field-hint'} role={tooShort ? 'alert' : undefined}>
          {tooShort ? t('secretTooShort', { n: secretLength }) : t('secretHint')}
        </span>
      </label>
      <label className="sales-check">
        <input type="checkbox" name="enabled" defaultChecked={current.url ? current.enabled : true} />
        <span>{t('enabled')}</span>
      </label>
      <div className="btn-row">
        <button type="submit" className="btn btn-primary">
          {t('save')}
        </button>
        {current.url && (
          <button type="button" className="btn" onClick={test}>
            {t('testPing')}
          </button>
        )}
      </div>
      {saved && (
        <p className="notice" role="status" data-testid="webhook-saved">
          {t('saved')}
        </p>
      )}
      {ping && (
        <p className={ping.ok ? 'notice' : 'notice notice-error'} role="status" data-testid="webhook-ping">
          {ping.text}
        </p>
      )}
      {error !== null && <ErrorMessage what={t('webhookTitle')} error={error} />}
    </form>
  );
}
