import { TenantScope } from '@osprey/store';
import type { AuthenticatedRequest, Principal } from './principal';

/**
 * The tenants a principal works in: with multi-tenancy off, `<default>` only (naming another
 * tenant is a 400); on, the principal's own tenants — from the token's tenant claim, the API
 * key's `tenants` or `OSPREY_DEV_USER_TENANTS` — or `<default>` only when it has none (so
 * anonymous access, when enabled, reaches `<default>` alone).
 */
export function tenantScopeFor(who: Principal, multiTenancy: boolean): TenantScope {
  if (!multiTenancy) return TenantScope.DEFAULT_ONLY;
  return TenantScope.of(who.kind === 'anonymous' ? [] : (who.tenants ?? []));
}

/**
 * The tenant scope the guard decided for this request.
 * @throws Error when the guard set none (a public route reading tenant data is a bug: refuse it)
 */
export function tenantScopeOf(req: unknown): TenantScope {
  const scope = (req as AuthenticatedRequest).tenantScope;
  if (!scope)
    throw new Error('Expected the guard to have decided the tenant scope of this request, but it has none');
  return scope;
}
