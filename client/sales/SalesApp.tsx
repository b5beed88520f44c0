import { useCallback, useEffect, useState } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { ApiError } from '../api/http.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Layout } from '../ui/Layout.js';
import { Loading } from '../ui/Loading.js';
import { OrderDetailPage } from './OrderDetailPage.js';
import { OrdersTable } from './OrdersTable.js';
import { salesApi, type Me } from './salesApi.js';
import { useSalesT } from './salesMessages.js';
import { SessionContext } from './session.js';
import { SignIn } from './SignIn.js';
import { WebhookSettings } from './WebhookSettings.js';
import './sales.css';

type State = { kind: 'checking' } | { kind: 'out' } | { kind: 'in'; me: Me } | { kind: 'error'; error: unknown };

/** /sales: sign-in, then the orders table, an order's detail and (admin) the webhook settings. */
export function SalesApp() {
  const { t } = useSalesT();
  const [state, setState] = useState<State>({ kind: 'checking' });
  const check = useCallback(() => {
    setState({ kind: 'checking' });
    salesApi.me().then(
      (me) => setState({ kind: 'in', me }),
      (e: unknown) => setState(e instanceof ApiError && e.status === 401 ? { kind: 'out' } : { kind: 'error', error: e }),
    );
  }, []);
  useEffect(check, [check]);

  let body;
  if (state.kind === 'checking') body = <Loading />;
  else if (state.kind === 'error') body = <ErrorMessage what={t('title')} error={state.error} onRetry={check} />;
  else if (state.kind === 'out') body = <SignIn onSignedIn={(me) => setState({ kind: 'in', me })} />;
  else if (state.me.user.role === 'producer')
    body = (
      <div className="notice notice-warn" role="alert">
        <p>{t('notAllowed')}</p>
        <SignOut onOut={() => setState({ kind: 'out' })} />
      </div>
    );
  else
    body = (
      <SessionContext.Provider value={state.me}>
        <nav className="sales-nav" aria-label={t('title')}>
          <NavLink to="/sales" end>
            {t('orders')}
          </NavLink>
          {state.me.user.role === 'admin' && <NavLink to="/sales/webhooks">{t('webhooks')}</NavLink>}
          <span className="sales-user">{state.me.user.email}</span>
          <SignOut onOut={() => setState({ kind: 'out' })} />
        </nav>
        <Routes>
          <Route index element={<OrdersTable />} />
          <Route path="orders/:id" element={<OrderDetailPage />} />
          <Route path="webhooks" element={<WebhookSettings />} />
        </Routes>
      </SessionContext.Provider>
    );
  return (
    <Layout>
      <div className="page sales">{body}</div>
    </Layout>
  );
}

function SignOut({ onOut }: { onOut: () => void }) {
  const { t } = useSalesT();
  return (
    <button type="button" className="btn btn-small" onClick={() => void salesApi.logout().finally(onOut)}>
      {t('signOut')}
    </button>
  );
}
