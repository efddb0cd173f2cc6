import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, LOGGER } from '../engine.tokens';
import { IdentityService } from '../identity/identity.service';
import { API_KEY_PREFIX, ApiKeys } from './api-keys';
import type { ApiKeyDefinition } from './auth-config';
import { ensureDevApiKey } from './dev-api-key';
import { OidcVerifier } from './oidc-verifier';
import { principal, type Principal } from './principal';
import { ROLES } from './roles';

/** Why credentials were refused; `reason` is for the log and never holds the credential. */
export class Unauthenticated extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Unauthenticated';
  }
}

/** Who a request without credentials is when `OSPREY_AUTH_ANONYMOUS=true`. */
const ANONYMOUS = principal({ kind: 'anonymous', id: 'anonymous', groups: [], roles: ROLES });

/**
 * Turns a request's credentials into a {@link Principal}:
 * `X-API-Key: osk_…` or `Authorization: Bearer osk_…` → a configured API key;
 * any other bearer token → the OIDC provider when one is configured, else a development
 * sign-in token; no credentials → the anonymous admin when anonymous access is on.
 * Credentials that are present but wrong are refused even when anonymous access is on.
 */
@Injectable()
export class Authenticator {
  private readonly apiKeys: ApiKeys;
  private readonly oidc: OidcVerifier | null;
  private readonly anonymous: boolean;

  constructor(
    @Inject(CONFIG) config: EngineConfig,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.apiKeys = new ApiKeys([...config.auth.apiKeys, ...devApiKey(config.auth.devApiKeyFile, logger)]);
    this.oidc = config.auth.oidc ? new OidcVerifier(config.auth.oidc) : null;
    this.anonymous = config.auth.anonymous;
    logger.info(
      { oidc: config.auth.oidc ? { issuer: config.auth.oidc.issuer, jwksUrl: config.auth.oidc.jwksUrl } : false, apiKeys: config.auth.apiKeys.map((k) => k.id), anonymous: this.anonymous },
      'API authentication configured',
    );
    if (this.anonymous) {
      logger.warn('OSPREY_AUTH_ANONYMOUS=true: requests without credentials act as an admin; never enable this where the engine is reachable by others');
    }
  }

  /**
   * @param headers the request headers (lower-case names, as Node gives them)
   * @throws Unauthenticated when credentials are missing (and anonymous access is off) or invalid
   */
  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Principal> {
    const apiKey = single(headers['x-api-key']);
    const authorization = single(headers.authorization);
    if (apiKey !== undefined) return this.byApiKey(apiKey);
    if (authorization === undefined) {
      if (this.anonymous) return ANONYMOUS;
      throw new Unauthenticated('no credentials');
    }
    const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization.trim());
    if (!match) throw new Unauthenticated('Authorization header is not a bearer token');
    const token = match[1];
    if (token.startsWith(API_KEY_PREFIX)) return this.byApiKey(token);
    if (this.oidc) {
      try {
        return await this.oidc.verify(token);
      } catch (error) {
        // jose's messages name the failed check (signature, "exp" claim, unexpected "iss"…), never the token.
        throw new Unauthenticated(`OIDC token refused: ${(error as Error).message}`);
      }
    }
    const dev = await this.identity.verifyToken(token);
    if (!dev) throw new Unauthenticated('token is not a valid, unexpired development sign-in token');
    return dev;
  }

  private byApiKey(key: string): Principal {
    const found = key.startsWith(API_KEY_PREFIX) ? this.apiKeys.verify(key) : null;
    if (!found) throw new Unauthenticated('unknown API key');
    return found;
  }
}

/** The development key's definition when one is due (see {@link ensureDevApiKey}); logs where it is, never the key. */
function devApiKey(file: string | undefined, logger: Logger): ApiKeyDefinition[] {
  if (!file) return [];
  const result = ensureDevApiKey(file);
  if ('error' in result) {
    logger.warn({ file, error: result.error }, 'No development API key: its file cannot be written; workers need OSPREY_API_KEY or a token');
    return [];
  }
  logger.warn(
    { file, created: result.created, roles: result.definition.roles },
    'Development API key in use (no identity configured): npm run workers and npx osprey read it from this file; configure OIDC or OSPREY_API_KEYS for anything others can reach',
  );
  return [result.definition];
}

/** The header's value; an empty one counts as absent (Camunda's clients send `authorization: ''` when configured without auth). */
function single(v: string | string[] | undefined): string | undefined {
  const value = Array.isArray(v) ? v[0] : v;
  return value === undefined || value.trim() === '' ? undefined : value;
}
