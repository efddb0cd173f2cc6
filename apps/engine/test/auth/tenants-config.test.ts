import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { ConfigError, loadConfig } from '../../src/config/engine-config';
import { parseDevUsers, withDevUserTenants } from '../../src/identity/dev-users';
import { bootEngine, freshDatabase } from '../support/engine-harness';
import { oneTaskProcess } from '../support/bpmn';
import { Caller } from './auth-fixtures';

const SECRET = 'a-webhook-secret-of-enough-length-0123';

describe('multi-tenancy off (the default)', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Caller;
  before(async () => {
    db = await freshDatabase('tenants_off');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Caller(engine.url, null);
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  const refused = (res: { status: number; body: any }, field: string) => {
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.title, 'INVALID_ARGUMENT');
    assert.deepEqual(res.body.errors, [
      `${field}: Expected '<default>' or no tenant because multi-tenancy is disabled, but found 'tenant-a'`,
    ]);
  };

  it("works in '<default>', named or not", async () => {
    const deployed = await api.deploy('off.bpmn', oneTaskProcess('mt-off', 'mt-off-work'), '<default>');
    assert.equal(deployed.status, 200);
    assert.equal(deployed.body.tenantId, '<default>');
    const started = await api.call('POST', '/v2/process-instances', { processDefinitionId: 'mt-off' });
    assert.equal(started.body.tenantId, '<default>');
  });

  it('refuses every request naming another tenant with a 400, and changes nothing', async () => {
    refused(await api.deploy('off.bpmn', oneTaskProcess('mt-off', 'changed-type'), 'tenant-a'), 'tenantId');
    refused(
      await api.call('POST', '/v2/process-instances', {
        processDefinitionId: 'mt-off',
        tenantId: 'tenant-a',
      }),
      'tenantId',
    );
    refused(
      await api.call('POST', '/v2/messages/publication', { name: 'm', tenantId: 'tenant-a' }),
      'tenantId',
    );
    refused(
      await api.call('POST', '/v2/messages/correlation', { name: 'm', tenantId: 'tenant-a' }),
      'tenantId',
    );
    refused(
      await api.call('POST', '/v2/signals/broadcast', { signalName: 's', tenantId: 'tenant-a' }),
      'tenantId',
    );
    refused(
      await api.call('POST', '/v2/jobs/activation', {
        type: 'mt-off-work',
        maxJobsToActivate: 5,
        timeout: 1000,
        requestTimeout: -1,
        tenantIds: ['tenant-a'],
      }),
      'tenantIds[0]',
    );
    refused(await api.call('GET', '/v2/osprey/drafts/mt-off?tenantId=tenant-a'), 'tenantId');
    refused(await api.call('GET', '/v2/osprey/forms/any?tenantId=tenant-a'), 'tenantId');
    // nothing was deployed or started, and the job is still there for a worker
    assert.equal((await api.call('POST', '/v2/process-definitions/search', {})).body.page.totalItems, 1);
    assert.equal((await api.call('POST', '/v2/process-instances/search', {})).body.page.totalItems, 1);
    const jobs = await api.call('POST', '/v2/jobs/activation', {
      type: 'mt-off-work',
      maxJobsToActivate: 5,
      timeout: 1000,
      requestTimeout: -1,
    });
    assert.equal(jobs.body.jobs.length, 1);
    assert.equal(jobs.body.jobs[0].tenantId, '<default>');
  });
});

