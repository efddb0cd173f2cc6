import type { ComponentChildren } from 'preact';
import type { Session } from '../api/session';
import { setSession } from '../api/session';
import { link, mayLeave, navigate } from './router';
import { TenantPicker } from './tenant-picker';

const SECTIONS = [
  { path: '/modeler', label: 'Modeler', short: 'Model' },
  { path: '/decisions', label: 'Decisions', short: 'DMN' },
  { path: '/tasks', label: 'Tasks', short: 'Tasks' },
  { path: '/monitor', label: 'Monitor', short: 'Monitor' },
];

/**
 * Signs out to a bare sign-in page: the next user starts on their own first page, not on the
 * page the previous user left open.
 */
function signOut() {
  if (!mayLeave()) return;
  navigate('/sign-in', true);
  setSession(null);
}

/** The frame around every page: the product name, the three apps, the tenant (when there is a choice), who is signed in. */
export function Shell({ session, path, children }: { session: Session; path: string; children: ComponentChildren }) {
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" {...link('/tasks')}>
          <span class="brand-mark" aria-hidden="true" />
          Osprey
        </a>
        <nav class="topnav" aria-label="Main">
          {SECTIONS.map((s) => (
            <a key={s.path} class={`topnav-link ${path.startsWith(s.path) ? 'active' : ''}`} aria-current={path.startsWith(s.path) ? 'page' : undefined} {...link(s.path)}>
              <span class="long">{s.label}</span>
              <span class="short">{s.short}</span>
            </a>
          ))}
        </nav>
        <TenantPicker />
        <div class="user" title={session.groups.length ? `Groups: ${session.groups.join(', ')}` : 'No groups'}>
          <span class="user-name" data-testid="signed-in-user">
            {session.username}
          </span>
          <button type="button" class="btn btn-ghost btn-small" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main class="content">{children}</main>
    </div>
  );
}
