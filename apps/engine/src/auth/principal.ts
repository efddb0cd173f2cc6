import type { TenantScope } from '@osprey/store';
import type { Right, Role } from './roles';
import { rightsOf } from './roles';

/** How a principal proved who it is. */
export type PrincipalKind = 'oidc' | 'dev-token' | 'api-key' | 'anonymous';

/** Who a request acts for, as the guard established it; attached to the request as `principal`. */
export interface Principal {
  readonly kind: PrincipalKind;
  /** Username (people) or key id (API keys); `anonymous` for anonymous access. */
  readonly id: string;
  readonly groups: readonly string[];
  readonly roles: readonly Role[];
  readonly rights: ReadonlySet<Right>;
  /** Process definition ids this principal may start; undefined = any. */
  readonly processes?: readonly string[];
  /** Job types this principal may work; undefined = any. */
  readonly jobTypes?: readonly string[];
  /**
   * Tenants the principal works in (token claim, API key `tenants`, `OSPREY_DEV_USER_TENANTS`);
   * absent or empty = `<default>` only. Read only when multi-tenancy is on (`tenants.ts`).
   */
  readonly tenants?: readonly string[];
}

/** Builds a principal, deriving its rights from its roles. */
export function principal(p: Omit<Principal, 'rights'>): Principal {
  return { ...p, rights: rightsOf(p.roles) };
}

/** The user tasks a principal may see: undefined when it sees them all. */
export interface TaskVisibility {
  readonly user: string;
  readonly groups: readonly string[];
}

/** What the guard leaves on the request for controllers. */
export interface AuthenticatedRequest {
  principal?: Principal;
  /** Set on user-task searches by principals that see only their own tasks. */
  taskVisibility?: TaskVisibility;
  /** The tenants the request may see and act in; set by the guard on every non-public route. */
  tenantScope?: TenantScope;
}

/** The task visibility the guard decided for this request (undefined = all tasks). */
export function taskVisibilityOf(req: unknown): TaskVisibility | undefined {
  return (req as AuthenticatedRequest).taskVisibility;
}

/** The principal the guard established for this request. */
export function principalOf(req: unknown): Principal | undefined {
  return (req as AuthenticatedRequest).principal;
}
