import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activateJobOf, deployed, engineForFile, ok, search, startInstance, untilState, userTaskOf, variablesOf } from '../api/support';
import { camunda8 } from './support';

describe('user task listeners (zeebe:taskListeners, creating and completing)', () => {
  const ctx = engineForFile('dialect_task_listeners');

  it('lets a creating listener correct the task and a completing listener deny, then allow, its completion', async () => {
    await deployed(ctx.api, { name: 'task-listeners.bpmn', content: camunda8('task-listeners.bpmn') });
    const key = await startInstance(ctx.api, 'listened-approval', { requester: 'mallory' });
    // the creating listener runs before the task exists, and corrects its assignee
    const creating = await activateJobOf(ctx.api, 'pick-approver', key);
    assert.equal(creating.kind, 'TASK_LISTENER');
    assert.equal(creating.listenerEventType, 'CREATING');
    assert.deepEqual(await search(ctx.api, 'user-tasks', { processInstanceKey: key }), []);
    ok(await ctx.api.post(`/v2/jobs/${creating.jobKey}/completion`, {
      result: { type: 'userTask', corrections: { assignee: 'grace', priority: 80 } },
    }), 204);
    const task = await userTaskOf(ctx.api, key);
    assert.equal(task.assignee, 'grace');
    assert.equal(task.priority, 80);
    assert.deepEqual(task.candidateGroups, ['accounting']);

    // a first completion is denied by the completing listener: the task stays open
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { approved: false } }), 204);
    const denying = await activateJobOf(ctx.api, 'check-approval', key);
    assert.equal(denying.listenerEventType, 'COMPLETING');
    ok(await ctx.api.post(`/v2/jobs/${denying.jobKey}/completion`, {
      result: { type: 'userTask', denied: true, deniedReason: 'an approval needs a comment' },
    }), 204);
    assert.equal((await userTaskOf(ctx.api, key)).userTaskKey, task.userTaskKey);
    assert.equal((await ctx.api.get(`/v2/process-instances/${key}`)).body.state, 'ACTIVE');

    // a second completion is allowed: the task completes with its variables
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { approved: true, comment: 'ok' } }), 204);
    const allowing = await activateJobOf(ctx.api, 'check-approval', key);
    ok(await ctx.api.post(`/v2/jobs/${allowing.jobKey}/completion`, {}), 204);
    await untilState(ctx.api, key, 'COMPLETED');
    const vars = await variablesOf(ctx.api, key);
    assert.equal(vars.approved, true);
    assert.equal(vars.comment, 'ok');
  });
});
