/**
 * The tenant the app works in, for a user of several tenants (multi-tenancy on). The engine
 * lists the user's tenants in `GET /v2/authentication/me`; with one tenant, or multi-tenancy
 * off (an empty list), there is nothing to choose and requests name no tenant, as before.
 * The choice is remembered per user in localStorage.
 */
export interface TenantState {
  /** The user's tenant ids, as the engine listed them. */
  readonly tenants: readonly string[];
  /** The chosen tenant; undefined unless the user has more than one. */
  readonly chosen: string | undefined;
}

const STORAGE_PREFIX = 'osprey.tenant.';
const listeners = new Set<(state: TenantState) => void>();
let user: string | undefined;
let state: TenantState = { tenants: [], chosen: undefined };

function remembered(username: string): string | null {
  try {
    return localStorage.getItem(STORAGE_PREFIX + username);
  } catch {
    return null;
  }
}

function publish(next: TenantState): void {
  state = next;
  for (const l of listeners) l(state);
}

/**
 * Takes the tenants the engine listed for `username` (none after signing out). The remembered
 * choice is kept when it is still one of them; otherwise `<default>` when listed (where the
 * engine acts without a tenant), else the first.
 */
export function setTenants(username: string | undefined, tenants: readonly string[]): void {
  user = username;
  if (!username || tenants.length < 2) return publish({ tenants, chosen: undefined });
  const kept = remembered(username);
  const chosen = kept && tenants.includes(kept) ? kept : tenants.includes('<default>') ? '<default>' : tenants[0];
  publish({ tenants, chosen });
}

/** Chooses one of the user's tenants and remembers it. Ignores ids the user does not have. */
export function chooseTenant(tenantId: string): void {
  if (!user || !state.tenants.includes(tenantId) || state.tenants.length < 2) return;
  localStorage.setItem(STORAGE_PREFIX + user, tenantId);
  publish({ ...state, chosen: tenantId });
}

/** The tenants and the choice now. */
export function tenantState(): TenantState {
  return state;
}

/** The tenant requests should name, or undefined when they name none. */
export function chosenTenant(): string | undefined {
  return state.chosen;
}

/** Calls `listener` whenever the tenants or the choice change; returns the unsubscribe function. */
export function onTenantChange(listener: (state: TenantState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `?tenantId=…` for routes that take the tenant as a query parameter, or '' when none is chosen. */
export function tenantQuery(): string {
  const t = state.chosen;
  return t ? `?tenantId=${encodeURIComponent(t)}` : '';
}

/** `{ tenantId }` to narrow a search filter to the chosen tenant, or `{}` when none is chosen. */
export function tenantFilter(): { tenantId?: string } {
  const t = state.chosen;
  return t ? { tenantId: t } : {};
}
