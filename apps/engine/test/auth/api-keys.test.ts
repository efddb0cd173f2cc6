import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oneTaskProcess } from '../support/bpmn';
import { apiKey, assertDenied, authEngineForFile, type Caller } from './auth-fixtures';

const payments = apiKey({ id: 'payments-worker', roles: ['worker'], jobTypes: ['payment-charge'] });
const orders = apiKey({ id: 'orders-starter', roles: ['starter'], processes: ['auth-payment'] });

describe('API keys for workers and starters', () => {
  const ctx = authEngineForFile('auth_keys', [payments.config, orders.config]);
  let admin: Caller;

  // Given processes with payment and shipping jobs.

  before(async () => {
    admin = await ctx.user('root', ['admin']);
    assert.equal((await admin.deploy('payment.bpmn', oneTaskProcess('auth-payment', 'payment-charge'))).status, 200);
    assert.equal((await admin.deploy('shipping.bpmn', oneTaskProcess('auth-shipping', 'ship-parcel'))).status, 200);
  });

  it('a starter limited to one process starts it and is refused another (403)', async () => {
    // as a bearer token
    const starter = ctx.caller({ token: orders.key });
    assert.equal((await starter.call('POST', '/v2/process-instances', { processDefinitionId: 'auth-payment' })).status, 200);
    assertDenied(await starter.call('POST', '/v2/process-instances', { processDefinitionId: 'auth-shipping' }), 403);
    // also when the process is named by its definition key
    const definitions = await admin.call('POST', '/v2/process-definitions/search', { filter: { processDefinitionId: 'auth-shipping' } });
    const key = definitions.body.items[0].processDefinitionKey;
    assertDenied(await starter.call('POST', '/v2/process-instances', { processDefinitionKey: key }), 403);
    // and a starter may not read
    assertDenied(await starter.call('POST', '/v2/process-instances/search', {}), 403);
  });

  it('a worker key activates and completes only its job types (403 for others)', async () => {
    // given a payment and a shipping instance
    const payment = (await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'auth-payment' })).body.processInstanceKey;
    await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'auth-shipping' });
    const worker = ctx.caller({ apiKey: payments.key });
    const activate = (c: Caller, type: string) =>
      c.call('POST', '/v2/jobs/activation', { type, maxJobsToActivate: 5, timeout: 30_000, requestTimeout: -1, worker: 'test' });
    // another type
    assertDenied(await activate(worker, 'ship-parcel'), 403);
    // its own type
    let job: { jobKey: string; type: string } | undefined;
    for (let i = 0; i < 100 && !job; i++) {
      job = (await activate(worker, 'payment-charge')).body.jobs.find((j: { processInstanceKey: string }) => j.processInstanceKey === payment);
      if (!job) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(job?.type, 'payment-charge');
    assert.equal((await worker.call('POST', `/v2/jobs/${job.jobKey}/completion`, { variables: { charged: true } })).status, 204);
    // a shipping job, activated by someone allowed, cannot be completed, failed or errored with the payment key
    const shipping = (await activate(admin, 'ship-parcel')).body.jobs[0];
    assert.ok(shipping, 'expected a shipping job');
    assertDenied(await worker.call('POST', `/v2/jobs/${shipping.jobKey}/completion`, {}), 403);
    assertDenied(await worker.call('POST', `/v2/jobs/${shipping.jobKey}/failure`, { retries: 0 }), 403);
    assertDenied(await worker.call('POST', `/v2/jobs/${shipping.jobKey}/error`, { errorCode: 'X' }), 403);
    // nor can the worker change retries, which is an operator's right
    assertDenied(await worker.call('PATCH', `/v2/jobs/${shipping.jobKey}`, { changeset: { retries: 3 } }), 403);
  });

  it('a worker key extends the lease of a job of its types, but may not change retries or touch other jobs', async () => {
    // given a payment job the worker holds for 30 s
    await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'auth-payment' });
    const worker = ctx.caller({ apiKey: payments.key });
    let job: { jobKey: string; deadline: string } | undefined;
    for (let i = 0; i < 100 && !job; i++) {
      job = (await worker.call('POST', '/v2/jobs/activation', { type: 'payment-charge', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: -1 })).body.jobs[0];
      if (!job) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(job, 'expected a payment job');
    const deadlineOf = async () =>
      Date.parse((await admin.call('POST', '/v2/jobs/search', { filter: { jobKey: job!.jobKey } })).body.items[0].deadline);
    const before = await deadlineOf();

    // when its handler needs longer and it extends the lease to ten minutes
    // (a strict-mode Camunda client sends the field it leaves out as null)
    const extended = await worker.call('PATCH', `/v2/jobs/${job.jobKey}`, { changeset: { timeout: 600_000, retries: null } });

    // then the lease runs ten minutes from now, and the worker completes the job on it
    assert.equal(extended.status, 204);
    assert.ok((await deadlineOf()) > before + 500_000);
    // but retries stay an operator's decision, even on its own job, and other types stay out of reach
    assertDenied(await worker.call('PATCH', `/v2/jobs/${job.jobKey}`, { changeset: { timeout: 600_000, retries: 9 } }), 403);
    await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'auth-shipping' });
    const shipping = (await admin.call('POST', '/v2/jobs/activation', { type: 'ship-parcel', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: 5_000 })).body.jobs[0];
    assertDenied(await worker.call('PATCH', `/v2/jobs/${shipping.jobKey}`, { changeset: { timeout: 600_000 } }), 403);
    assert.equal((await worker.call('POST', `/v2/jobs/${job.jobKey}/completion`, {})).status, 204);
  });
});
