import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activateJobOf, deployed, engineForFile, incidentsOf, ok, search, startInstance, untilState, userTaskOf } from '../api/support';
import { Api, bootEngine } from '../support/engine-harness';
import { camunda8 } from './support';

/** The task as the inbox reads it, by key (whatever its state). */
async function taskNamed(api: Api, userTaskKey: string): Promise<any> {
  return ok(await api.get(`/v2/user-tasks/${userTaskKey}`));
}

/** The USER_TASK intents of the instance's history, with the assignee each left. */
async function taskHistory(api: Api, key: string): Promise<string[]> {
  const history = ok(await api.post(`/v2/osprey/process-instances/${key}/history`, {})).items as { valueType: string; intent: string; value: any }[];
  return history.filter((r) => r.valueType === 'USER_TASK').map((r) => `${r.intent}${r.value.assignee ? `:${r.value.assignee}` : ''}`);
}

describe('user task listeners: assigning, updating and canceling (Camunda 8.8)', () => {
  const ctx = engineForFile('dialect_task_listeners_lifecycle');
  const deploy = () => deployed(ctx.api, { name: 'claim-review.bpmn', content: camunda8('task-listeners-lifecycle.bpmn') });

  it('holds an assignment in ASSIGNING until its listener corrects it, refuses a second one meanwhile, and keeps it across a restart', async () => {
    await deploy();
    const key = await startInstance(ctx.api, 'claim-review', { claimId: 'C-1' });
    const task = await userTaskOf(ctx.api, key);

    // when an adjuster is assigned, the task waits for the assigning listener
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'ann' }), 204);
    const reviewing = await taskNamed(ctx.api, task.userTaskKey);
    assert.equal(reviewing.state, 'ASSIGNING');
    assert.equal(reviewing.assignee, undefined, 'the assignee changes only once the listeners agree');
    const again = await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'zoe' });
    assert.equal(again.status, 409);
    assert.match(again.body.detail, /ASSIGNING/);

    // the pending operation is in the database: a restarted engine carries it on
    await ctx.engine.stop();
    ctx.engine = await bootEngine({ DATABASE_URL: ctx.db.url });
    ctx.api = new Api(ctx.engine.url);

    const job = await activateJobOf(ctx.api, 'check-adjuster', key);
    assert.equal(job.kind, 'TASK_LISTENER');
    assert.equal(job.listenerEventType, 'ASSIGNING');
    assert.equal(job.userTask.assignee, 'ann');
    assert.equal(job.userTask.action, 'assign');
    assert.deepEqual(job.userTask.changedAttributes, ['assignee']);
    assert.deepEqual(job.userTask.candidateGroups, ['adjusters']);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, {
      result: { type: 'userTask', corrections: { assignee: 'bob', priority: 70 } },
    }), 204);

    const assigned = await taskNamed(ctx.api, task.userTaskKey);
    assert.equal(assigned.state, 'CREATED');
    assert.equal(assigned.assignee, 'bob');
    assert.equal(assigned.priority, 70);
    assert.deepEqual(await taskHistory(ctx.api, key), ['CREATED', 'ASSIGNING:ann', 'ASSIGNED:bob']);
  });

  it('rolls a denied assignment, claim or update back to what the task was', async () => {
    const key = await startInstance(ctx.api, 'claim-review', { claimId: 'C-2' });
    const task = await userTaskOf(ctx.api, key);
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'ann' }), 204);
    ok(await ctx.api.post(`/v2/jobs/${(await activateJobOf(ctx.api, 'check-adjuster', key)).jobKey}/completion`, {}), 204);

    // a claim by someone else is refused outright; a re-assignment is denied by the listener
    const claim = await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'eve', allowOverride: false });
    assert.equal(claim.status, 409);
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'eve' }), 204);
    const denying = await activateJobOf(ctx.api, 'check-adjuster', key);
    ok(await ctx.api.post(`/v2/jobs/${denying.jobKey}/completion`, {
      result: { type: 'userTask', denied: true, deniedReason: 'eve is not an adjuster' },
    }), 204);
    const kept = await taskNamed(ctx.api, task.userTaskKey);
    assert.equal(kept.state, 'CREATED');
    assert.equal(kept.assignee, 'ann');

    // an update runs the updating listener, which may deny it …
    ok(await ctx.api.request('PATCH', `/v2/user-tasks/${task.userTaskKey}`, { changeset: { dueDate: '2027-01-15T10:00:00Z', priority: 10 }, action: 'reschedule' }), 204);
    assert.equal((await taskNamed(ctx.api, task.userTaskKey)).state, 'UPDATING');
    const update = await activateJobOf(ctx.api, 'check-schedule', key);
    assert.equal(update.listenerEventType, 'UPDATING');
    assert.equal(update.userTask.action, 'reschedule');
    assert.equal(update.userTask.dueDate, '2027-01-15T10:00:00.000Z');
    assert.deepEqual([...update.userTask.changedAttributes].sort(), ['dueDate', 'priority']);
    ok(await ctx.api.post(`/v2/jobs/${update.jobKey}/completion`, { result: { denied: true } }), 204);
    const unchanged = await taskNamed(ctx.api, task.userTaskKey);
    assert.equal(unchanged.dueDate, undefined);
    assert.equal(unchanged.priority, 50);

    // … or correct it; unassigning runs the assigning listener too
    ok(await ctx.api.request('PATCH', `/v2/user-tasks/${task.userTaskKey}`, { changeset: { dueDate: '2027-01-15T10:00:00Z' } }), 204);
    const correcting = await activateJobOf(ctx.api, 'check-schedule', key);
    ok(await ctx.api.post(`/v2/jobs/${correcting.jobKey}/completion`, {
      result: { type: 'userTask', corrections: { followUpDate: '2027-01-10T09:00:00Z', candidateGroups: ['senior-adjusters'] } },
    }), 204);
    const updated = await taskNamed(ctx.api, task.userTaskKey);
    assert.equal(updated.state, 'CREATED');
    assert.match(updated.dueDate, /^2027-01-15T10:00:00/);
    assert.match(updated.followUpDate, /^2027-01-10T09:00:00/);
    assert.deepEqual(updated.candidateGroups, ['senior-adjusters']);
    ok(await ctx.api.request('DELETE', `/v2/user-tasks/${task.userTaskKey}/assignee`), 204);
    const unassigning = await activateJobOf(ctx.api, 'check-adjuster', key);
    assert.equal(unassigning.userTask.action, 'unassign');
    assert.equal(unassigning.userTask.assignee, undefined);
    ok(await ctx.api.post(`/v2/jobs/${unassigning.jobKey}/completion`, {}), 204);
    assert.equal((await taskNamed(ctx.api, task.userTaskKey)).assignee, undefined);
    assert.deepEqual((await taskHistory(ctx.api, key)).slice(-8), [
      'ASSIGNING:eve', 'ASSIGNMENT_DENIED:ann', 'UPDATING:ann', 'UPDATE_DENIED:ann', 'UPDATING:ann', 'UPDATED:ann', 'ASSIGNING', 'UNASSIGNED',
    ]);
  });

  it('raises an incident when an assigning listener runs out of retries, and finishes the assignment once it is resolved', async () => {
    const key = await startInstance(ctx.api, 'claim-review', { claimId: 'C-3' });
    const task = await userTaskOf(ctx.api, key);
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'ann' }), 204);
    const first = await activateJobOf(ctx.api, 'check-adjuster', key);
    assert.equal(first.retries, 2);
    ok(await ctx.api.post(`/v2/jobs/${first.jobKey}/failure`, { retries: 0, errorMessage: 'directory unreachable' }), 204);
    const [incident] = await ctx.api.until(async () => {
      const found = ok(await ctx.api.post('/v2/incidents/search', { filter: { processInstanceKey: key, state: 'ACTIVE' } })).items;
      return found.length > 0 ? found : undefined;
    }, 10_000, 'the listener incident');
    assert.equal(incident.errorType, 'JOB_NO_RETRIES');
    assert.equal((await taskNamed(ctx.api, task.userTaskKey)).state, 'ASSIGNING');

    ok(await ctx.api.request('PATCH', `/v2/jobs/${first.jobKey}`, { changeset: { retries: 1 } }), 204);
    ok(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`, {}), 204);
    const retried = await activateJobOf(ctx.api, 'check-adjuster', key);
    ok(await ctx.api.post(`/v2/jobs/${retried.jobKey}/completion`, {}), 204);
    const assigned = await taskNamed(ctx.api, task.userTaskKey);
    assert.equal(assigned.state, 'CREATED');
    assert.equal(assigned.assignee, 'ann');
  });

  it('runs the canceling listeners in order before an interrupting boundary event takes the task\'s place', async () => {
    const key = await startInstance(ctx.api, 'claim-review', { claimId: 'C-4' });
    const task = await userTaskOf(ctx.api, key);
    ok(await ctx.api.post('/v2/messages/publication', { name: 'claim-withdrawn', correlationKey: 'C-4', variables: { reason: 'settled' } }));

    const release = await activateJobOf(ctx.api, 'release-claim', key);
    assert.equal(release.listenerEventType, 'CANCELING');
    assert.equal((await taskNamed(ctx.api, task.userTaskKey)).state, 'CANCELING');
    assert.equal((await ctx.api.get(`/v2/process-instances/${key}`)).body.state, 'ACTIVE');
    // a completion is refused while the task is being canceled
    assert.equal((await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/completion`, {})).status, 409);
    ok(await ctx.api.post(`/v2/jobs/${release.jobKey}/completion`, { result: { denied: true } }), 204);
    const notify = await activateJobOf(ctx.api, 'notify-adjuster', key);
    ok(await ctx.api.post(`/v2/jobs/${notify.jobKey}/completion`, {}), 204);

    await untilState(ctx.api, key, 'COMPLETED');
    assert.equal((await taskNamed(ctx.api, task.userTaskKey)).state, 'CANCELED');
    const closed = ok(await ctx.api.post('/v2/element-instances/search', { filter: { processInstanceKey: key, elementId: 'Event_closed' } })).items;
    assert.equal(closed.length, 1, 'a denial does not stop a cancellation: the boundary path ran');
  });

  it('holds the instance\'s cancellation until the canceling listeners completed', async () => {
    const key = await startInstance(ctx.api, 'claim-review', { claimId: 'C-5' });
    const task = await userTaskOf(ctx.api, key);
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'ann' }), 204);

    // an assignment still waiting for its listener gives way to the cancellation
    ok(await ctx.api.post(`/v2/process-instances/${key}/cancellation`, {}), 204);
    assert.equal((await taskNamed(ctx.api, task.userTaskKey)).state, 'CANCELING');
    assert.equal((await ctx.api.get(`/v2/process-instances/${key}`)).body.state, 'ACTIVE');
    ok(await ctx.api.post(`/v2/process-instances/${key}/cancellation`, {}), 204);
    const release = await activateJobOf(ctx.api, 'release-claim', key);
    ok(await ctx.api.post(`/v2/jobs/${release.jobKey}/completion`, {}), 204);
    const notify = await activateJobOf(ctx.api, 'notify-adjuster', key);
    ok(await ctx.api.post(`/v2/jobs/${notify.jobKey}/completion`, {}), 204);

    await untilState(ctx.api, key, 'TERMINATED');
    const canceled = await taskNamed(ctx.api, task.userTaskKey);
    assert.equal(canceled.state, 'CANCELED');
    assert.equal(canceled.assignee, undefined);
    const jobs = ok(await ctx.api.post('/v2/jobs/search', { filter: { processInstanceKey: key, type: 'check-adjuster' } })).items;
    assert.ok(jobs.every((j: any) => j.state !== 'CREATED'), JSON.stringify(jobs));
  });

  it('assigns a task created with an assignee through its assigning listeners', async () => {
    const assigned = camunda8('task-listeners-lifecycle.bpmn')
      .replace('<zeebe:assignmentDefinition candidateGroups="adjusters" />', '<zeebe:assignmentDefinition assignee="=filedBy" candidateGroups="adjusters" />')
      .replace(/claim-review/g, 'claim-review-assigned');
    ok(await ctx.api.deploy({ name: 'claim-review-assigned.bpmn', content: assigned }));
    const key = await startInstance(ctx.api, 'claim-review-assigned', { claimId: 'C-6', filedBy: 'mia' });
    const job = await activateJobOf(ctx.api, 'check-adjuster', key);
    assert.deepEqual([job.userTask.action, job.userTask.assignee], ['assign', 'mia']);
    const task = await taskNamed(ctx.api, job.userTask.userTaskKey);
    assert.equal(task.state, 'ASSIGNING');
    assert.equal(task.assignee, undefined);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, {}), 204);
    assert.equal((await taskNamed(ctx.api, job.userTask.userTaskKey)).assignee, 'mia');
  });

  it('refuses an unknown task listener event type at deployment', async () => {
    const unknown = camunda8('task-listeners-lifecycle.bpmn')
      .replace('eventType="updating"', 'eventType="reassigning"')
      .replace(/claim-review/g, 'unknown-listener');
    const res = await ctx.api.deploy({ name: 'unknown.bpmn', content: unknown });
    assert.equal(res.status, 400);
    assert.match(res.body.detail, /one has the event type 'reassigning'/);
  });

  it('retries only the listeners when an assigning listener\'s job type fails to evaluate: one task, and the assignment completes', async () => {
    const expression = camunda8('task-listeners-lifecycle.bpmn')
      .replace('type="check-adjuster"', 'type="=adjusterCheck"')
      .replace(/claim-review/g, 'claim-review-expression');
    ok(await ctx.api.deploy({ name: 'claim-review-expression.bpmn', content: expression }));
    const key = await startInstance(ctx.api, 'claim-review-expression', { claimId: 'C-7' });
    const task = await userTaskOf(ctx.api, key);

    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'ann' }), 204);
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    assert.equal((await taskNamed(ctx.api, task.userTaskKey)).state, 'ASSIGNING');

    ok(await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, { variables: { adjusterCheck: 'check-adjuster' } }), 204);
    ok(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`, {}), 204);
    const job = await activateJobOf(ctx.api, 'check-adjuster', key);
    assert.equal(job.userTask.assignee, 'ann');
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, {}), 204);

    const tasks = await search(ctx.api, 'user-tasks', { processInstanceKey: key });
    assert.equal(tasks.length, 1, 'resolving the incident does not create the task again');
    assert.deepEqual([tasks[0].state, tasks[0].assignee], ['CREATED', 'ann']);
    assert.deepEqual(await taskHistory(ctx.api, key), ['CREATED', 'ASSIGNING:ann', 'ASSIGNED:ann']);
  });

  it('retries the canceling listeners, not the task, when one\'s job type fails during an instance cancellation', async () => {
    const expression = camunda8('task-listeners-lifecycle.bpmn')
      .replace('type="release-claim"', 'type="=releaseWorker"')
      .replace(/claim-review/g, 'claim-review-release');
    ok(await ctx.api.deploy({ name: 'claim-review-release.bpmn', content: expression }));
    const key = await startInstance(ctx.api, 'claim-review-release', { claimId: 'C-8' });
    const task = await userTaskOf(ctx.api, key);

    ok(await ctx.api.post(`/v2/process-instances/${key}/cancellation`, {}), 204);
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    ok(await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, { variables: { releaseWorker: 'release-claim' } }), 204);
    ok(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`, {}), 204);
    ok(await ctx.api.post(`/v2/jobs/${(await activateJobOf(ctx.api, 'release-claim', key)).jobKey}/completion`, {}), 204);
    ok(await ctx.api.post(`/v2/jobs/${(await activateJobOf(ctx.api, 'notify-adjuster', key)).jobKey}/completion`, {}), 204);

    await untilState(ctx.api, key, 'TERMINATED');
    const tasks = await search(ctx.api, 'user-tasks', { processInstanceKey: key });
    assert.deepEqual(tasks.map((t: any) => [t.userTaskKey, t.state]), [[task.userTaskKey, 'CANCELED']]);
  });

  it('runs the updating listeners when variables are set on the task\'s element instance, and sets them only once they agreed', async () => {
    const key = await startInstance(ctx.api, 'claim-review', { claimId: 'C-9' });
    const task = await userTaskOf(ctx.api, key);
    const scope = task.elementInstanceKey;

    ok(await ctx.api.request('PUT', `/v2/element-instances/${scope}/variables`, { variables: { estimate: 1200 }, local: true }), 204);
    assert.equal((await taskNamed(ctx.api, task.userTaskKey)).state, 'UPDATING');
    const update = await activateJobOf(ctx.api, 'check-schedule', key);
    assert.equal(update.listenerEventType, 'UPDATING');
    assert.deepEqual(update.userTask.changedAttributes, ['variables']);
    assert.equal((await search(ctx.api, 'variables', { scopeKey: scope, name: 'estimate' })).length, 0, 'the variables wait for the listener');
    ok(await ctx.api.post(`/v2/jobs/${update.jobKey}/completion`, {}), 204);
    const [estimate] = await search(ctx.api, 'variables', { scopeKey: scope, name: 'estimate' });
    assert.equal(estimate.value, '1200');

    // a denial drops them
    ok(await ctx.api.request('PUT', `/v2/element-instances/${scope}/variables`, { variables: { estimate: 99 }, local: true }), 204);
    const denying = await activateJobOf(ctx.api, 'check-schedule', key);
    ok(await ctx.api.post(`/v2/jobs/${denying.jobKey}/completion`, { result: { type: 'userTask', denied: true } }), 204);
    assert.equal((await search(ctx.api, 'variables', { scopeKey: scope, name: 'estimate' }))[0].value, '1200');
    assert.deepEqual((await taskHistory(ctx.api, key)).slice(-4), ['UPDATING', 'UPDATED', 'UPDATING', 'UPDATE_DENIED']);
  });
});
