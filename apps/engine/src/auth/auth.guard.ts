import { type CanActivate, type ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, LOGGER } from '../engine.tokens';
import { Authenticator, Unauthenticated } from './authenticator';
import { ResourceChecks, Forbidden, type CheckedRequest } from './resource-checks';
import { ruleFor } from './route-rights';
import { tenantScopeFor } from './tenants';

/**
 * The global guard (registered with `APP_GUARD`): every Nest route is looked up in
 * `ROUTE_RIGHTS`; a route without an entry is refused. Non-public routes need valid
 * credentials (401 otherwise, with `WWW-Authenticate: Bearer`) and one of the route's rights
 * plus its resource check (403 otherwise). Every refusal is logged without credentials. An
 * authenticated request also gets its tenant scope (`tenants.ts`), which every read and command
 * below passes down to the store.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly multiTenancy: boolean;

  constructor(
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(ResourceChecks) private readonly checks: ResourceChecks,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) config: EngineConfig,
  ) {
    this.multiTenancy = config.auth.multiTenancy;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest & CheckedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const route = req.routeOptions?.url ?? '';
    const where = { method: req.method, route };
    const rule = ruleFor(req.method, route);
    if (!rule) {
      this.logger.error(where, 'request denied: the route has no entry in ROUTE_RIGHTS');
      throw new Forbidden(`Expected ${req.method} ${route} to be listed in the engine's route rights, but it is not: it is refused until it is`);
    }
    if ('public' in rule) return true;

    try {
      req.principal = await this.authenticator.authenticate(req.headers);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      this.logger.warn({ ...where, reason: error.reason }, 'request denied: not authenticated');
      const missing = error.reason === 'no credentials';
      void reply.header('www-authenticate', missing ? 'Bearer realm="osprey"' : 'Bearer realm="osprey", error="invalid_token"');
      throw new HttpException(
        missing
          ? 'Expected credentials (Authorization: Bearer <token> or X-API-Key), but found none'
          : 'Expected valid credentials, but the token or API key is invalid, expired or not accepted here',
        401,
      );
    }
    const who = req.principal;
    req.tenantScope = tenantScopeFor(who, this.multiTenancy);
    if ('authenticated' in rule) return true;

    try {
      if (!rule.anyOf.some((right) => who.rights.has(right))) {
        throw new Forbidden(`Expected a principal with the right ${rule.anyOf.join(' or ')} for ${req.method} ${route}, but '${who.id}' has roles ${who.roles.join(', ') || '(none)'}`);
      }
      if (rule.check) await this.checks.enforce(rule.check, who, req);
    } catch (error) {
      if (error instanceof Forbidden) this.logger.warn({ ...where, principal: who.id, kind: who.kind, reason: error.reason }, 'request denied: not allowed');
      throw error;
    }
    return true;
  }
}
