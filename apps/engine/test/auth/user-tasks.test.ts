import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenied, authEngineForFile, userTaskProcess, type Caller } from './auth-fixtures';

describe('user tasks are visible to the approvers they are offered to', () => {
  const ctx = authEngineForFile('auth_tasks');
  let admin: Caller;
  let managersTask: string;
  let financeTask: string;

  const taskOf = async (processInstanceKey: string): Promise<string> => {
    for (let i = 0; i < 100; i++) {
      const res = await admin.call('POST', '/v2/user-tasks/search', { filter: { processInstanceKey } });
      if (res.body?.items?.[0]) return res.body.items[0].userTaskKey;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no user task for instance ${processInstanceKey}`);
  };

  // Given tasks for managers and for finance.

  before(async () => {
    admin = await ctx.user('root', ['admin']);
    for (const [id, groups] of [['auth-managers', 'managers'], ['auth-finance', 'finance']]) {
      assert.equal((await admin.deploy(`${id}.bpmn`, userTaskProcess(id, groups))).status, 200);
    }
    const a = await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'auth-managers' });
    const b = await admin.call('POST', '/v2/process-instances', { processDefinitionId: 'auth-finance' });
    managersTask = await taskOf(a.body.processInstanceKey);
    financeTask = await taskOf(b.body.processInstanceKey);
  });

  it('an approver finds only the tasks offered to their groups', async () => {
    const anna = await ctx.user('anna', ['approver'], ['managers']);
    const res = await anna.call('POST', '/v2/user-tasks/search', {});
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((t: { userTaskKey: string }) => t.userTaskKey), [managersTask]);
    assert.equal(res.body.page.totalItems, 1);
    // while a viewer, who reads everything, finds both
    const viewer = await ctx.user('vic', ['viewer']);
    assert.equal((await viewer.call('POST', '/v2/user-tasks/search', {})).body.items.length, 2);
  });

  it("refuses an approver another group's task (403) and lets them claim and complete their own", async () => {
    const anna = await ctx.user('anna', ['approver'], ['managers']);
    // another group's task
    assertDenied(await anna.call('GET', `/v2/user-tasks/${financeTask}`), 403);
    assertDenied(await anna.call('POST', `/v2/user-tasks/${financeTask}/assignment`, { assignee: 'anna' }), 403);
    assertDenied(await anna.call('POST', `/v2/user-tasks/${financeTask}/completion`, {}), 403);
    // claiming their own task for someone else
    assertDenied(await anna.call('POST', `/v2/user-tasks/${managersTask}/assignment`, { assignee: 'bob' }), 403);
    // their own task
    assert.equal((await anna.call('GET', `/v2/user-tasks/${managersTask}`)).status, 200);
    assert.equal((await anna.call('POST', `/v2/user-tasks/${managersTask}/assignment`, { assignee: 'anna' })).status, 204);
    assert.equal((await anna.call('POST', `/v2/user-tasks/${managersTask}/completion`, {})).status, 204);
    // and an approver may not search instances
    assertDenied(await anna.call('POST', '/v2/process-instances/search', {}), 403);
  });
});
