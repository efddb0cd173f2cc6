import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { OidcConfig } from './auth-config';
import { principal, type Principal } from './principal';
import { isRole } from './roles';

/**
 * Verifies access tokens of an OIDC provider: signature against the provider's JWKS (fetched
 * and cached by `jose`, refreshed when an unknown `kid` shows up), issuer, audience, expiry and
 * an allow-list of asymmetric algorithms, so `alg: none` and HS256 keyed with the public key
 * are refused before any key is used.
 */
export class OidcVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: OidcConfig) {
    // 5 s to fetch the key set; at most one refetch per 30 s when unknown key ids show up.
    this.jwks = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
  }

  /**
   * The principal a token speaks for.
   * @throws Error (with a reason safe to log, never the token) when the token is not acceptable
   */
  async verify(token: string): Promise<Principal> {
    const { payload } = await jwtVerify(token, this.jwks, {
      issuer: this.config.issuer,
      audience: [...this.config.audience],
      algorithms: [...this.config.algorithms],
      clockTolerance: this.config.clockToleranceSeconds,
      requiredClaims: ['exp'],
    });
    const username = claim(payload, this.config.usernameClaim) ?? payload.sub;
    if (typeof username !== 'string' || !username) throw new Error(`Expected a '${this.config.usernameClaim}' or 'sub' claim, but found neither`);
    return principal({
      kind: 'oidc',
      id: username,
      groups: strings(claim(payload, this.config.groupsClaim)),
      roles: strings(claim(payload, this.config.rolesClaim)).filter(isRole),
      tenants: strings(claim(payload, this.config.tenantClaim)),
    });
  }
}

/** A claim by name or dotted path (`realm_access.roles`). */
function claim(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** A string array claim; a single string counts as one element (some providers flatten). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
