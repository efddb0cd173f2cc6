import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  activateJobOf,
  assertProblem,
  deployed,
  elementsOf,
  engineForFile,
  fixture,
  incidentsOf,
  ok,
  oneTaskProcess,
  search,
  startInstance,
  untilState,
  variablesOf,
} from './support';

describe('jobs: activation, completion, failure, BPMN errors, updates', () => {
  const ctx = engineForFile('api_jobs');

  /** Deploys a one-task process whose job type is `type` and starts one instance of it. */
  async function waitingAt(type: string, variables: Record<string, unknown> = {}): Promise<string> {
    await deployed(ctx.api, { name: `${type}.bpmn`, content: oneTaskProcess(`p-${type}`, type) });
    return startInstance(ctx.api, `p-${type}`, variables);
  }

  it('activates a job with only the variables asked for, as a lease for one worker', async () => {
    // given an instance waiting at a service task
    const key = await waitingAt('fetching', { orderId: 'J-1', amount: 12, secret: 'not for this worker' });
    // when a worker activates jobs of the type, fetching two variables
    const before = Date.now();
    const res = ok(
      await ctx.api.post('/v2/jobs/activation', {
        type: 'fetching',
        worker: 'packer-1',
        timeout: 60_000,
        maxJobsToActivate: 5,
        fetchVariable: ['orderId', 'amount'],
        requestTimeout: 5_000,
      }),
    );
    // then it gets the job with just those variables and Camunda's fields
    assert.equal(res.jobs.length, 1);
    const job = res.jobs[0];
    assert.deepEqual(job.variables, { orderId: 'J-1', amount: 12 });
    assert.match(job.jobKey, /^\d+$/);
    assert.equal(job.type, 'fetching');
    assert.equal(job.processInstanceKey, key);
    assert.equal(job.processDefinitionId, 'p-fetching');
    assert.equal(job.elementId, 'task');
    assert.match(job.elementInstanceKey, /^\d+$/);
    assert.equal(job.worker, 'packer-1');
    assert.equal(job.retries, 3);
    assert.deepEqual(job.customHeaders, {});
    assert.equal(job.tenantId, '<default>');
    assert.ok(Number(job.deadline) >= before + 55_000, `deadline ${job.deadline} is about a minute away`);
    // and a second worker gets nothing while the lease holds
    assert.deepEqual(await ctx.api.activate('fetching'), []);
    // and an activation without the required fields names them
    assertProblem(
      await ctx.api.post('/v2/jobs/activation', { type: 'fetching' }),
      400,
      /timeout/,
      /maxJobsToActivate/,
    );
  });

  it('reads int64 fields sent as decimal strings, as strict-mode Camunda clients send them', async () => {
    // given an instance waiting at a service task
    const key = await waitingAt('strict-client', { orderId: 'J-9' });
    // when a strict client activates with its 64-bit fields as strings, and null where it has nothing
    const res = ok(
      await ctx.api.post('/v2/jobs/activation', { type: 'strict-client', timeout: '60000', maxJobsToActivate: 1, requestTimeout: '0', worker: null, tenantIds: null }),
    );
    // then it gets the job, with a lease of the asked length
    assert.equal(res.jobs.length, 1);
    assert.equal(res.jobs[0].processInstanceKey, key);
    // and it completes and fails with retry back-off as a string too
    const job = res.jobs[0];
    await ctx.api.post(`/v2/jobs/${job.jobKey}/failure`, { retries: 1, retryBackOff: '0', errorMessage: 'try again' }).then((r) => assert.equal(r.status, 204));
    // while text that is no number is still refused, naming the field
    assertProblem(await ctx.api.post('/v2/jobs/activation', { type: 'strict-client', timeout: 'a minute', maxJobsToActivate: 1 }), 400, /timeout: Expected an integer/);
  });

  it('completes a job with variables the variables search shows; an unknown key is a 404', async () => {
    // given an activated job
    const key = await waitingAt('completing', { orderId: 'J-2' });
    const job = await activateJobOf(ctx.api, 'completing', key);
    // when the worker completes it with results
    ok(
      await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, {
        variables: { trackingNumber: 'TN-9', weight: 2.5 },
      }),
      204,
    );
    // then the instance moves on and the results are process variables
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual(await variablesOf(ctx.api, key), {
      orderId: 'J-2',
      trackingNumber: 'TN-9',
      weight: 2.5,
    });
    // and an unknown job is not found
    assertProblem(await ctx.api.post('/v2/jobs/999999999/completion', {}), 404);
  });

  it(
    'answers a second completion of a job with a 409 conflict',
    async () => {
      // given a completed job
      const key = await waitingAt('completed-twice', {});
      const job = await activateJobOf(ctx.api, 'completed-twice', key);
      ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, {}), 204);
      // when it is completed again
      const again = await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: {} });
      // then the conflict is explained
      assertProblem(again, 409, new RegExp(job.jobKey));
    },
  );

  it('makes a failed job with retries left activatable again after its retryBackOff', async () => {
    // given an activated job
    const key = await waitingAt('flaky', {});
    const job = await activateJobOf(ctx.api, 'flaky', key);
    // when the worker fails it with one retry left and a back-off
    const failedAt = Date.now();
    ok(
      await ctx.api.post(`/v2/jobs/${job.jobKey}/failure`, {
        retries: 1,
        errorMessage: 'printer jammed',
        retryBackOff: 400,
      }),
      204,
    );
    // then it is not handed out during the back-off
    assert.deepEqual(await ctx.api.activate('flaky'), []);
    // and it is handed out again after it, with the retries the worker left
    const again = await activateJobOf(ctx.api, 'flaky', key);
    assert.ok(Date.now() - failedAt >= 350, `activated again after ${Date.now() - failedAt} ms`);
    assert.equal(again.jobKey, job.jobKey);
    assert.equal(again.retries, 1);
    // and no incident was raised
    assert.equal((await search(ctx.api, 'incidents', { processInstanceKey: key })).length, 0);
  });

  it('raises an incident when retries run out; new retries and a resolution hand the job out again', async () => {
    // given an activated job
    const key = await waitingAt('doomed', {});
    const job = await activateJobOf(ctx.api, 'doomed', key);
    // when the worker fails it with no retries left
    ok(
      await ctx.api.post(`/v2/jobs/${job.jobKey}/failure`, {
        retries: 0,
        errorMessage: 'label service down',
      }),
      204,
    );
    // then an incident names the job and the error, and the instance shows it
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(incident.errorType, 'JOB_NO_RETRIES');
    assert.equal(incident.jobKey, job.jobKey);
    assert.equal(incident.elementId, 'task');
    assert.match(incident.errorMessage, /label service down/);
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${key}`)).hasIncident, true);
    assert.equal(ok(await ctx.api.get(`/v2/incidents/${incident.incidentKey}`)).state, 'ACTIVE');
    // and the job is not handed out
    assert.deepEqual(await ctx.api.activate('doomed'), []);
    // when an operator gives it retries and resolves the incident
    ok(await ctx.api.request('PATCH', `/v2/jobs/${job.jobKey}`, { changeset: { retries: 2 } }), 204);
    ok(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`), 204);
    // then the job is handed out again and can be completed
    const again = await activateJobOf(ctx.api, 'doomed', key);
    assert.equal(again.jobKey, job.jobKey);
    assert.equal(again.retries, 2);
    ok(await ctx.api.post(`/v2/jobs/${again.jobKey}/completion`, {}), 204);
    await untilState(ctx.api, key, 'COMPLETED');
    assert.equal(ok(await ctx.api.get(`/v2/incidents/${incident.incidentKey}`)).state, 'RESOLVED');
    // and resolving it twice is a conflict
    assertProblem(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`), 409);
  });

  it('routes a BPMN error thrown by a worker to the error boundary event that catches its code', async () => {
    // given a payment waiting at its charge task, which an error boundary guards
    await deployed(ctx.api, { name: 'payment.bpmn', content: fixture('error-boundary.bpmn') });
    const key = await startInstance(ctx.api, 'payment', { amount: 99 });
    const job = await activateJobOf(ctx.api, 'charge-card', key);
    // when the worker throws the business error with a variable
    ok(
      await ctx.api.post(`/v2/jobs/${job.jobKey}/error`, {
        errorCode: 'CARD_DECLINED',
        errorMessage: 'insufficient funds',
        variables: { declineReason: 'insufficient funds' },
      }),
      204,
    );
    // then the instance leaves through the boundary event, not the normal path
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual(
      (await elementsOf(ctx.api, key, 'charge')).map((e) => e.state),
      ['TERMINATED'],
    );
    assert.deepEqual(
      (await elementsOf(ctx.api, key, 'declined')).map((e) => e.state),
      ['COMPLETED'],
    );
    assert.deepEqual(
      (await elementsOf(ctx.api, key, 'payment-declined')).map((e) => e.state),
      ['COMPLETED'],
    );
    assert.deepEqual(await elementsOf(ctx.api, key, 'paid'), []);
    assert.equal((await variablesOf(ctx.api, key)).declineReason, 'insufficient funds');
    // and an error without a code is a 400 naming the field
    assertProblem(await ctx.api.post(`/v2/jobs/${job.jobKey}/error`, {}), 400, /errorCode/);
  });

  it("changes an activated job's timeout with PATCH: the lease ends at the new deadline", async () => {
    // given a job leased for a minute
    const key = await waitingAt('slow', {});
    const job = await activateJobOf(ctx.api, 'slow', key, 60_000);
    // when its timeout is shortened to 300 ms
    ok(await ctx.api.request('PATCH', `/v2/jobs/${job.jobKey}`, { changeset: { timeout: 300 } }), 204);
    // then it is handed out again soon after, as a new attempt
    const again = await activateJobOf(ctx.api, 'slow', key, 60_000);
    assert.equal(again.jobKey, job.jobKey);
    // and the first worker's late completion is refused, the second's accepted
    assertProblem(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { attempt: job.attempt }), 409);
    ok(await ctx.api.post(`/v2/jobs/${again.jobKey}/completion`, {}), 204);
    await untilState(ctx.api, key, 'COMPLETED');
    // and a PATCH without a changeset names it
    assertProblem(await ctx.api.request('PATCH', `/v2/jobs/${job.jobKey}`, {}), 400, /changeset/);
  });

  it('extends a lease with PATCH: the job is not handed out when the first timeout would have ended', async () => {
    // given a job leased for 300 ms
    const key = await waitingAt('extended', {});
    const job = await activateJobOf(ctx.api, 'extended', key, 300);
    // when its timeout is extended to a minute
    ok(await ctx.api.request('PATCH', `/v2/jobs/${job.jobKey}`, { changeset: { timeout: 60_000 } }), 204);
    // then after the first deadline has passed it is still leased, and its worker can complete it
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await ctx.api.activate('extended'), []);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, {}), 204);
    await untilState(ctx.api, key, 'COMPLETED');
  });
});
