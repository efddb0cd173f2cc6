import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { TestDatabase } from '@osprey/testing';
import { migratedTestDatabase, startEngineProcess, strictCamundaClient, until, type EngineProcess } from '../src';

const fixture = (name: string) => join(__dirname, '../../test/fixtures', name);

describe('the official Camunda 8.8 client (@camunda8/orchestration-cluster-api) in strict validation mode', () => {
  let db: TestDatabase;
  let engine: EngineProcess;
  let client: CamundaClient;

  before(async () => {
    db = await migratedTestDatabase('e2e_camunda_strict');
    engine = await startEngineProcess({ databaseUrl: db.url });
    // As its README recommends: strict on requests and responses. In this mode the client sends
    // every int64 (timeouts, time-to-live, back-off) as a JSON string.
    client = strictCamundaClient(engine.url);
  });

  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  async function jobOf(type: string, processInstanceKey: string) {
    return until(async () => {
      const { jobs } = await client.activateJobs({
        type,
        worker: 'e2e-strict-worker',
        maxJobsToActivate: 10,
        timeout: 30_000,
        requestTimeout: 1_000,
      });
      return jobs.find((j) => j.processInstanceKey === processInstanceKey);
    }, `a ${type} job of instance ${processInstanceKey}`);
  }

  it('deploys, starts, fails and completes jobs, publishes a message and steers an ad-hoc sub-process', async () => {
    const deployment = await client.deployResourcesFromFiles([fixture('strict-client.bpmn')]);
    assert.equal(deployment.processes[0]?.processDefinitionId, 'e2e-strict-client');

    const created = await client.createProcessInstance({
      processDefinitionId: 'e2e-strict-client' as never,
      variables: { orderId: 'S-1' },
    });
    const key = created.processInstanceKey;

    // a failure with a back-off (int64), then a completion
    const first = await jobOf('e2e-strict-charge', key);
    await client.failJob({ jobKey: first.jobKey, retries: 2, retryBackOff: 0, errorMessage: 'card declined once' });
    const second = await jobOf('e2e-strict-charge', key);
    assert.equal(second.retries, 2);
    await client.completeJob({ jobKey: second.jobKey, variables: { charged: true } });

    // a message with a time-to-live (int64)
    await client.publishMessage({ name: 'e2e-strict-paid', correlationKey: 'S-1', timeToLive: 60_000, variables: {} });

    // the ad-hoc sub-process waits until the client starts one of its elements
    const adHoc = await until(async () => {
      const found = await client.searchElementInstances({ filter: { processInstanceKey: key, elementId: 'Activity_followUp' as never } }, { consistency: { waitUpToMs: 0 } });
      return found.items?.find((e) => e.state === 'ACTIVE');
    }, 'the ad-hoc sub-process');
    await client.activateAdHocSubProcessActivities({
      adHocSubProcessInstanceKey: adHoc.elementInstanceKey,
      elements: [{ elementId: 'Activity_thank' as never }],
    });
    // as in Camunda 8.8, an activation's cancelRemainingInstances cancels nothing: the thank-you job stays
    await client.activateAdHocSubProcessActivities({
      adHocSubProcessInstanceKey: adHoc.elementInstanceKey,
      elements: [{ elementId: 'Activity_survey' as never }],
      cancelRemainingInstances: true,
    });
    const thank = await jobOf('e2e-strict-thank', key);
    await client.completeJob({ jobKey: thank.jobKey, variables: {} });

    // and the client's own search, strictly validated, sees the instance complete
    await until(async () => {
      const found = await client.searchProcessInstances({ filter: { processInstanceKey: key } }, { consistency: { waitUpToMs: 0 } });
      return found.items[0]?.state === 'COMPLETED';
    }, 'the instance to complete');
  });

  it('searches jobs in Camunda 8.8 states and kinds, by state too', async () => {
    const { processInstanceKey: key } = await client.createProcessInstance({ processDefinitionId: 'e2e-strict-client' as never, variables: { orderId: 'S-2' } });
    const noWait = { consistency: { waitUpToMs: 0 } };
    const jobsOf = async (state?: 'CREATED' | 'FAILED') =>
      (await client.searchJobs({ filter: { processInstanceKey: key, type: 'e2e-strict-charge', ...(state ? { state } : {}) } }, noWait)).items;

    const [waiting] = await until(async () => ((await jobsOf('CREATED')).length > 0 ? jobsOf('CREATED') : undefined), 'a CREATED job');
    assert.equal(waiting!.kind, 'BPMN_ELEMENT');
    assert.equal(waiting!.listenerEventType, 'UNSPECIFIED');
    assert.equal(waiting!.hasFailedWithRetriesLeft, false);
    assert.equal(waiting!.worker, '');
    assert.deepEqual(await jobsOf('FAILED'), []);

    const leased = await jobOf('e2e-strict-charge', key);
    const [held] = await jobsOf('CREATED');
    assert.equal(held!.worker, 'e2e-strict-worker');
    await client.failJob({ jobKey: leased.jobKey, retries: 1, retryBackOff: 60_000, errorMessage: 'card declined' });

    const [failed] = await jobsOf('FAILED');
    assert.equal(failed!.jobKey, leased.jobKey);
    assert.equal(failed!.hasFailedWithRetriesLeft, true);
    assert.equal(failed!.errorMessage, 'card declined');
    assert.deepEqual(await jobsOf('CREATED'), []);
    await client.cancelProcessInstance({ processInstanceKey: key, operationReference: 9 });
    await until(
      async () => (await client.searchProcessInstances({ filter: { processInstanceKey: key } }, noWait)).items[0]?.state === 'TERMINATED',
      'the canceled instance',
    );
  });

  it("reads a user task's form schema as the object Camunda 8.8 answers", async () => {
    await client.deployResourcesFromFiles([fixture('order-approval.bpmn'), fixture('order-approval.form')]);
    const { processInstanceKey: key } = await client.createProcessInstance({ processDefinitionId: 'e2e-order-approval' as never, variables: { orderId: 'S-3' } });
    // straight to the approval, skipping the reservation job (with an operation reference, as Camunda takes it)
    const reserve = await until(
      async () =>
        (await client.searchElementInstances({ filter: { processInstanceKey: key, elementId: 'reserve-stock' as never } }, { consistency: { waitUpToMs: 0 } })).items?.find(
          (e) => e.state === 'ACTIVE',
        ),
      'the reservation task',
    );
    await client.modifyProcessInstance({
      processInstanceKey: key,
      terminateInstructions: [{ elementInstanceKey: reserve.elementInstanceKey }],
      activateInstructions: [{ elementId: 'approve-order' as never }],
      operationReference: 7,
    });
    const task = await until(
      async () => (await client.searchUserTasks({ filter: { processInstanceKey: key, state: 'CREATED' } }, { consistency: { waitUpToMs: 0 } })).items[0],
      'the approval task',
    );
    const form = await client.getUserTaskForm({ userTaskKey: task.userTaskKey }, { consistency: { waitUpToMs: 0 } });
    assert.ok(form, 'a form');
    assert.equal(form.formId, 'e2e-order-approval-form');
    assert.deepEqual(form.schema, JSON.parse(readFileSync(fixture('order-approval.form'), 'utf8')));
  });

  it('tells a signed-in user who they are, in Camunda 8.8 fields', async () => {
    const signIn = await fetch(`${engine.url}/v2/osprey/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo' }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const signedIn = strictCamundaClient(engine.url, {
      fetch: (input, init) => {
        const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
        headers.set('authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    });
    const me = await signedIn.getAuthentication();
    assert.equal(me.username, 'demo');
    assert.deepEqual(me.groups, ['approvers', 'managers']);
    assert.ok(me.roles.length > 0);
    assert.deepEqual(me.tenants, [{ tenantId: '<default>', name: '<default>' }]);
    assert.equal(me.canLogout, true);
    assert.deepEqual(me.c8Links, {});
  });

  it('updates a job with an operation reference', async () => {
    const { processInstanceKey: key } = await client.createProcessInstance({ processDefinitionId: 'e2e-strict-client' as never, variables: { orderId: 'S-4' } });
    const job = await jobOf('e2e-strict-charge', key);
    await client.updateJob({ jobKey: job.jobKey, changeset: { retries: 5 }, operationReference: 42 });
    const [updated] = (await client.searchJobs({ filter: { jobKey: job.jobKey } }, { consistency: { waitUpToMs: 0 } })).items;
    assert.equal(updated!.retries, 5);
    await client.cancelProcessInstance({ processInstanceKey: key });
  });
});
