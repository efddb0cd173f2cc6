import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { oneTaskProcess } from '../support/bpmn';

const POLICY = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="with-policy" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="call">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="flaky-call" retries="4" />
        <zeebe:taskHeaders>
          <zeebe:header key="osprey:retryBackoff" value="PT0.4S" />
          <zeebe:header key="osprey:retryBackoffMultiplier" value="2" />
          <zeebe:header key="osprey:retryBackoffMax" value="PT1S" />
          <zeebe:header key="osprey:retryableErrorCodes" value="UNAVAILABLE" />
        </zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** Job leases, fencing and retry policies as a worker experiences them over REST. */
describe('job leases and retry policies', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    db = await freshDatabase('leases');
    engine = await bootEngine({ DATABASE_URL: db.url, OSPREY_MAX_LEASE_EXPIRIES: '3' });
    api = new Api(engine.url);
    assert.equal((await api.deploy({ name: 'lease.bpmn', content: oneTaskProcess('lease-process', 'lease-work') })).status, 200);
    assert.equal((await api.deploy({ name: 'policy.bpmn', content: POLICY })).status, 200);
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  const start = async (id: string) => (await api.post('/v2/process-instances', { processDefinitionId: id })).body.processInstanceKey as string;
  const activate = async (type: string, timeout: number) =>
    (await api.post('/v2/jobs/activation', { type, maxJobsToActivate: 1, timeout, requestTimeout: -1, worker: 'w' })).body.jobs as any[];

  it('hands a dead worker’s job to another worker after the deadline, and refuses the late completion', async () => {
    // given a worker that took a job with a short lease, then went silent
    const key = await start('lease-process');
    const [first] = await activate('lease-work', 300);
    assert.equal(first.attempt, 1);
    assert.deepEqual(await activate('lease-work', 300), [], 'not handed out while the lease holds');
    // when the deadline passes, another worker asks
    const second = await api.until(async () => (await activate('lease-work', 30_000))[0], 3_000, 're-activation');
    // then it gets the same job with the next attempt, within a second of the deadline
    assert.equal(second.jobKey, first.jobKey);
    assert.equal(second.attempt, 2);
    assert.ok(Date.now() - first.deadline < 1_000, 'activatable again within 1 s of the deadline');
    // and the first worker's late completion is refused without changing anything
    const late = await api.post(`/v2/jobs/${first.jobKey}/completion`, { variables: { late: true }, attempt: 1 });
    assert.equal(late.status, 409);
    assert.match(late.body.detail, /attempt 2/);
    const extend = await api.request('PATCH', `/v2/jobs/${first.jobKey}`, { changeset: { timeout: 60_000 }, attempt: 1 });
    assert.equal(extend.status, 409);
    // while the current holder completes it
    assert.equal((await api.post(`/v2/jobs/${second.jobKey}/completion`, { attempt: 2 })).status, 204);
    assert.equal((await api.get(`/v2/process-instances/${key}`)).body.state, 'COMPLETED');
  });

  it('raises an incident for a job whose lease keeps expiring, so a crashing worker cannot loop forever', async () => {
    // given a job whose workers keep dying (OSPREY_MAX_LEASE_EXPIRIES=3)
    const key = await start('lease-process');
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [job] = await api.until(async () => {
        const jobs = await activate('lease-work', 200);
        return jobs.length > 0 && jobs;
      }, 3_000, `attempt ${attempt}`);
      assert.equal(job.attempt, attempt);
    }
    // then after the third expiry the job becomes an incident instead of being handed out again
    const incident = await api.until(async () => {
      const res = await api.post('/v2/incidents/search', { filter: { processInstanceKey: key, state: 'ACTIVE' } });
      return res.body.items[0];
    }, 5_000, 'the incident');
    assert.equal(incident.errorType, 'JOB_NO_RETRIES');
    assert.match(incident.errorMessage, /lease expired 3 times/);
    assert.deepEqual(await activate('lease-work', 200), []);
  });

  it('applies the model’s back-off policy and treats declared error codes as retryable failures', async () => {
    // given a task whose model declares back-off 0.4 s ×2 (max 1 s) and UNAVAILABLE as retryable
    const key = await start('with-policy');
    const [job] = await activate('flaky-call', 30_000);
    // when the worker reports the retryable BPMN error
    assert.equal((await api.post(`/v2/jobs/${job.jobKey}/error`, { errorCode: 'UNAVAILABLE', errorMessage: 'downstream down' })).status, 204);
    // then it is a failure with one retry fewer, activatable only after the model's back-off
    const failedAt = Date.now();
    assert.deepEqual(await activate('flaky-call', 30_000), []);
    const again = await api.until(async () => (await activate('flaky-call', 30_000))[0], 3_000, 'retry after back-off');
    assert.ok(Date.now() - failedAt >= 350, `waited ${Date.now() - failedAt} ms`);
    assert.equal(again.retries, 3);
    // and a second failure without a worker back-off waits twice as long (0.8 s)
    assert.equal((await api.post(`/v2/jobs/${again.jobKey}/failure`, { retries: 2, errorMessage: 'still down' })).status, 204);
    const secondFailure = Date.now();
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await activate('flaky-call', 30_000), [], 'still backing off after 0.5 s');
    const third = await api.until(async () => (await activate('flaky-call', 30_000))[0], 3_000, 'second retry');
    assert.ok(Date.now() - secondFailure >= 750, `waited ${Date.now() - secondFailure} ms`);
    assert.equal((await api.post(`/v2/jobs/${third.jobKey}/completion`, {})).status, 204);
    assert.equal((await api.get(`/v2/process-instances/${key}`)).body.state, 'COMPLETED');
  });
});
