import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ClientCredentialsOptions } from './client-credentials';

/** The credential options of an {@link OspreyClient}, as {@link credentialsFromEnv} finds them. */
export interface EnvCredentials {
  readonly apiKey?: string;
  readonly token?: string;
  readonly oauth?: ClientCredentialsOptions;
  /** Where the credential came from, for messages: a variable name or the development key file. */
  readonly source?: string;
}

/**
 * Finds a credential in the environment, first match wins:
 * 1. `OSPREY_API_KEY` — an API key (`osk_…`);
 * 2. `OSPREY_OIDC_TOKEN_URL` + `OSPREY_OIDC_CLIENT_ID` + `OSPREY_OIDC_CLIENT_SECRET`
 *    (`OSPREY_OIDC_AUDIENCE`, `OSPREY_OIDC_SCOPE` optional) — client credentials, refreshed;
 * 3. `OSPREY_TOKEN` — a bearer token as it is;
 * 4. the development key the engine writes when no identity is configured:
 *    `OSPREY_DEV_API_KEY_FILE`, else `<OSPREY_DATA_DIR or .osprey>/dev-api-key` from the working
 *    directory (the repository root for `npm run workers` and `npx osprey`).
 *
 * @returns no credential fields when none is found
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): EnvCredentials {
  if (env.OSPREY_API_KEY) return { apiKey: env.OSPREY_API_KEY.trim(), source: 'OSPREY_API_KEY' };
  const { OSPREY_OIDC_TOKEN_URL: tokenUrl, OSPREY_OIDC_CLIENT_ID: clientId, OSPREY_OIDC_CLIENT_SECRET: clientSecret } = env;
  if (tokenUrl && clientId && clientSecret) {
    return {
      oauth: { tokenUrl, clientId, clientSecret, audience: env.OSPREY_OIDC_AUDIENCE || undefined, scope: env.OSPREY_OIDC_SCOPE || undefined },
      source: 'OSPREY_OIDC_CLIENT_ID',
    };
  }
  if (env.OSPREY_TOKEN) return { token: env.OSPREY_TOKEN.trim(), source: 'OSPREY_TOKEN' };
  const file = devApiKeyFile(env);
  if (file) {
    try {
      const key = readFileSync(file, 'utf8').trim();
      if (key.startsWith('osk_')) return { apiKey: key, source: file };
    } catch {
      // no engine in development mode has written one here: no credential
    }
  }
  return {};
}

/** The development key file a local engine writes, or undefined when turned `off`. */
export function devApiKeyFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.OSPREY_DEV_API_KEY_FILE?.trim();
  if (raw === 'off') return undefined;
  return resolve(raw || join(env.OSPREY_DATA_DIR || '.osprey', 'dev-api-key'));
}
