import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oneTaskProcess } from '../support/bpmn';
import { apiKey, type Caller } from './auth-fixtures';
import {
  eventually,
  fixtureText,
  seedTenant,
  tenantEngineForFile,
  TENANT_A,
  TENANT_B,
  type TenantData,
} from './tenant-fixtures';

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t"';

/** A process that starts by itself 300 ms after it is deployed, then waits for job `mt-timed`. */
const TIMER_START = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="mt-timer" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeCycle>R1/PT0.3S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="mt-timed" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />
  </bpmn:process>
</bpmn:definitions>`;

/** A parent that calls process `mt-child` (latest version in its own tenant). */
const CALLER = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="mt-parent" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="mt-child" /></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="call" />
  </bpmn:process>
</bpmn:definitions>`;

const tenantWorker = apiKey({ id: 'tenant-a-worker', roles: ['worker'], tenants: [TENANT_A] });

describe('tenants (multi-tenancy on)', () => {
  const ctx = tenantEngineForFile('tenants', [tenantWorker.config]);
  let alice: Caller;
  let bob: Caller;
  let both: Caller;
  let a: TenantData;
  let b: TenantData;

  const activate = (c: Caller, body: object = {}) =>
    c.call('POST', '/v2/jobs/activation', {
      type: 'mt-work',
      maxJobsToActivate: 10,
      timeout: 60_000,
      requestTimeout: -1,
      ...body,
    });

  // Given the same processes deployed in tenants A and B.

  before(async () => {
    alice = await ctx.admin('alice', [TENANT_A]);
    bob = await ctx.admin('bob', [TENANT_B]);
    both = await ctx.admin('carol', [TENANT_A, TENANT_B]);
    a = await seedTenant(alice, TENANT_A);
    b = await seedTenant(bob, TENANT_B);
  });

  it('shows a caller of both tenants the data of both, each row naming its tenant', async () => {
    const instances = await both.call('POST', '/v2/process-instances/search', {
      filter: { processDefinitionId: 'mt-order' },
    });
    assert.deepEqual(instances.body.items.map((i: { tenantId: string }) => i.tenantId).sort(), [
      TENANT_A,
      TENANT_A,
      TENANT_B,
      TENANT_B,
    ]);
    assert.equal(
      (await both.call('GET', `/v2/process-instances/${a.processInstanceKey}`)).body.tenantId,
      TENANT_A,
    );
    assert.equal(
      (await both.call('GET', `/v2/process-instances/${b.processInstanceKey}`)).body.tenantId,
      TENANT_B,
    );
    // and a filter on one tenant narrows to it
    const onlyB = await both.call('POST', '/v2/user-tasks/search', { filter: { tenantId: TENANT_B } });
    assert.deepEqual(
      onlyB.body.items.map((t: { userTaskKey: string }) => t.userTaskKey),
      [b.userTaskKey],
    );
    // while a caller of one tenant filtering on the other finds nothing
    assert.deepEqual(
      (await alice.call('POST', '/v2/user-tasks/search', { filter: { tenantId: TENANT_B } })).body.items,
      [],
    );
    const me = await both.call('GET', '/v2/authentication/me');
    assert.deepEqual(me.body.tenants, [
      { tenantId: TENANT_A, name: TENANT_A },
      { tenantId: TENANT_B, name: TENANT_B },
    ]);
  });

  it("hands a worker only its own tenants' jobs, and those of the tenantIds it names", async () => {
    const ofB = await activate(bob);
    assert.deepEqual(
      ofB.body.jobs.map((j: { jobKey: string; tenantId: string }) => [j.jobKey, j.tenantId]),
      [[b.jobKey, TENANT_B]],
    );
    await bob.call('PATCH', `/v2/jobs/${b.jobKey}`, { changeset: { timeout: 1 } });
    // an API key of tenant A, naming no tenant
    const worker = ctx.caller({ apiKey: tenantWorker.key });
    const ofA = await activate(worker);
    assert.deepEqual(
      ofA.body.jobs.map((j: { jobKey: string }) => j.jobKey),
      [a.jobKey],
    );
    assert.equal((await activate(worker, { tenantIds: [TENANT_B] })).status, 403);
    // a caller of both tenants naming B gets B's job (its lease ran out above), not A's
    const named = await eventually(async () => {
      const jobs = (await activate(both, { tenantIds: [TENANT_B] })).body.jobs;
      return jobs.length > 0 ? jobs : undefined;
    });
    assert.deepEqual(
      named.map((j: { jobKey: string }) => j.jobKey),
      [b.jobKey],
    );
    // and A's worker completes its job; B's caller could not have
    assert.equal((await bob.call('POST', `/v2/jobs/${a.jobKey}/completion`, {})).status, 404);
    assert.equal((await worker.call('POST', `/v2/jobs/${a.jobKey}/completion`, {})).status, 204);
  });

  it("correlates a message published in B only to B's subscription", async () => {
    // both tenants have an instance waiting for mt-paid / o-1
    const published = await bob.call('POST', '/v2/messages/publication', {
      name: 'mt-paid',
      correlationKey: 'o-1',
    });
    assert.equal(published.status, 200);
    assert.equal(published.body.tenantId, TENANT_B);
    await eventually(async () =>
      (await bob.call('GET', `/v2/process-instances/${b.messageInstanceKey}`)).body.state === 'COMPLETED'
        ? true
        : undefined,
    );
    assert.equal(
      (await alice.call('GET', `/v2/process-instances/${a.messageInstanceKey}`)).body.state,
      'ACTIVE',
    );
    // a correlation in B finds no second receiver there, and still leaves A's alone
    assert.equal(
      (await bob.call('POST', '/v2/messages/correlation', { name: 'mt-paid', correlationKey: 'o-1' })).status,
      404,
    );
    assert.equal(
      (await alice.call('GET', `/v2/process-instances/${a.messageInstanceKey}`)).body.state,
      'ACTIVE',
    );
    // the caller of both tenants reaches A only by naming it
    const toA = await both.call('POST', '/v2/messages/correlation', {
      name: 'mt-paid',
      correlationKey: 'o-1',
      tenantId: TENANT_A,
    });
    assert.equal(toA.status, 200);
    assert.equal(toA.body.processInstanceKey, a.messageInstanceKey);
  });

  it('broadcasts a signal only within its tenant', async () => {
    const signal = fixtureText('signal-catch.bpmn');
    for (const [caller, tenant] of [
      [alice, TENANT_A],
      [bob, TENANT_B],
    ] as const) {
      assert.equal((await caller.deploy('mt-signal.bpmn', signal, tenant)).status, 200);
    }
    const inA = (await alice.call('POST', '/v2/process-instances', { processDefinitionId: 'await-signal' }))
      .body.processInstanceKey;
    const inB = (await bob.call('POST', '/v2/process-instances', { processDefinitionId: 'await-signal' }))
      .body.processInstanceKey;
    assert.equal((await bob.call('POST', '/v2/signals/broadcast', { signalName: 'go-ahead' })).status, 200);
    await eventually(async () =>
      (await bob.call('GET', `/v2/process-instances/${inB}`)).body.state === 'COMPLETED' ? true : undefined,
    );
    assert.equal((await alice.call('GET', `/v2/process-instances/${inA}`)).body.state, 'ACTIVE');
  });

  it('keeps timer starts and call activities within their tenant', async () => {
    // Deploying the same timer-start process in B must not stop A's timer.
    const timerA = await alice.deploy('mt-timer.bpmn', TIMER_START, TENANT_A);
    assert.equal(timerA.status, 200, JSON.stringify(timerA.body));
    assert.equal((await bob.deploy('mt-timer.bpmn', TIMER_START, TENANT_B)).status, 200);
    const started = await eventually(async () => {
      const items = (
        await both.call('POST', '/v2/process-instances/search', {
          filter: { processDefinitionId: 'mt-timer' },
        })
      ).body.items;
      return items.length === 2 ? items : undefined;
    });
    assert.deepEqual(started.map((i: { tenantId: string }) => i.tenantId).sort(), [TENANT_A, TENANT_B]);
    // A's parent calls A's child, though B deployed a newer process of the same id.
    assert.equal(
      (await alice.deploy('mt-child.bpmn', oneTaskProcess('mt-child', 'mt-child-a'), TENANT_A)).status,
      200,
    );
    assert.equal(
      (await bob.deploy('mt-child.bpmn', oneTaskProcess('mt-child', 'mt-child-b'), TENANT_B)).status,
      200,
    );
    assert.equal(
      (await bob.deploy('mt-child.bpmn', oneTaskProcess('mt-child', 'mt-child-b2'), TENANT_B)).status,
      200,
    );
    assert.equal((await alice.deploy('mt-parent.bpmn', CALLER, TENANT_A)).status, 200);
    const parent = (await alice.call('POST', '/v2/process-instances', { processDefinitionId: 'mt-parent' }))
      .body.processInstanceKey;
    const child = await eventually(
      async () =>
        (
          await both.call('POST', '/v2/process-instances/search', {
            filter: { parentProcessInstanceKey: parent },
          })
        ).body.items[0],
    );
    assert.equal(child.tenantId, TENANT_A);
    assert.equal(child.processDefinitionVersion, 1);
    const jobs = (
      await alice.call('POST', '/v2/jobs/search', {
        filter: { processInstanceKey: child.processInstanceKey },
      })
    ).body.items;
    assert.deepEqual(
      jobs.map((j: { type: string }) => j.type),
      ['mt-child-a'],
    );
  });

  it("starts in the caller's only tenant when none is named, and asks a caller of several to name one", async () => {
    const started = await bob.call('POST', '/v2/process-instances', { processDefinitionId: 'mt-order' });
    assert.equal(started.status, 200);
    assert.equal(started.body.tenantId, TENANT_B);
    const unnamed = await both.call('POST', '/v2/process-instances', { processDefinitionId: 'mt-order' });
    assert.equal(unnamed.status, 400);
    assert.match(
      unnamed.body.detail,
      /tenantId: Expected one of your tenants \(tenant-a, tenant-b\), but found none/,
    );
    const named = await both.call('POST', '/v2/process-instances', {
      processDefinitionId: 'mt-order',
      tenantId: TENANT_A,
    });
    assert.equal(named.body.tenantId, TENANT_A);
    // the same operation reference in two tenants starts two instances
    const inA = await alice.call('POST', '/v2/process-instances', {
      processDefinitionId: 'mt-order',
      operationReference: 'ref-1',
    });
    const inB = await bob.call('POST', '/v2/process-instances', {
      processDefinitionId: 'mt-order',
      operationReference: 'ref-1',
    });
    assert.notEqual(inA.body.processInstanceKey, inB.body.processInstanceKey);
    assert.equal(
      (
        await alice.call('POST', '/v2/process-instances', {
          processDefinitionId: 'mt-order',
          operationReference: 'ref-1',
        })
      ).body.processInstanceKey,
      inA.body.processInstanceKey,
    );
  });
});
