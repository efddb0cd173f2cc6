import { join, resolve } from 'node:path';
import { isRole, ROLES, type Role } from './roles';

/** Signature algorithms an OIDC token may use; symmetric ones (HS*) and `none` are never accepted. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** An OIDC provider whose access tokens the engine accepts. */
export interface OidcConfig {
  /** `OSPREY_OIDC_JWKS_URL` — the provider's JSON Web Key Set. */
  readonly jwksUrl: string;
  /** `OSPREY_OIDC_ISSUER` — the required `iss`. */
  readonly issuer: string;
  /** `OSPREY_OIDC_AUDIENCE` — the required `aud` (comma-separated: any of them). */
  readonly audience: readonly string[];
  /** `OSPREY_OIDC_ALGORITHMS` @default ['RS256', 'ES256'] */
  readonly algorithms: readonly string[];
  /** `OSPREY_OIDC_USERNAME_CLAIM` (falls back to `sub`) @default 'preferred_username' */
  readonly usernameClaim: string;
  /** `OSPREY_OIDC_GROUPS_CLAIM` (dotted path for nested claims) @default 'groups' */
  readonly groupsClaim: string;
  /** `OSPREY_OIDC_ROLES_CLAIM` (dotted path, e.g. `realm_access.roles`) @default 'roles' */
  readonly rolesClaim: string;
  /** `OSPREY_OIDC_TENANT_CLAIM` — a string or an array of tenant ids (dotted path for nested claims) @default 'tenant' */
  readonly tenantClaim: string;
  /** `OSPREY_OIDC_CLOCK_TOLERANCE_SECONDS` — allowed clock skew for `exp`/`nbf`. @default 30 */
  readonly clockToleranceSeconds: number;
}

/** A configured API key: only the SHA-256 of the key is kept. */
export interface ApiKeyDefinition {
  readonly id: string;
  /** Lower-case hex SHA-256 of the whole key (`osk_…`). */
  readonly sha256: string;
  readonly roles: readonly Role[];
  /** Job types the key may work; absent = any. */
  readonly jobTypes?: readonly string[];
  /** Process definition ids the key may start; absent = any. */
  readonly processes?: readonly string[];
  /** Tenants the key works in when multi-tenancy is on; absent = `<default>` only. */
  readonly tenants?: readonly string[];
}

/** Who may call the API and how they prove it. */
export interface AuthConfig {
  /** `OSPREY_AUTH_ANONYMOUS` — requests without credentials act as an admin. @default false */
  readonly anonymous: boolean;
  /** Set when `OSPREY_OIDC_JWKS_URL` is; development sign-in tokens are then refused. */
  readonly oidc?: OidcConfig;
  /** `OSPREY_API_KEYS` — JSON array of {@link ApiKeyDefinition}. @default [] */
  readonly apiKeys: readonly ApiKeyDefinition[];
  /**
   * `OSPREY_MULTI_TENANCY` — callers see and act only in their tenants (token claim, API key,
   * development user); off, everyone works in `<default>` and naming another tenant is a 400.
   * @default false
   */
  readonly multiTenancy: boolean;
  /**
   * `OSPREY_DEV_API_KEY_FILE` — where the development API key is written when no identity is
   * configured (no OIDC, no `OSPREY_API_KEYS`, anonymous access off); `off` = no key. Unset when
   * an identity is configured. @default '<OSPREY_DATA_DIR>/dev-api-key' (`.osprey/dev-api-key`)
   */
  readonly devApiKeyFile?: string;
}

/** Reads the `OSPREY_AUTH_*`, `OSPREY_OIDC_*`, `OSPREY_API_KEYS` and `OSPREY_MULTI_TENANCY` variables, adding to `problems`. */
export function loadAuthConfig(env: NodeJS.ProcessEnv, problems: string[]): AuthConfig {
  const anonymous = flag(env, 'OSPREY_AUTH_ANONYMOUS', problems);
  const oidc = loadOidc(env, problems);
  const apiKeys = loadApiKeys(env.OSPREY_API_KEYS, problems);
  return { anonymous, oidc, apiKeys, multiTenancy: flag(env, 'OSPREY_MULTI_TENANCY', problems), devApiKeyFile: devApiKeyFile(env, !anonymous && !oidc && apiKeys.length === 0) };
}

/** Where the development key goes: only while no identity is configured, and not turned `off`. */
function devApiKeyFile(env: NodeJS.ProcessEnv, noIdentity: boolean): string | undefined {
  const raw = env.OSPREY_DEV_API_KEY_FILE?.trim();
  if (!noIdentity || raw === 'off') return undefined;
  return resolve(raw || join(env.OSPREY_DATA_DIR || '.osprey', 'dev-api-key'));
}

function flag(env: NodeJS.ProcessEnv, name: string, problems: string[]): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (!['', 'true', 'false'].includes(raw)) problems.push(`${name}: Expected true or false, but found '${env[name]}'`);
  return raw === 'true';
}

