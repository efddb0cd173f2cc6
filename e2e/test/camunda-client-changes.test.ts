import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { TestDatabase } from '@osprey/testing';
import { migratedTestDatabase, startEngineProcess, strictCamundaClient, until, type EngineProcess } from '../src';

const fixture = (name: string) => join(__dirname, '../../test/fixtures', name);
const noWait = { consistency: { waitUpToMs: 0 } };

/**
 * The official client, validating what it sends and what it receives, on the routes that change
 * running work: variables on a scope, modification, migration, user-task updates.
 */
describe('the official Camunda 8.8 client in strict mode changes running instances and user tasks', () => {
  let db: TestDatabase;
  let engine: EngineProcess;
  let client: CamundaClient;

  before(async () => {
    db = await migratedTestDatabase('e2e_camunda_changes');
    engine = await startEngineProcess({ databaseUrl: db.url });
    client = strictCamundaClient(engine.url);
  });

  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  it('sets variables, skips a step by modification, migrates to a new version and reprioritises the task', async () => {
    // given an order waiting at its stock reservation job
    const deployment = await client.deployResourcesFromFiles([fixture('order-approval.bpmn'), fixture('order-approval.form')]);
    const v1 = deployment.processes[0]!.processDefinitionKey;
    const { processInstanceKey: key } = await client.createProcessInstance({ processDefinitionId: 'e2e-order-approval' as never, variables: { orderId: 'M-1' } });
    const reserve = await until(
      async () => (await client.searchElementInstances({ filter: { processInstanceKey: key, elementId: 'reserve-stock' as never } }, noWait)).items?.find((e) => e.state === 'ACTIVE'),
      'the reservation task',
    );

    // when an operator sets a variable on the instance's scope
    await client.createElementInstanceVariables({ elementInstanceKey: key as never, variables: { stockChecked: 'by hand' }, local: false });
    const variables = await client.searchVariables({ filter: { processInstanceKey: key } }, noWait);
    const stockChecked = variables.items.find((v) => v.name === 'stockChecked');
    assert.equal(stockChecked?.value, '"by hand"');
    assert.equal((await client.getVariable({ variableKey: stockChecked!.variableKey }, noWait)).scopeKey, key);
    assert.equal((await client.getElementInstance({ elementInstanceKey: reserve.elementInstanceKey }, noWait)).elementId, 'reserve-stock');

    // and skips the reservation: terminate it, activate the approval
    await client.modifyProcessInstance({
      processInstanceKey: key,
      terminateInstructions: [{ elementInstanceKey: reserve.elementInstanceKey }],
      activateInstructions: [{ elementId: 'approve-order' as never }],
    });
    const task = await until(async () => (await client.searchUserTasks({ filter: { processInstanceKey: key, state: 'CREATED' } }, noWait)).items[0], 'the approval task');
    assert.equal(task.elementId, 'approve-order');
    const seen = await client.searchUserTaskVariables({ userTaskKey: task.userTaskKey }, noWait);
    assert.deepEqual(seen.items.map((v) => v.name).sort(), ['orderId', 'stockChecked']);

    // and migrates the instance to version 2 of the process
    const changed = join(mkdtempSync(join(tmpdir(), 'osprey-e2e-')), 'order-approval.bpmn');
    writeFileSync(changed, readFileSync(fixture('order-approval.bpmn'), 'utf8').replace('name="Approve order"', 'name="Approve the order"'));
    const v2 = (await client.deployResourcesFromFiles([changed])).processes[0]!.processDefinitionKey;
    assert.notEqual(v2, v1);
    await client.migrateProcessInstance({ processInstanceKey: key, targetProcessDefinitionKey: v2, mappingInstructions: [{ sourceElementId: 'approve-order' as never, targetElementId: 'approve-order' as never }] });
    const migrated = await client.searchProcessInstances({ filter: { processInstanceKey: key } }, noWait);
    assert.equal(migrated.items[0]?.processDefinitionKey, v2);

    // and reprioritises and re-offers the task
    await client.updateUserTask({ userTaskKey: task.userTaskKey, changeset: { priority: 80, candidateGroups: ['auditors'] } });
    const updated = await client.getUserTask({ userTaskKey: task.userTaskKey }, noWait);
    assert.equal(updated.priority, 80);
    assert.deepEqual(updated.candidateGroups, ['auditors']);

    // then completing the task completes the instance
    await client.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } });
    await until(async () => (await client.searchProcessInstances({ filter: { processInstanceKey: key } }, noWait)).items[0]?.state === 'COMPLETED' || undefined, 'the instance to complete');
  });
});
