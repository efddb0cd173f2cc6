import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { API_KEY_PREFIX } from './api-keys';
import type { ApiKeyDefinition } from './auth-config';
import { DEFAULT_DEV_ROLES } from './roles';

/** The id the development key carries in logs and audit rows. */
export const DEV_API_KEY_ID = 'development';

/** A key as `osk_` + 32 random bytes in base64url, the shape docs/security.md generates. */
const KEY_SHAPE = /^osk_[A-Za-z0-9_-]{43}$/;

/**
 * The development API key: when no identity is configured (no OIDC provider, no
 * `OSPREY_API_KEYS`, anonymous access off), `npm start` creates a key with every role but admin
 * (what a development user gets) and writes it to `file` (mode 0600), where `npm run workers` and
 * `npx osprey` find it. A key already in the file is kept, so workers outlive an engine restart.
 * The engine keeps only the key's SHA-256, like any configured key; the key itself is never
 * logged.
 *
 * @returns the key's definition, or the error code when the file can neither be read nor
 *   written (the engine then runs without it, and callers need another credential)
 */
export function ensureDevApiKey(file: string): { definition: ApiKeyDefinition; created: boolean } | { error: string } {
  try {
    let key = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    const created = !KEY_SHAPE.test(key);
    if (created) {
      key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${key}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    const sha256 = createHash('sha256').update(key, 'utf8').digest('hex');
    return { definition: { id: DEV_API_KEY_ID, sha256, roles: DEFAULT_DEV_ROLES }, created };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}
