import { Controller, HttpException, Inject, Req } from '@nestjs/common';
import { CURRENT_USER, SEARCH_USERS, SIGN_IN, type SearchRequest, type SignInRequest } from '@osprey/contracts';
import { ContractBody, Route } from '../api/contract-route';
import { IdentityService } from './identity.service';
import { principalOf } from '../auth/principal';
import { tenantScopeOf } from '../auth/tenants';

/** The parts of the web app the engine serves, which every signed-in user may open (each call checks its rights). */
const WEB_APP_COMPONENTS = ['modeler', 'inbox', 'monitor'];

/** Development sign-in and "who am I" (Camunda's `GET /v2/authentication/me`). */
@Controller()
export class IdentityController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  /**
   * Camunda's `POST /v2/users/search`, for the users the engine knows: `{ items: [{ username,
   * name, groups }], page: { totalItems } }` (no passwords, no filter).
   */
  @Route(SEARCH_USERS)
  // The body is read for its shape only: the development users are few, and none are filtered.
  users(@ContractBody() _body: SearchRequest) {
    const items = this.identity.knownUsers();
    return { items, page: { totalItems: items.length } };
  }

  /** `POST /v2/osprey/sign-in` — `{ username, password }` → `{ token, username, groups, roles, expiresIn }`. */
  @Route(SIGN_IN)
  signIn(@ContractBody() { username, password }: SignInRequest) {
    return this.identity.signIn(username, password);
  }

  /** Who the request's credentials name (the guard checked them): Camunda 8.8's current user, or 401. */
  @Route(CURRENT_USER)
  me(@Req() req: unknown) {
    const who = principalOf(req);
    if (!who || who.kind === 'anonymous') throw new HttpException('Expected a valid bearer token or API key, but it is missing, invalid or expired', 401);
    // Camunda's shape: `tenants: [{ tenantId, name }]`; the ids are the only names Osprey knows.
    const tenants = (tenantScopeOf(req).tenants ?? []).map((tenantId) => ({ tenantId, name: tenantId }));
    return {
      username: who.id,
      authorizedComponents: WEB_APP_COMPONENTS,
      tenants,
      groups: who.groups,
      roles: who.roles,
      salesPlanType: '',
      c8Links: {},
      canLogout: who.kind !== 'api-key',
    };
  }
}