describe('multi-tenancy on with anonymous access and development users', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let anonymous: Caller;
  let demo: Caller;
  before(async () => {
    process.env.OSPREY_DEV_USER_TENANTS = 'demo:tenant-a';
    db = await freshDatabase('tenants_anon');
    engine = await bootEngine({
      DATABASE_URL: db.url,
      OSPREY_MULTI_TENANCY: 'true',
      OSPREY_AUTH_ANONYMOUS: 'true',
    });
    anonymous = new Caller(engine.url, null);
    const signIn = await anonymous.call('POST', '/v2/osprey/sign-in', { username: 'demo', password: 'demo' });
    demo = new Caller(engine.url, { token: signIn.body.token });
  });
  after(async () => {
    delete process.env.OSPREY_DEV_USER_TENANTS;
    await engine?.stop();
    await db?.drop();
  });

  it("lets anonymous callers into '<default>' only", async () => {
    assert.equal(
      (await anonymous.deploy('anon.bpmn', oneTaskProcess('mt-anon', 'w'))).body.tenantId,
      '<default>',
    );
    const elsewhere = await anonymous.deploy('anon.bpmn', oneTaskProcess('mt-anon', 'w'), 'tenant-a');
    assert.equal(elsewhere.status, 403);
    assert.equal(
      elsewhere.body.detail,
      "Expected a tenant you are assigned to (<default>), but found 'tenant-a'",
    );
  });

  it('puts a development user in the tenants OSPREY_DEV_USER_TENANTS gives it, apart from anonymous callers', async () => {
    const deployed = await demo.deploy('demo.bpmn', oneTaskProcess('mt-demo', 'w'));
    assert.equal(deployed.body.tenantId, 'tenant-a');
    const ids = async (c: Caller) =>
      (await c.call('POST', '/v2/process-definitions/search', {})).body.items.map(
        (d: { processDefinitionId: string }) => d.processDefinitionId,
      );
    assert.deepEqual(await ids(demo), ['mt-demo']);
    assert.deepEqual(await ids(anonymous), ['mt-anon']);
  });
});

describe('multi-tenancy configuration', () => {
  it('reads OSPREY_MULTI_TENANCY as true or false, and API key tenants as a list', () => {
    assert.equal(loadConfig({}).auth.multiTenancy, false);
    assert.equal(loadConfig({ OSPREY_MULTI_TENANCY: 'true' }).auth.multiTenancy, true);
    const keys = JSON.stringify([
      { id: 'k', sha256: 'a'.repeat(64), roles: ['worker'], tenants: ['tenant-a'] },
    ]);
    assert.deepEqual(loadConfig({ OSPREY_API_KEYS: keys }).auth.apiKeys[0]!.tenants, ['tenant-a']);
  });

  it('names each invalid setting', () => {
    assert.throws(
      () =>
        loadConfig({
          OSPREY_MULTI_TENANCY: 'yes',
          OSPREY_API_KEYS: JSON.stringify([
            { id: 'k', sha256: 'a'.repeat(64), roles: ['worker'], tenants: 'tenant-a' },
          ]),
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems, [
          'OSPREY_API_KEYS[0].tenants: Expected an array of non-empty strings',
          "OSPREY_MULTI_TENANCY: Expected true or false, but found 'yes'",
        ]);
        return true;
      },
    );
  });

  it("refuses a webhook outside '<default>' while multi-tenancy is off", () => {
    const webhooks = JSON.stringify([
      { name: 'payments', secret: SECRET, messageName: 'paid', tenantId: 'tenant-a' },
    ]);
    assert.throws(
      () => loadConfig({ OSPREY_WEBHOOKS: webhooks }),
      /Expected webhook 'payments' to use tenant '<default>' because OSPREY_MULTI_TENANCY is off, but found 'tenant-a'/,
    );
    assert.equal(
      loadConfig({ OSPREY_WEBHOOKS: webhooks, OSPREY_MULTI_TENANCY: 'true' }).webhooks[0]!.tenantId,
      'tenant-a',
    );
  });

  it('reads OSPREY_DEV_USER_TENANTS, naming unknown users and malformed lists', () => {
    const users = parseDevUsers('demo:demo:managers;maria:maria:');
    assert.deepEqual(
      withDevUserTenants(users, 'demo:tenant-a, tenant-b').map((u) => [u.username, u.tenants]),
      [
        ['demo', ['tenant-a', 'tenant-b']],
        ['maria', undefined],
      ],
    );
    assert.throws(
      () => withDevUserTenants(users, 'bob:tenant-a;maria:'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 2);
        assert.match(error.problems[0]!, /entry 1: Expected a user of OSPREY_DEV_USERS, but found 'bob'/);
        assert.match(error.problems[1]!, /entry 2: Expected username:tenant1,tenant2/);
        return true;
      },
    );
  });
});
