import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deployed, engineForFile, fixture, ok, startInstance, untilState, userTaskOf } from './support';

/** The instance history a monitor draws its timeline from, for a user task worked by people. */
describe('user task history', () => {
  const ctx = engineForFile('api_task_history');

  before(async () => {
    await deployed(ctx.api, { name: 'approval.bpmn', content: fixture('approval.bpmn') }, { name: 'approval.form', content: fixture('approval.form') });
  });

  it('lists claim, unassign, re-assignment and completion in the order they happened, each under its own intent', async () => {
    // given an order waiting for review
    const key = await startInstance(ctx.api, 'approval', { orderId: 'H-1' });
    const task = await userTaskOf(ctx.api, key);

    // when a manager claims it, gives it back, a colleague takes it and completes it
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'mia', allowOverride: false }), 204);
    ok(await ctx.api.request('DELETE', `/v2/user-tasks/${task.userTaskKey}/assignee`), 204);
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'noah' }), 204);
    ok(await ctx.api.post(`/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { approved: true } }), 204);
    await untilState(ctx.api, key, 'COMPLETED');

    // then the history lists the task's changes after the instance started and before it ended
    const history = ok(await ctx.api.post(`/v2/osprey/process-instances/${key}/history`, {})).items as { valueType: string; intent: string; value: any; position: string }[];
    const positions = history.map((r) => BigInt(r.position));
    assert.deepEqual(positions, [...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const steps = history
      .filter((r) => r.valueType === 'USER_TASK' || (r.valueType === 'PROCESS_INSTANCE' && r.value.bpmnElementType === 'PROCESS'))
      .map((r) => (r.valueType === 'USER_TASK' ? `${r.intent}${r.value.assignee ? `:${r.value.assignee}` : ''}` : `process ${r.intent}`));
    const task0 = steps.indexOf('ASSIGNED:mia');
    assert.ok(steps.indexOf('process ELEMENT_ACTIVATED') < task0, steps.join(', '));
    assert.deepEqual(steps.slice(task0, task0 + 3), ['ASSIGNED:mia', 'UNASSIGNED', 'ASSIGNED:noah'], steps.join(', '));
    assert.ok(steps.lastIndexOf('process ELEMENT_COMPLETED') > task0 + 2, steps.join(', '));
  });
});