function loadOidc(env: NodeJS.ProcessEnv, problems: string[]): OidcConfig | undefined {
  const jwksUrl = env.OSPREY_OIDC_JWKS_URL?.trim();
  if (!jwksUrl) {
    if (env.OSPREY_OIDC_ISSUER || env.OSPREY_OIDC_AUDIENCE) {
      problems.push('OSPREY_OIDC_JWKS_URL: Expected the provider JWKS URL because OSPREY_OIDC_ISSUER or OSPREY_OIDC_AUDIENCE is set, but it is missing');
    }
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(jwksUrl);
  } catch {
    url = undefined;
  }
  if (!url || !['https:', 'http:'].includes(url.protocol)) problems.push(`OSPREY_OIDC_JWKS_URL: Expected an https:// (or, for local providers, http://) URL, but found '${jwksUrl}'`);
  const issuer = env.OSPREY_OIDC_ISSUER?.trim() ?? '';
  if (!issuer) problems.push('OSPREY_OIDC_ISSUER: Expected the issuer tokens must carry (iss), but it is missing');
  const audience = list(env.OSPREY_OIDC_AUDIENCE);
  if (audience.length === 0) problems.push('OSPREY_OIDC_AUDIENCE: Expected the audience tokens must carry (aud), but it is missing');
  const algorithms = env.OSPREY_OIDC_ALGORITHMS ? list(env.OSPREY_OIDC_ALGORITHMS) : ['RS256', 'ES256'];
  const bad = algorithms.filter((a) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(a));
  if (bad.length > 0 || algorithms.length === 0) {
    problems.push(`OSPREY_OIDC_ALGORITHMS: Expected asymmetric algorithms among ${ASYMMETRIC_ALGORITHMS.join(', ')}, but found '${bad.join(',') || '(none)'}'`);
  }
  const tolerance = env.OSPREY_OIDC_CLOCK_TOLERANCE_SECONDS ? Number(env.OSPREY_OIDC_CLOCK_TOLERANCE_SECONDS) : 30;
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300) {
    problems.push(`OSPREY_OIDC_CLOCK_TOLERANCE_SECONDS: Expected an integer between 0 and 300, but found '${env.OSPREY_OIDC_CLOCK_TOLERANCE_SECONDS}'`);
  }
  return {
    jwksUrl,
    issuer,
    audience,
    algorithms,
    usernameClaim: env.OSPREY_OIDC_USERNAME_CLAIM || 'preferred_username',
    groupsClaim: env.OSPREY_OIDC_GROUPS_CLAIM || 'groups',
    rolesClaim: env.OSPREY_OIDC_ROLES_CLAIM || 'roles',
    tenantClaim: env.OSPREY_OIDC_TENANT_CLAIM || 'tenant',
    clockToleranceSeconds: tolerance,
  };
}

/** Parses `OSPREY_API_KEYS`; never echoes hashes back. */
function loadApiKeys(raw: string | undefined, problems: string[]): ApiKeyDefinition[] {
  if (!raw || !raw.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('OSPREY_API_KEYS: Expected a JSON array of { id, sha256, roles, jobTypes?, processes?, tenants? }, but it does not parse');
    return [];
  }
  if (!Array.isArray(parsed)) {
    problems.push('OSPREY_API_KEYS: Expected a JSON array of { id, sha256, roles, jobTypes?, processes?, tenants? }, but found another value');
    return [];
  }
  const keys: ApiKeyDefinition[] = [];
  const ids = new Set<string>();
  parsed.forEach((entry: Record<string, unknown>, i) => {
    const where = `OSPREY_API_KEYS[${i}]`;
    const id = entry?.id;
    const sha256 = typeof entry?.sha256 === 'string' ? entry.sha256.toLowerCase() : undefined;
    const roles = entry?.roles;
    const before = problems.length;
    if (typeof id !== 'string' || !/^[\w.@-]{1,64}$/.test(id)) problems.push(`${where}.id: Expected a name of letters, digits, '.', '@', '_' or '-'`);
    else if (ids.has(id)) problems.push(`${where}.id: Expected each id once, but '${id}' appears again`);
    if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) problems.push(`${where}.sha256: Expected 64 hex digits (the SHA-256 of the key)`);
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) problems.push(`${where}.roles: Expected a non-empty array of ${ROLES.join(', ')}`);
    const jobTypes = stringArray(entry?.jobTypes, `${where}.jobTypes`, problems);
    const processes = stringArray(entry?.processes, `${where}.processes`, problems);
    const tenants = stringArray(entry?.tenants, `${where}.tenants`, problems);
    if (problems.length > before) return;
    ids.add(id as string);
    keys.push({ id: id as string, sha256: sha256!, roles: roles as Role[], jobTypes, processes, tenants });
  });
  return keys;
}

function stringArray(value: unknown, where: string, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    problems.push(`${where}: Expected an array of non-empty strings`);
    return undefined;
  }
  return value;
}

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
}
