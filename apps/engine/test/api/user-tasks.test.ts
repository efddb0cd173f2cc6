import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertProblem,
  deployed,
  engineForFile,
  fixture,
  ok,
  search,
  startInstance,
  untilState,
  userTaskOf,
  variablesOf,
} from './support';

describe('user tasks: inbox search, assignment, form, completion', () => {
  const ctx = engineForFile('api_user_tasks');

  before(async () => {
    await deployed(
      ctx.api,
      { name: 'approval.bpmn', content: fixture('approval.bpmn') },
      { name: 'approval.form', content: fixture('approval.form') },
    );
  });

  it('creates a task with its candidate groups and form, found by candidate group', async () => {
    // given an instance waiting at the review task
    const key = await startInstance(ctx.api, 'approval', { orderId: 'U-1' });
    // then the task is open with Camunda's fields
    const task = await userTaskOf(ctx.api, key);
    assert.match(task.userTaskKey, /^\d+$/);
    assert.equal(task.name, 'Review order');
    assert.equal(task.elementId, 'review');
    assert.equal(task.state, 'CREATED');
    assert.equal(task.processDefinitionId, 'approval');
    assert.equal(task.processInstanceKey, key);
    assert.deepEqual(task.candidateGroups, ['managers', 'auditors']);
    assert.equal(task.assignee, undefined);
    assert.ok(!Number.isNaN(Date.parse(task.creationDate)));
    // and a search by candidate group finds it, another group does not
    const managers = await search(ctx.api, 'user-tasks', {
      candidateGroups: 'managers',
      processInstanceKey: key,
    });
    assert.deepEqual(
      managers.map((t) => t.userTaskKey),
      [task.userTaskKey],
    );
    assert.deepEqual(
      await search(ctx.api, 'user-tasks', { candidateGroups: 'interns', processInstanceKey: key }),
      [],
    );
    // and it reads by key
    assert.equal(ok(await ctx.api.get(`/v2/user-tasks/${task.userTaskKey}`)).userTaskKey, task.userTaskKey);
    assertProblem(await ctx.api.get('/v2/user-tasks/999999999'), 404);
  });

  it('serves the deployed form of a task', async () => {
    const key = await startInstance(ctx.api, 'approval', { orderId: 'U-2' });
    const task = await userTaskOf(ctx.api, key);
    const form = ok(await ctx.api.get(`/v2/user-tasks/${task.userTaskKey}/form`));
    assert.equal(form.formId, 'approval-form');
    assert.equal(form.version, 1);
    assert.match(form.formKey, /^\d+$/);
    const schema = typeof form.schema === 'string' ? JSON.parse(form.schema) : form.schema;
    assert.deepEqual(schema, JSON.parse(fixture('approval.form')));
  });

  it('claims a task, refuses a second claim with allowOverride false, delegates with override, and unassigns', async () => {
    // given an open task
    const key = await startInstance(ctx.api, 'approval', { orderId: 'U-3' });
    const task = await userTaskOf(ctx.api, key);
    const path = `/v2/user-tasks/${task.userTaskKey}`;
    // when ada claims it
    ok(await ctx.api.post(`${path}/assignment`, { assignee: 'ada', allowOverride: false }), 204);
    // then a search by assignee finds it
    const adas = await search(ctx.api, 'user-tasks', { assignee: 'ada' });
    assert.deepEqual(
      adas.map((t) => t.userTaskKey),
      [task.userTaskKey],
    );
    // when grace tries to claim it too
    const taken = await ctx.api.post(`${path}/assignment`, { assignee: 'grace', allowOverride: false });
    // then she is told who holds it, and it stays with ada
    assertProblem(taken, 409, /ada/);
    assert.equal(ok(await ctx.api.get(path)).assignee, 'ada');
    // when a manager delegates it to grace (override allowed, the default)
    ok(await ctx.api.post(`${path}/assignment`, { assignee: 'grace' }), 204);
    assert.equal(ok(await ctx.api.get(path)).assignee, 'grace');
    // when it is unassigned
    ok(await ctx.api.request('DELETE', `${path}/assignee`), 204);
    // then nobody holds it and anyone may claim it
    assert.equal(ok(await ctx.api.get(path)).assignee, undefined);
    assert.deepEqual(await search(ctx.api, 'user-tasks', { assignee: 'grace' }), []);
    ok(await ctx.api.post(`${path}/assignment`, { assignee: 'linus', allowOverride: false }), 204);
    // and an assignment without an assignee names the field
    assertProblem(await ctx.api.post(`${path}/assignment`, {}), 400, /assignee/);
  });

  it('completes a task with variables; the process moves on; a second completion is a 409', async () => {
    // given an open, assigned task
    const key = await startInstance(ctx.api, 'approval', { orderId: 'U-4' });
    const task = await userTaskOf(ctx.api, key);
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'ada' }), 204);
    // when it is completed with the form's values
    ok(
      await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/completion`, {
        variables: { approved: true, comment: 'fine' },
      }),
      204,
    );
    // then the instance completes with them, and the task shows completed
    await untilState(ctx.api, key, 'COMPLETED');
    const variables = await variablesOf(ctx.api, key);
    assert.equal(variables.approved, true);
    assert.equal(variables.comment, 'fine');
    const done = ok(await ctx.api.get(`/v2/user-tasks/${task.userTaskKey}`));
    assert.equal(done.state, 'COMPLETED');
    assert.ok(!Number.isNaN(Date.parse(done.completionDate)));
    assert.deepEqual(await search(ctx.api, 'user-tasks', { processInstanceKey: key, state: 'CREATED' }), []);
    // when it is completed again
    const again = await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/completion`, {
      variables: { approved: false },
    });
    // then it is a conflict and nothing changed
    assertProblem(again, 409);
    assert.equal((await variablesOf(ctx.api, key)).approved, true);
    // and assigning a completed task is a conflict too
    assertProblem(
      await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'grace' }),
      409,
    );
    // and completing an unknown task is a 404
    assertProblem(await ctx.api.post('/v2/user-tasks/999999999/completion', {}), 404);
  });

  it(
    'explains a second completion in terms of the task, even once the instance has ended',
    async () => {
      // given a task whose completion ended its instance
      const key = await startInstance(ctx.api, 'approval', { orderId: 'U-5' });
      const task = await userTaskOf(ctx.api, key);
      ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/completion`, {}), 204);
      await untilState(ctx.api, key, 'COMPLETED');
      // when it is completed again, the problem names the task the caller sent
      assertProblem(
        await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/completion`, {}),
        409,
        new RegExp(`user task '${task.userTaskKey}'`),
      );
    },
  );
});
