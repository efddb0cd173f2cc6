import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/** Who a token speaks for. */
export interface TokenClaims {
  readonly username: string;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
}

const ISSUER = 'osprey-dev-sign-in';

/**
 * Short-lived bearer tokens in JWT form (HS256, signed and checked by `jose`), so clients that
 * expect a JWT can carry them. Only this engine (or one sharing its secret) can issue or
 * verify them.
 */
export class TokenSigner {
  private readonly key: Uint8Array;

  /**
   * @param secret the HMAC key; a fresh random one per process when not configured
   * @param ttlSeconds how long a token stays valid
   */
  constructor(
    secret: Buffer = randomBytes(32),
    readonly ttlSeconds = 3600,
  ) {
    this.key = new Uint8Array(secret);
  }

  /** A signed token for `claims`, valid for {@link ttlSeconds} from `now`. */
  async sign(claims: TokenClaims, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    return new SignJWT({ groups: [...claims.groups], roles: [...claims.roles] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(claims.username)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.key);
  }

  /** The claims of a token this signer issued and that has not expired, else null. */
  async verify(token: string, now = Date.now()): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, currentDate: new Date(now), clockTolerance: 0 });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
      const groups = Array.isArray(payload.groups) ? payload.groups.filter((g): g is string => typeof g === 'string') : [];
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
      return { username: payload.sub, groups, roles };
    } catch {
      // A malformed, forged or expired token: the caller answers 401 either way.
      return null;
    }
  }
}
