import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { bootEngine, freshDatabase } from '../support/engine-harness';

export const ISSUER = 'https://id.example.test/realms/osprey';
export const AUDIENCE = 'osprey-api';

/** A throwaway OIDC provider: an RS256 key pair and its JWKS served over HTTP. */
export interface TestProvider {
  readonly jwksUrl: string;
  /** The public key as PEM, what an HS256 key-confusion attack would use as the HMAC secret. */
  readonly publicPem: string;
  /** A signed access token: valid for 5 minutes for ISSUER/AUDIENCE unless `claims` override them. */
  token(claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export async function startProvider(): Promise<TestProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const now = () => Math.floor(Date.now() / 1000);
  return {
    jwksUrl: `http://127.0.0.1:${port}/protocol/openid-connect/certs`,
    publicPem: await exportSPKI(publicKey),
    token: (claims) =>
      new SignJWT({ iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 300, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(privateKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A fresh API key and the `OSPREY_API_KEYS` entry that admits it. */
export function apiKey(entry: { id: string; roles: string[]; jobTypes?: string[]; processes?: string[]; tenants?: string[] }): { key: string; config: object } {
  const key = `osk_${randomBytes(32).toString('base64url')}`;
  return { key, config: { ...entry, sha256: createHash('sha256').update(key).digest('hex') } };
}

type Response = { status: number; body: any; headers: Headers };

/** Credentials of one caller: a bearer token, an `X-API-Key`, or none. */
export type Credential = { token: string } | { apiKey: string } | null;

/** A caller of the REST API with fixed credentials. */
export class Caller {
  constructor(
    readonly baseUrl: string,
    readonly credential: Credential,
  ) {}

  private headers(): Record<string, string> {
    if (!this.credential) return {};
    return 'token' in this.credential ? { authorization: `Bearer ${this.credential.token}` } : { 'x-api-key': this.credential.apiKey };
  }

  async call(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...this.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async deploy(name: string, content: string, tenantId?: string): Promise<Response> {
    const form = new FormData();
    form.append('resources', new Blob([content]), name);
    if (tenantId !== undefined) form.append('tenantId', tenantId);
    const res = await fetch(`${this.baseUrl}/v2/deployments`, { method: 'POST', body: form, headers: this.headers() });
    return { status: res.status, body: await res.json(), headers: res.headers };
  }
}

/** Asserts an RFC 9457 problem with `status`. */
export function assertDenied(res: Response, status: 401 | 403): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  if (status === 401) assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
}

/** One engine with OIDC, the given API keys and anonymous access off, for one test file. */
export interface AuthContext {
  provider: TestProvider;
  engine: RunningEngine;
  db: TestDatabase;
  /** A caller with an OIDC token naming `username`, with `roles` and `groups`. */
  user(username: string, roles: string[], groups?: string[]): Promise<Caller>;
  caller(credential: Credential): Caller;
}

/** @param env more engine environment (e.g. `OSPREY_MULTI_TENANCY`) */
export function authEngineForFile(prefix: string, apiKeys: object[] = [], env: Record<string, string> = {}): AuthContext {
  const ctx = {} as AuthContext;
  before(async () => {
    ctx.provider = await startProvider();
    ctx.db = await freshDatabase(prefix);
    ctx.engine = await bootEngine({
      DATABASE_URL: ctx.db.url,
      OSPREY_AUTH_ANONYMOUS: 'false',
      OSPREY_OIDC_JWKS_URL: ctx.provider.jwksUrl,
      OSPREY_OIDC_ISSUER: ISSUER,
      OSPREY_OIDC_AUDIENCE: AUDIENCE,
      OSPREY_API_KEYS: JSON.stringify(apiKeys),
      ...env,
    });
    ctx.caller = (credential) => new Caller(ctx.engine.url, credential);
    ctx.user = async (username, roles, groups = []) => ctx.caller({ token: await ctx.provider.token({ sub: `id-${username}`, preferred_username: username, roles, groups }) });
  });
  after(async () => {
    await ctx.engine?.stop();
    await ctx.db?.drop();
    await ctx.provider?.close();
  });
  return ctx;
}

/** start → user task offered to `groups` → end. */
export function userTaskProcess(processId: string, groups: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="defs_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="Review">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="${groups}" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}
