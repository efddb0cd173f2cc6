import { HttpException, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { CONFIG, LOGGER } from '../engine.tokens';
import { ConfigError, type EngineConfig } from '../config/engine-config';
import { principal, type Principal } from '../auth/principal';
import { isRole } from '../auth/roles';
import { DEFAULT_DEV_USER_ROLES, DEFAULT_DEV_USERS, parseDevUsers, withDevUserRoles, withDevUserTenants, type DevUser } from './dev-users';
import { TokenSigner, type TokenClaims } from './token-signer';

/** Shortest `OSPREY_TOKEN_SECRET` accepted, in characters (HS256 wants at least 256 bits of key). */
const MIN_SECRET_LENGTH = 32;

/**
 * Development sign-in: checks a username and password against `OSPREY_DEV_USERS` and issues a
 * signed, short-lived bearer token naming the user, their groups and roles. The engine accepts
 * these tokens only while no OIDC provider is configured (see docs/security.md).
 *
 * Environment: `OSPREY_DEV_USERS` (@default `demo:demo:approvers,managers;maria:maria:managers;admin:admin:`),
 * `OSPREY_DEV_USER_ROLES` (@default every role but admin for each user; for the default users,
 * `maria:approver;admin:admin`),
 * `OSPREY_DEV_USER_TENANTS` (@default `<default>` only for each user; read with multi-tenancy on),
 * `OSPREY_TOKEN_SECRET` (@default a random secret per process: tokens end with a restart and
 * are not shared between replicas), `OSPREY_TOKEN_TTL_SECONDS` (@default 3600).
 */
@Injectable()
export class IdentityService {
  private readonly users: Map<string, DevUser>;
  private readonly signer: TokenSigner;

  private readonly enabled: boolean;

  constructor(@Inject(LOGGER) logger: Logger, @Inject(CONFIG) config: EngineConfig) {
    const env = process.env;
    this.enabled = !config.auth.oidc;
    const configured = parseDevUsers(env.OSPREY_DEV_USERS || DEFAULT_DEV_USERS);
    // The default users come with the roles that show the rights model; the variable still wins.
    const defaults = env.OSPREY_DEV_USERS ? configured : withDevUserRoles(configured, DEFAULT_DEV_USER_ROLES);
    const users = withDevUserTenants(withDevUserRoles(defaults, env.OSPREY_DEV_USER_ROLES), env.OSPREY_DEV_USER_TENANTS);
    this.users = new Map(users.map((u) => [u.username, u]));
    const secret = env.OSPREY_TOKEN_SECRET;
    if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError([`OSPREY_TOKEN_SECRET: Expected at least ${MIN_SECRET_LENGTH} characters, but found ${secret.length}`]);
    }
    const ttlRaw = env.OSPREY_TOKEN_TTL_SECONDS;
    const ttl = ttlRaw ? Number(ttlRaw) : 3600;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > 86_400) {
      throw new ConfigError([`OSPREY_TOKEN_TTL_SECONDS: Expected an integer between 60 and 86400, but found '${ttlRaw}'`]);
    }
    this.signer = new TokenSigner(secret ? Buffer.from(secret, 'utf8') : undefined, ttl);
    if (!this.enabled) return;
    logger.warn(
      { users: [...this.users.keys()], sharedSecret: Boolean(secret) },
      'Development sign-in is enabled (OSPREY_DEV_USERS): it is not for production; put real sign-in in front of the engine',
    );
  }

  /**
   * The users people can hand work to (the inbox's Delegate): the development users, by name,
   * with their groups; none when an OIDC provider signs people in (the engine knows no list then).
   */
  knownUsers(): { username: string; name: string; groups: string[] }[] {
    if (!this.enabled) return [];
    return [...this.users.values()].map((u) => ({ username: u.username, name: u.username, groups: [...u.groups] })).sort((a, b) => a.username.localeCompare(b.username));
  }

  /**
   * A token for a user whose password matches.
   * @throws HttpException 401 when the username is unknown or the password is wrong (which one is not said)
   */
  async signIn(username: string, password: string): Promise<{ token: string; username: string; groups: string[]; roles: string[]; expiresIn: number }> {
    if (!this.enabled) throw new HttpException('Expected development sign-in to be on, but it is off because an OIDC provider is configured: sign in with the provider', 403);
    const user = this.users.get(username);
    // Compare digests so the time taken does not depend on where the passwords differ.
    const ok = user !== undefined && timingSafeEqual(digest(user.password), digest(password));
    if (!ok) throw new HttpException('Expected a known username and its password, but they do not match', 401);
    const claims: TokenClaims = { username: user.username, groups: user.groups, roles: user.roles };
    return { token: await this.signer.sign(claims), username: user.username, groups: [...user.groups], roles: [...user.roles], expiresIn: this.signer.ttlSeconds };
  }

  /** The user an `Authorization: Bearer …` header names, or null when absent, invalid or expired. */
  async fromAuthorization(header: string | undefined): Promise<TokenClaims | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    return match ? this.signer.verify(match[1]) : null;
  }

  /** The principal of a development token, or null when it is not one this engine issued, or expired. */
  async verifyToken(token: string): Promise<Principal | null> {
    if (!this.enabled) return null;
    const claims = await this.signer.verify(token);
    if (!claims) return null;
    // Tenants come from the configuration, not the token, so a change applies to tokens already issued.
    const tenants = this.users.get(claims.username)?.tenants;
    return principal({ kind: 'dev-token', id: claims.username, groups: claims.groups, roles: claims.roles.filter(isRole), tenants });
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
