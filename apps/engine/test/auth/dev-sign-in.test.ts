import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { bootEngine, freshDatabase } from '../support/engine-harness';
import { assertDenied, Caller } from './auth-fixtures';

describe('the embedded default: development sign-in, anonymous access off', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  before(async () => {
    // The default users (demo, maria, admin), with their default roles.
    delete process.env.OSPREY_DEV_USER_ROLES;
    db = await freshDatabase('auth_dev');
    engine = await bootEngine({ DATABASE_URL: db.url, OSPREY_AUTH_ANONYMOUS: undefined });
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  const signIn = async (username: string) => {
    const res = await new Caller(engine.url, null).call('POST', '/v2/osprey/sign-in', { username, password: username });
    assert.equal(res.status, 200);
    return res.body as { token: string; roles: string[] };
  };

  it('refuses requests without credentials', async () => {
    assertDenied(await new Caller(engine.url, null).call('POST', '/v2/process-instances/search', {}), 401);
  });

  it('accepts development tokens with the roles of their user', async () => {
    // given demo (every role but admin) and maria (approver only)
    const demo = await signIn('demo');
    const maria = await signIn('maria');
    assert.ok(demo.roles.includes('operator') && !demo.roles.includes('admin'));
    assert.deepEqual(maria.roles, ['approver']);
    // then demo reads instances and maria may not
    assert.equal((await new Caller(engine.url, { token: demo.token }).call('POST', '/v2/process-instances/search', {})).status, 200);
    assertDenied(await new Caller(engine.url, { token: maria.token }).call('POST', '/v2/process-instances/search', {}), 403);
    // and maria's inbox answers
    assert.equal((await new Caller(engine.url, { token: maria.token }).call('POST', '/v2/user-tasks/search', {})).status, 200);
    // and admin is the administrator
    assert.deepEqual((await signIn('admin')).roles, ['admin']);
  });

  it('refuses a development token whose payload was changed', async () => {
    const [h, p, s] = (await signIn('maria')).token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, roles: ['admin'] })).toString('base64url');
    assertDenied(await new Caller(engine.url, { token: `${h}.${forged}.${s}` }).call('POST', '/v2/process-instances/search', {}), 401);
  });
});

describe('anonymous access, when switched on', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  before(async () => {
    db = await freshDatabase('auth_anon');
    engine = await bootEngine({ DATABASE_URL: db.url, OSPREY_AUTH_ANONYMOUS: 'true' });
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  it('lets requests without credentials through but still refuses wrong credentials', async () => {
    assert.equal((await new Caller(engine.url, null).call('POST', '/v2/process-instances/search', {})).status, 200);
    assertDenied(await new Caller(engine.url, { token: 'a.b.c' }).call('POST', '/v2/process-instances/search', {}), 401);
    assertDenied(await new Caller(engine.url, { apiKey: 'osk_nope' }).call('POST', '/v2/process-instances/search', {}), 401);
  });
});
