/** An OAuth 2.0 client-credentials grant against an OIDC provider's token endpoint. */
export interface ClientCredentialsOptions {
  /** The provider's token endpoint (e.g. `https://idp/realms/x/protocol/openid-connect/token`). */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Sent as `audience` (Auth0, Camunda's identity) when given. @default none */
  readonly audience?: string;
  /** Sent as `scope` when given. @default none */
  readonly scope?: string;
  /** A token is renewed this many seconds before it expires. @default 30 */
  readonly refreshLeewaySeconds?: number;
}

/** The token endpoint refused the client or answered something that is not a token. */
export class TokenRequestError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TokenRequestError';
  }
}

/**
 * Fetches and caches access tokens with the client-credentials grant. A token is reused until
 * `refreshLeewaySeconds` before its `expires_in`; concurrent callers share one token request.
 * {@link invalidate} drops the cached token (after a `401`), so the next call fetches a new one.
 */
export class ClientCredentials {
  private cached?: { token: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(private readonly options: ClientCredentialsOptions) {
    for (const name of ['tokenUrl', 'clientId', 'clientSecret'] as const) {
      if (!options[name]) throw new TypeError(`Expected oauth.${name}, but it is missing`);
    }
  }

  /** A valid access token, fetched when none is cached or the cached one is about to expire. */
  async token(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets the cached token. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, audience, scope } = this.options;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    if (audience) form.set('audience', audience);
    if (scope) form.set('scope', scope);
    let res: Response;
    let text: string;
    try {
      res = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(15_000),
      });
      text = await res.text();
    } catch (error) {
      throw new TokenRequestError(`Expected the token endpoint ${tokenUrl} to answer, but the request failed`, { cause: error });
    }
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // handled below: not a token
    }
    if (!res.ok || typeof body.access_token !== 'string') {
      const why = typeof body.error === 'string' ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}` : `HTTP ${res.status}`;
      throw new TokenRequestError(`Expected an access token from ${tokenUrl} for client '${clientId}', but the endpoint answered ${why}`);
    }
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
    const leeway = Math.min(this.options.refreshLeewaySeconds ?? 30, lifetime / 2);
    this.cached = { token: body.access_token, renewAt: Date.now() + (lifetime - leeway) * 1000 };
    return body.access_token;
  }
}
