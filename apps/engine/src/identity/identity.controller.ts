import { Body as RawBody, Controller, Get, Headers, HttpCode, HttpException, Inject, Post } from '@nestjs/common';
import { Body } from '../api/body';
import { IdentityService } from './identity.service';

/** Development sign-in and "who am I" (Camunda's `GET /v2/authentication/me`). */
@Controller('v2')
export class IdentityController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

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

  /** The user of the bearer token: `{ username, groups }`, or 401. */
  @Get('authentication/me')
  me(@Headers('authorization') authorization: string | undefined) {
    const claims = this.identity.fromAuthorization(authorization);
    if (!claims) throw new HttpException('Expected a valid bearer token from POST /v2/osprey/sign-in, but it is missing, invalid or expired', 401);
    return { username: claims.username, groups: claims.groups };
  }
}
