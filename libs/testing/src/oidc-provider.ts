import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** What the test provider puts in the tokens it issues. */
export interface TestOidcOptions {
  readonly issuer?: string;
  readonly audience?: string;
  /** The one client the token endpoint knows. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Claims of every token (e.g. `{ roles: ['worker'] }`). */
  readonly claims?: Record<string, unknown>;
  /** `expires_in` the token endpoint answers, in seconds. @default 300 */
  readonly expiresIn?: number;
  /** The JWT's own lifetime in seconds, when it should differ from `expiresIn` (a token revoked early). */
  readonly jwtLifetime?: number;
}

/** A running test OIDC provider: a JWKS and a client-credentials token endpoint over HTTP. */
export interface TestOidcProvider {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  readonly tokenUrl: string;
  /** Tokens issued so far. */
  readonly issued: number;
  /** The engine variables that make it accept this provider's tokens. */
  readonly engineEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * An OIDC provider for tests of clients that use the client-credentials grant: RS256 tokens for
 * one configured client, `POST /token` (form body or HTTP Basic), `GET /certs`. A wrong client
 * gets `401 invalid_client`, as a real provider answers.
 */
export async function startTestOidcProvider(options: TestOidcOptions): Promise<TestOidcProvider> {
  const issuer = options.issuer ?? 'https://id.example.test/realms/osprey';
  const audience = options.audience ?? 'osprey-api';
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let issued = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url === '/certs') return void res.end(JSON.stringify({ keys: [jwk] }));
      if (req.method !== 'POST' || req.url !== '/token') return void res.writeHead(404).end('{}');
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const [id, secret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [form.get('client_id'), form.get('client_secret')];
      if (form.get('grant_type') !== 'client_credentials' || id !== options.clientId || secret !== options.clientSecret) {
        return void res.writeHead(401).end(JSON.stringify({ error: 'invalid_client', error_description: 'unknown client or wrong secret' }));
      }
      const now = Math.floor(Date.now() / 1000);
      const expiresIn = options.expiresIn ?? 300;
      void new SignJWT({ ...options.claims, azp: id, preferred_username: `service-account-${id}` })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.jwtLifetime ?? expiresIn))
        .sign(privateKey)
        .then((token) => {
          issued += 1;
          res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: expiresIn }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    audience,
    jwksUrl: `${base}/certs`,
    tokenUrl: `${base}/token`,
    get issued() {
      return issued;
    },
    engineEnv: { OSPREY_OIDC_JWKS_URL: `${base}/certs`, OSPREY_OIDC_ISSUER: issuer, OSPREY_OIDC_AUDIENCE: audience, OSPREY_OIDC_CLOCK_TOLERANCE_SECONDS: '0' },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
