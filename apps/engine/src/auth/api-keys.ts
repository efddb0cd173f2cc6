import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyDefinition } from './auth-config';
import { principal, type Principal } from './principal';

/** Every API key starts with this, so it can travel as a bearer token and be told from a JWT. */
export const API_KEY_PREFIX = 'osk_';

/**
 * The configured API keys (`OSPREY_API_KEYS`). Only SHA-256 digests are held; a presented key is
 * hashed and compared with every configured digest in constant time, so neither the comparison
 * nor which entry matched shows in the response time. Revoking a key = removing its entry.
 */
export class ApiKeys {
  private readonly digests: { definition: ApiKeyDefinition; digest: Buffer }[];

  constructor(definitions: readonly ApiKeyDefinition[]) {
    this.digests = definitions.map((definition) => ({ definition, digest: Buffer.from(definition.sha256, 'hex') }));
  }

  /** The principal of a presented key, or null when no configured key matches. */
  verify(key: string): Principal | null {
    const presented = createHash('sha256').update(key, 'utf8').digest();
    let found: ApiKeyDefinition | null = null;
    // No early exit: every entry is compared whatever matched.
    for (const { definition, digest } of this.digests) {
      if (timingSafeEqual(presented, digest) && found === null) found = definition;
    }
    if (!found) return null;
    return principal({ kind: 'api-key', id: found.id, groups: [], roles: found.roles, processes: found.processes, jobTypes: found.jobTypes, tenants: found.tenants });
  }
}
