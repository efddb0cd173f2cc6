import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { ResourceChecks } from './resource-checks';

/**
 * Sign-in and rights for the API (docs/security.md): authentication by OIDC token, API key or
 * development sign-in token, and authorization by the route table in `route-rights.ts`.
 * Add {@link AUTH_PROVIDERS} to the app module's providers to guard every route.
 */
export const AUTH_PROVIDERS = [Authenticator, ResourceChecks, { provide: APP_GUARD, useClass: AuthGuard }];

export { ROUTE_RIGHTS, ruleFor, type RouteRule, type ResourceCheck } from './route-rights';
export { ROLES, RIGHTS, ROLE_RIGHTS, type Role, type Right } from './roles';
export { principalOf, taskVisibilityOf, type Principal, type TaskVisibility } from './principal';
export { loadAuthConfig, type AuthConfig } from './auth-config';
export { tenantScopeFor, tenantScopeOf } from './tenants';
