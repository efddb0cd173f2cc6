import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  activateJobOf,
  assertProblem,
  deployed,
  elementsOf,
  engineForFile,
  incidentsOf,
  ok,
  startInstance,
  untilState,
  variablesOf,
} from '../api/support';
import { camunda8 } from './support';

describe('execution listeners (zeebe:executionListeners)', () => {
  const ctx = engineForFile('dialect_listeners');

  async function completeListener(type: string, key: string, variables: object = {}) {
    const job = await activateJobOf(ctx.api, type, key);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables }), 204);
    return job;
  }

  it('runs each listener as a job, in order, and moves the element on only after the last', async () => {
    await deployed(ctx.api, { name: 'execution-listeners.bpmn', content: camunda8('execution-listeners.bpmn') });
    const key = await startInstance(ctx.api, 'listened-order');
    // the process's start listener runs before anything inside it
    const procStart = await activateJobOf(ctx.api, 'proc-start', key);
    assert.equal(procStart.kind, 'EXECUTION_LISTENER');
    assert.equal(procStart.listenerEventType, 'START');
    assert.deepEqual(await elementsOf(ctx.api, key, 'StartEvent_1'), []);
    ok(await ctx.api.post(`/v2/jobs/${procStart.jobKey}/completion`, { variables: { customerTier: 'gold' } }), 204);

    // the task's first start listener fails out of its one retry: an incident, and no second listener yet
    const audit = await activateJobOf(ctx.api, 'audit-start', key);
    ok(await ctx.api.post(`/v2/jobs/${audit.jobKey}/failure`, { retries: 0, errorMessage: 'audit store down' }), 204);
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(incident.errorType, 'JOB_NO_RETRIES');
    assert.equal(incident.elementId, 'Activity_ship');
    assert.deepEqual((await ctx.api.activate('load-customer')).filter((j) => j.processInstanceKey === key), []);
    // an operator gives it a retry and resolves the incident; it runs again and completes
    ok(await ctx.api.request('PATCH', `/v2/jobs/${audit.jobKey}`, { changeset: { retries: 1 } }), 204);
    ok(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`), 204);
    await completeListener('audit-start', key);
    await completeListener('load-customer', key, { customer: 'Ada' });

    // only then does the task's own job exist, seeing what the start listener set
    const ship = await activateJobOf(ctx.api, 'ship', key);
    assert.equal(ship.kind, 'BPMN_ELEMENT');
    assert.equal(ship.variables.customer, 'Ada');
    ok(await ctx.api.post(`/v2/jobs/${ship.jobKey}/completion`, { variables: { trackingId: 'T-1' } }), 204);

    // end listeners: the task's, the gateway's (which keeps the flow it chose), the end event's start listener, the process's
    const auditEnd = await completeListener('audit-end', key);
    assert.equal(auditEnd.listenerEventType, 'END');
    await completeListener('route-end', key);
    await completeListener('end-start', key);
    assert.deepEqual(await elementsOf(ctx.api, key, 'Event_standard'), []);
    await completeListener('proc-end', key, { closedBy: 'listener' });
    await untilState(ctx.api, key, 'COMPLETED');
    const vars = await variablesOf(ctx.api, key);
    assert.equal(vars.trackingId, 'T-1');
    assert.equal(vars.closedBy, 'listener');
  });

  it('refuses a BPMN error thrown from a listener job', async () => {
    const key = await startInstance(ctx.api, 'listened-order');
    const job = await activateJobOf(ctx.api, 'proc-start', key);
    const res = await ctx.api.post(`/v2/jobs/${job.jobKey}/error`, { errorCode: 'NOPE' });
    assertProblem(res, 400, /execution listener/);
  });
});
