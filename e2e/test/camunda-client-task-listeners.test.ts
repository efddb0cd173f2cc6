import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { TestDatabase } from '@osprey/testing';
import { migratedTestDatabase, startEngineProcess, strictCamundaClient, until, type EngineProcess } from '../src';

const fixture = (name: string) => join(__dirname, '../../test/fixtures', name);

/**
 * A claim review drawn in Camunda Modeler with assigning, updating and canceling task listeners,
 * worked through the official Camunda 8.8 client in strict validation mode.
 */
describe('user task listeners through the official Camunda client', () => {
  let db: TestDatabase;
  let engine: EngineProcess;
  let client: CamundaClient;

  before(async () => {
    db = await migratedTestDatabase('e2e_camunda_task_listeners');
    engine = await startEngineProcess({ databaseUrl: db.url });
    client = strictCamundaClient(engine.url);
  });

  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  const noWait = { consistency: { waitUpToMs: 0 } };

  async function listenerJob(type: string, processInstanceKey: string) {
    return until(async () => {
      const { jobs } = await client.activateJobs({ type, worker: 'e2e-listener', maxJobsToActivate: 10, timeout: 30_000, requestTimeout: 1_000 });
      return jobs.find((j) => j.processInstanceKey === processInstanceKey);
    }, `a ${type} listener job of instance ${processInstanceKey}`);
  }

  async function taskOf(processInstanceKey: string) {
    return until(async () => {
      const found = await client.searchUserTasks({ filter: { processInstanceKey: processInstanceKey as never } }, noWait);
      return found.items[0];
    }, `the user task of ${processInstanceKey}`);
  }

  it('corrects an assignment, denies an update and holds the cancellation for its listeners', async () => {
    await client.deployResourcesFromFiles([fixture('claim-review.bpmn')]);
    const { processInstanceKey } = await client.createProcessInstance({
      processDefinitionId: 'claim-review' as never,
      variables: { claimId: 'E-1' },
    });
    const task = await taskOf(processInstanceKey);

    // an assignment the listener corrects
    await client.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'ann' });
    assert.equal((await client.getUserTask({ userTaskKey: task.userTaskKey }, noWait)).state, 'ASSIGNING');
    const assigning = await listenerJob('check-adjuster', processInstanceKey);
    assert.equal(assigning.kind, 'TASK_LISTENER');
    assert.equal(assigning.listenerEventType, 'ASSIGNING');
    assert.equal(assigning.userTask?.assignee, 'ann');
    // and job search, strictly validated, finds the listener's job by its kind and event
    const listed = await client.searchJobs({ filter: { processInstanceKey, kind: 'TASK_LISTENER', listenerEventType: 'ASSIGNING' } }, noWait);
    assert.deepEqual(
      listed.items.map((j) => [j.jobKey, j.type, j.state, j.worker]),
      [[assigning.jobKey, 'check-adjuster', 'CREATED', 'e2e-listener']],
    );
    await client.completeJob({ jobKey: assigning.jobKey, result: { type: 'userTask', corrections: { assignee: 'bob' } } });
    const assigned = await client.getUserTask({ userTaskKey: task.userTaskKey }, noWait);
    assert.equal(assigned.state, 'CREATED');
    assert.equal(assigned.assignee, 'bob');

    // an update the listener denies
    await client.updateUserTask({ userTaskKey: task.userTaskKey, changeset: { priority: 90 } });
    const updating = await listenerJob('check-schedule', processInstanceKey);
    assert.equal(updating.listenerEventType, 'UPDATING');
    assert.deepEqual(updating.userTask?.changedAttributes, ['priority']);
    await client.completeJob({ jobKey: updating.jobKey, result: { type: 'userTask', denied: true, deniedReason: 'priority is set by policy' } });
    assert.equal((await client.getUserTask({ userTaskKey: task.userTaskKey }, noWait)).priority, 50);

    // a cancellation that waits for both canceling listeners
    await client.cancelProcessInstance({ processInstanceKey });
    assert.equal((await client.getUserTask({ userTaskKey: task.userTaskKey }, noWait)).state, 'CANCELING');
    for (const type of ['release-claim', 'notify-adjuster']) {
      const canceling = await listenerJob(type, processInstanceKey);
      assert.equal(canceling.listenerEventType, 'CANCELING');
      await client.completeJob({ jobKey: canceling.jobKey });
    }
    await until(async () => {
      const found = await client.searchProcessInstances({ filter: { processInstanceKey } }, noWait);
      return found.items[0]?.state === 'TERMINATED';
    }, 'the instance to be canceled');
    assert.equal((await client.getUserTask({ userTaskKey: task.userTaskKey }, noWait)).state, 'CANCELED');
  });
});
