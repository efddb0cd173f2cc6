import { Body as RawBody, Controller, Get, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import { Body } from '../api/body';
import { IdentityService } from './identity.service';
import { principalOf } from '../auth/principal';
import { tenantScopeOf } from '../auth/tenants';

/** Development sign-in and "who am I" (Camunda's `GET /v2/authentication/me`). */
@Controller('v2')
export class IdentityController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  /**
   * Camunda's `POST /v2/users/search`, for the users the engine knows: `{ items: [{ username,
   * name, groups }], page: { totalItems } }` (no passwords, no filter).
   */
  @Post('users/search')
  @HttpCode(200)
  users() {
    const items = this.identity.knownUsers();
    return { items, page: { totalItems: items.length } };
  }

  /** `POST /v2/osprey/sign-in` — `{ username, password }` → `{ token, username, groups, expiresIn }`. */
  @Post('osprey/sign-in')
  @HttpCode(200)
  signIn(@RawBody() raw: unknown) {
    const b = new Body(raw);
    const username = b.string('username', { required: true });
    const password = b.string('password', { required: true });
    b.done();
    return this.identity.signIn(username, password);
  }

  /** Who the request's credentials name (the guard checked them): `{ username, groups, tenants }`, or 401. */
  @Get('authentication/me')
  me(@Req() req: unknown) {
    const who = principalOf(req);
    if (!who || who.kind === 'anonymous') throw new HttpException('Expected a valid bearer token or API key, but it is missing, invalid or expired', 401);
    // Camunda's shape: `tenants: [{ tenantId, name }]`; the ids are the only names Osprey knows.
    const tenants = (tenantScopeOf(req).tenants ?? []).map((tenantId) => ({ tenantId, name: tenantId }));
    return { username: who.id, groups: who.groups, tenants };
  }
}
