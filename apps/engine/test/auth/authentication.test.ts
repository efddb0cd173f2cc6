import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { oneTaskProcess } from '../support/bpmn';
import { assertDenied, authEngineForFile, AUDIENCE, ISSUER } from './auth-fixtures';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('authentication with an OIDC provider', () => {
  const ctx = authEngineForFile('auth_oidc');

  it('keeps probes, topology and sign-in discovery public', async () => {
    // given no credentials at all
    const anyone = ctx.caller(null);
    // then probes and the topology answer
    assert.equal((await anyone.call('GET', '/health/live')).status, 200);
    assert.equal((await anyone.call('GET', '/v2/topology')).status, 200);
    // and development sign-in says it is off, since an OIDC provider is configured
    assertDenied(await anyone.call('POST', '/v2/osprey/sign-in', { username: 'demo', password: 'demo' }), 403);
  });

  it('refuses a request without credentials with 401 and WWW-Authenticate', async () => {
    const res = await ctx.caller(null).call('POST', '/v2/process-instances/search', {});
    assertDenied(res, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="osprey"');
  });

  it('refuses expired, foreign, unsigned and key-confused tokens with 401', async () => {
    const claims = { preferred_username: 'mallory', roles: ['admin'], iss: ISSUER, aud: AUDIENCE, exp: now() + 300 };
    const cases: Record<string, string> = {
      expired: await ctx.provider.token({ ...claims, iat: now() - 3600, exp: now() - 120 }),
      'wrong issuer': await ctx.provider.token({ ...claims, iss: 'https://evil.example.test' }),
      'wrong audience': await ctx.provider.token({ ...claims, aud: 'some-other-api' }),
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      // The classic confusion: HMAC keyed with the provider's public key, which anyone can fetch.
      'HS256 with the public key': await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: 'test-key' })
        .sign(new TextEncoder().encode(ctx.provider.publicPem)),
      'tampered payload': await (async () => {
        const [h, , s] = (await ctx.provider.token({ preferred_username: 'viewer-vic', roles: ['viewer'] })).split('.');
        return `${h}.${b64(claims)}.${s}`;
      })(),
      garbage: 'not-a-token',
    };
    for (const [name, token] of Object.entries(cases)) {
      // when the token is presented
      const res = await ctx.caller({ token }).call('POST', '/v2/process-instances/search', {});
      // then it is refused as invalid
      assertDenied(res, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/, name);
    }
    // and an unknown API key is refused the same way
    assertDenied(await ctx.caller({ apiKey: 'osk_unknown' }).call('POST', '/v2/jobs/search', {}), 401);
  });

  it('accepts a valid token and names its user', async () => {
    const vic = await ctx.user('vic', ['viewer'], ['auditors']);
    const me = await vic.call('GET', '/v2/authentication/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, {
      username: 'vic',
      authorizedComponents: ['modeler', 'inbox', 'monitor'],
      tenants: [{ tenantId: '<default>', name: '<default>' }],
      groups: ['auditors'],
      roles: ['viewer'],
      salesPlanType: '',
      c8Links: {},
      canLogout: true,
    });
  });

  it('lets a viewer search but not deploy, start or cancel (403)', async () => {
    // given a viewer and a modeler
    const viewer = await ctx.user('vic', ['viewer']);
    const modeler = await ctx.user('mo', ['modeler']);
    // then the viewer reads
    assert.equal((await viewer.call('POST', '/v2/process-definitions/search', {})).status, 200);
    // but may not deploy, start or operate
    assertDenied(await viewer.deploy('one.bpmn', oneTaskProcess('auth-one', 'auth-work')), 403);
    assertDenied(await viewer.call('POST', '/v2/process-instances', { processDefinitionId: 'auth-one' }), 403);
    assertDenied(await viewer.call('POST', '/v2/process-instances/1/cancellation', {}), 403);
    // while the modeler deploys
    assert.equal((await modeler.deploy('one.bpmn', oneTaskProcess('auth-one', 'auth-work'))).status, 200);
    // and a token with no known role may do nothing but ask who it is
    const nobody = await ctx.user('nobody', ['not-a-role']);
    assertDenied(await nobody.call('POST', '/v2/process-definitions/search', {}), 403);
    assert.equal((await nobody.call('GET', '/v2/authentication/me')).status, 200);
  });
});
