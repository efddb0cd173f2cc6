import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Who a token speaks for. */
export interface TokenClaims {
  readonly username: string;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const ISSUER = 'osprey-dev-sign-in';

/**
 * Short-lived bearer tokens in JWT form (HS256: HMAC-SHA256 over header and payload), so
 * clients that expect a JWT can carry them. Only this engine (or one sharing its secret) can
 * issue or verify them.
 */
export class TokenSigner {
  /**
   * @param secret the HMAC key; a fresh random one per process when not configured
   * @param ttlSeconds how long a token stays valid
   */
  constructor(
    private readonly secret: Buffer = randomBytes(32),
    readonly ttlSeconds = 3600,
  ) {}

  /** A signed token for `claims`, valid for {@link ttlSeconds} from `now`. */
  sign(claims: TokenClaims, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const payload = base64url(JSON.stringify({ iss: ISSUER, sub: claims.username, groups: claims.groups, roles: claims.roles, iat, exp: iat + this.ttlSeconds }));
    return `${HEADER}.${payload}.${this.mac(`${HEADER}.${payload}`)}`;
  }

  /** The claims of a token this signer issued and that has not expired, else null. */
  verify(token: string, now = Date.now()): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return null;
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let payload: { iss?: unknown; sub?: unknown; groups?: unknown; roles?: unknown; exp?: unknown };
    try {
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as typeof payload;
    } catch {
      return null;
    }
    if (payload.iss !== ISSUER || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
    if (payload.exp * 1000 <= now) return null;
    const groups = Array.isArray(payload.groups) ? payload.groups.filter((g): g is string => typeof g === 'string') : [];
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    return { username: payload.sub, groups, roles };
  }

  private mac(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}

function base64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}
