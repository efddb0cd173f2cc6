import { useEffect, useState } from 'preact/hooks';

/**
 * A tiny history-API router: paths like `/tasks/123` are real URLs (the engine answers any
 * unknown GET outside `/v2` and `/health` with the app), so they can be bookmarked and shared.
 */
const listeners = new Set<() => void>();
/** The question to ask before leaving the page (unsaved work), or undefined when leaving is fine. */
let leaveGuard: (() => string | undefined) | undefined;
/** The address the app shows, to go back to when a Back is refused. */
let shown = location.pathname + location.search;

/**
 * Asks before anything leaves the current page while `guard` answers a question (say, about
 * unsaved changes): links, the header, Back and Forward, sign-out. Returns the unregister function.
 */
export function setLeaveGuard(guard: () => string | undefined): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = undefined;
  };
}

/** True when nothing unsaved is in the way, or the user chose to leave it. */
export function mayLeave(): boolean {
  const question = leaveGuard?.();
  return !question || window.confirm(question);
}

/**
 * Goes to `path`, adding a history entry — after the leave guard agreed. With `replace`, the
 * address is corrected in place (a redirect, or a page recording its own state) without asking.
 * Returns false when the user chose to stay.
 */
export function navigate(path: string, replace = false): boolean {
  if (path === location.pathname + location.search) return true;
  if (replace) history.replaceState(null, '', path);
  else {
    if (!mayLeave()) return false;
    history.pushState(null, '', path);
  }
  shown = path;
  for (const l of listeners) l();
  return true;
}

window.addEventListener('popstate', () => {
  // Back and Forward cannot be cancelled: when the user stays, put the address back.
  if (!mayLeave()) return history.pushState(null, '', shown);
  shown = location.pathname + location.search;
  for (const l of listeners) l();
});

/** The current location, re-rendering on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Matches `path` against a pattern such as `/tasks/:key`; returns the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** Props of an in-app link: a real `href`, with client-side navigation on plain clicks. */
export function link(path: string): { href: string; onClick: (e: MouseEvent) => void } {
  return {
    href: path,
    onClick: (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(path);
    },
  };
}
