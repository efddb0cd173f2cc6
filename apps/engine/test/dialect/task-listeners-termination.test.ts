import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activateJobOf, deployed, engineForFile, ok, search, startInstance, untilState } from '../api/support';
import type { Api } from '../support/engine-harness';
import { camunda8 } from './support';

/** The open review tasks of the instance, once both reviewers have theirs. */
async function reviewTasks(api: Api, key: string): Promise<any[]> {
  return api.until(async () => {
    const tasks = await search(api, 'user-tasks', { processInstanceKey: key, state: 'CREATED' });
    return tasks.length === 2 ? tasks : undefined;
  }, 10_000, 'two review tasks');
}

/** The states of the instance's user tasks, sorted. */
async function taskStates(api: Api, key: string): Promise<string[]> {
  return (await search(api, 'user-tasks', { processInstanceKey: key })).map((t: any) => t.state).sort();
}

/** Whether element `elementId` of the instance completed. */
async function reached(api: Api, key: string, elementId: string): Promise<boolean> {
  const items = await search(api, 'element-instances', { processInstanceKey: key, elementId });
  return items.some((i: any) => i.state === 'COMPLETED');
}

/** Completes the `count` canceling listener jobs of the instance, one per open review task. */
async function releaseReviews(api: Api, key: string, count: number): Promise<void> {
  const jobs: any[] = [];
  await api.until(async () => {
    jobs.push(...(await api.activate('release-review', 10, 30_000)).filter((j) => j.processInstanceKey === key));
    return jobs.length >= count;
  }, 10_000, `${count} canceling listener jobs`);
  assert.equal(jobs.length, count);
  for (const job of jobs) {
    assert.equal(job.listenerEventType, 'CANCELING');
    ok(await api.post(`/v2/jobs/${job.jobKey}/completion`, {}), 204);
  }
}

describe('user task canceling listeners on every termination of the task (Camunda 8.8)', () => {
  const ctx = engineForFile('dialect_task_listeners_termination');
  const start = async (claimId: string) => {
    await deployed(ctx.api, { name: 'claim-assessment.bpmn', content: camunda8('task-listeners-termination.bpmn') });
    const key = await startInstance(ctx.api, 'claim-assessment', { claimId, reviewers: ['ann', 'bob'] });
    await reviewTasks(ctx.api, key);
    return key;
  };

  it('holds an interrupting boundary event of the enclosing sub-process until the canceling listeners of its tasks completed', async () => {
    const key = await start('C-1');
    ok(await ctx.api.post('/v2/messages/publication', { name: 'claim-withdrawn', correlationKey: 'C-1' }));

    assert.deepEqual(await ctx.api.until(async () => {
      const states = await taskStates(ctx.api, key);
      return states.every((s) => s === 'CANCELING') ? states : undefined;
    }, 10_000, 'both tasks CANCELING'), ['CANCELING', 'CANCELING']);
    assert.equal(await reached(ctx.api, key, 'Event_closed'), false);
    await releaseReviews(ctx.api, key, 2);

    await ctx.api.until(() => reached(ctx.api, key, 'Event_closed'), 10_000, 'the boundary path');
    assert.deepEqual(await taskStates(ctx.api, key), ['CANCELED', 'CANCELED']);
  });

  it('starts an interrupting event sub-process after the canceling listeners', async () => {
    const key = await start('C-2');
    ok(await ctx.api.post('/v2/messages/publication', { name: 'claim-escalated', correlationKey: 'C-2' }));

    await releaseReviews(ctx.api, key, 2);
    await untilState(ctx.api, key, 'COMPLETED');
    assert.equal(await reached(ctx.api, key, 'Event_handedOver'), true);
    assert.deepEqual(await taskStates(ctx.api, key), ['CANCELED', 'CANCELED']);
  });

  it('completes the process at a terminate end event only after the canceling listeners', async () => {
    const key = await start('C-3');
    const check = await activateJobOf(ctx.api, 'fraud-check', key);
    ok(await ctx.api.post(`/v2/jobs/${check.jobKey}/completion`, { variables: { fraud: true } }), 204);

    assert.equal((await ctx.api.get(`/v2/process-instances/${key}`)).body.state, 'ACTIVE');
    await releaseReviews(ctx.api, key, 2);
    await untilState(ctx.api, key, 'COMPLETED');
    assert.equal(await reached(ctx.api, key, 'Event_rejected'), true);
    assert.deepEqual(await taskStates(ctx.api, key), ['CANCELED', 'CANCELED']);
  });

  it('runs the other reviews\' canceling listeners when the completion condition is met', async () => {
    const key = await start('C-4');
    const [first] = await reviewTasks(ctx.api, key);
    ok(await ctx.api.post(`/v2/user-tasks/${first.userTaskKey}/completion`, { variables: { approved: true } }), 204);

    assert.equal(await reached(ctx.api, key, 'Activity_assess'), false, 'the sub-process waits for the listener');
    await releaseReviews(ctx.api, key, 1);
    await ctx.api.until(() => reached(ctx.api, key, 'Event_assessed'), 10_000, 'the assessment to end');
    assert.deepEqual(await taskStates(ctx.api, key), ['CANCELED', 'COMPLETED']);
  });
});
