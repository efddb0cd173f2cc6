import { credentialsFromEnv, OspreyClient } from '@osprey/client';
import { CliError, EXIT } from './exit-codes';

/** The global options every command that calls the engine reads. */
export interface ConnectionOptions {
  /** `--url`, else `OSPREY_URL`. @default 'http://localhost:8080' */
  readonly url?: string;
  /** `--api-key`, else `OSPREY_API_KEY`, else OIDC client credentials, `OSPREY_TOKEN`, the development key. */
  readonly apiKey?: string;
}

/**
 * A client for the engine: the URL from `--url` or `OSPREY_URL`; the credential from
 * `--api-key`, else the environment as `credentialsFromEnv` reads it (`OSPREY_API_KEY`,
 * `OSPREY_OIDC_TOKEN_URL`/`_CLIENT_ID`/`_CLIENT_SECRET`/`_AUDIENCE`/`_SCOPE`, `OSPREY_TOKEN`, the
 * development key file a local engine writes).
 * @throws CliError (usage) when the URL is not an http(s) URL
 */
export function connect(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): OspreyClient {
  const url = options.url ?? env.OSPREY_URL ?? 'http://localhost:8080';
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new CliError(`--url: Expected an http(s) URL of the engine, but found '${url}'`, EXIT.USAGE);
  const { apiKey, token, oauth } = options.apiKey ? { apiKey: options.apiKey, token: undefined, oauth: undefined } : credentialsFromEnv(env);
  return new OspreyClient({ baseUrl: url, apiKey, token, oauth });
}
