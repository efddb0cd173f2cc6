/**
 * Who is signed in. The token comes from `POST /v2/osprey/sign-in` and travels as a bearer token
 * on every request; the app never decides rights itself, it only uses the name and groups to
 * pick which tasks to list.
 */
export interface Session {
  readonly token: string;
  readonly username: string;
  readonly groups: readonly string[];
  /** The roles sign-in named (absent for other sign-ins): only used to hide what the engine would refuse anyway. */
  readonly roles?: readonly string[];
}

/** Whether the session's roles include starting instances (unknown roles: assume so, the engine decides). */
export function mayStart(session: Session): boolean {
  return !session.roles || session.roles.some((r) => r === 'starter' || r === 'admin');
}

const STORAGE_KEY = 'osprey.session';
const listeners = new Set<(session: Session | null) => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return typeof s?.token === 'string' && typeof s.username === 'string' && Array.isArray(s.groups) ? s : null;
  } catch {
    return null;
  }
}

/** The signed-in user, or null. */
export function currentSession(): Session | null {
  return current;
}

/** Stores (or, with null, forgets) the session and tells every listener. */
export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
  for (const l of listeners) l(session);
}

/** Calls `listener` whenever the session changes; returns the unsubscribe function. */
export function onSessionChange(listener: (session: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the signed-in user is an administrator (may read the audit log). */
export function isAdmin(session: Session | null): boolean {
  return Boolean(session?.roles?.includes('admin'));
}
