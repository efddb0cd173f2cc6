import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { engine } from './api/engine';
import { currentSession, onSessionChange, setSession } from './api/session';
import { setTenants } from './api/tenant';
import { lazyPage } from './app/lazy';
import { match, navigate, useLocation } from './app/router';
import { Shell } from './app/shell';
import SignInPage from './sign-in/sign-in-page';
import { Toasts } from './shared/toast';
import './app/styles.css';

const ModelerPage = lazyPage(() => import('./modeler/modeler-page'));
const InboxPage = lazyPage(() => import('./inbox/inbox-page'));
const MonitorPage = lazyPage(() => import('./monitor/monitor-page'));
const DecisionsPage = lazyPage(() => import('./decisions/decisions-page'));

function App() {
  const { path, query } = useLocation();
  const [session, setLocal] = useState(currentSession());

  useEffect(() => onSessionChange(setLocal), []);
  useEffect(() => {
    // A stored token may have expired or come from an engine restarted with a new secret; the
    // answer also lists the user's tenants (sign-in does not), for the tenant picker.
    if (!session) return setTenants(undefined, []);
    engine.me().then(
      (me) => {
        setTenants(me.username, (me.tenants ?? []).map((t) => t.tenantId));
        const now = currentSession();
        if (now && (now.username !== me.username || now.groups.join() !== me.groups.join())) setSession({ ...now, username: me.username, groups: me.groups });
      },
      () => undefined,
    );
  }, [session?.token]);

  if (!session) {
    const next = path === '/sign-in' ? (query.get('next') ?? '/tasks') : path + location.search;
    if (path !== '/sign-in') navigate(`/sign-in?next=${encodeURIComponent(next)}`, true);
    return <SignInPage onSignedIn={() => navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/tasks', true)} />;
  }
  if (path === '/' || path === '/sign-in') {
    navigate('/tasks', true);
    return null;
  }

  let page;
  let params: Record<string, string> | null;
  if ((params = match('/modeler', path) ?? match('/modeler/:processId', path))) page = <ModelerPage processId={params.processId} versionKey={query.get('version') ?? undefined} />;
  else if (match('/tasks/processes', path)) page = <InboxPage session={session} pane="processes" />;
  else if ((params = match('/tasks', path) ?? match('/tasks/:key', path))) page = <InboxPage session={session} taskKey={params.key} />;
  else if (path.startsWith('/monitor')) page = <MonitorPage path={path} query={query} />;
  else if (path === '/decisions') page = <DecisionsPage />;
  else page = <div class="page-message">There is no page at {path}.</div>;

  return (
    <Shell session={session} path={path}>
      {page}
    </Shell>
  );
}

render(
  <>
    <App />
    <Toasts />
  </>,
  document.getElementById('app')!,
);
