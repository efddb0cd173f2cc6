import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t"`;

/** The reusable approval: version `tag` asks `group` to approve. */
const approval = (tag: string, group: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="approval" isExecutable="true">
    <bpmn:extensionElements><zeebe:versionTag value="${tag}" /></bpmn:extensionElements>
    <bpmn:startEvent id="s" />
    <bpmn:userTask id="approve">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="${group}" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="approve" />
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

/** A parent calling `approval` with a binding, then a service task. */
const parent = (id: string, binding: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:callActivity id="callApproval">
      <bpmn:extensionElements>
        <zeebe:calledElement processId="approval" ${binding} propagateAllChildVariables="true" />
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:serviceTask id="act"><bpmn:extensionElements><zeebe:taskDefinition type="act-${id}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="callApproval" />
    <bpmn:sequenceFlow id="f2" sourceRef="callApproval" targetRef="act" />
    <bpmn:sequenceFlow id="f3" sourceRef="act" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

/** A reusable approval process called from two parents with different version bindings. */
describe('call activities on PostgreSQL', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    db = await freshDatabase('callactivity');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
    // approval v1 (tag "1.0", managers), then v2 (tag "2.0", directors)
    assert.equal((await api.deploy({ name: 'approval.bpmn', content: approval('1.0', 'managers') })).status, 200);
    assert.equal((await api.deploy({ name: 'approval.bpmn', content: approval('2.0', 'directors') })).status, 200);
    assert.equal((await api.deploy({ name: 'expense.bpmn', content: parent('expense', 'bindingType="versionTag" versionTag="1.0"') })).status, 200);
    assert.equal((await api.deploy({ name: 'purchase.bpmn', content: parent('purchase', '') })).status, 200);
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  async function childOf(parentKey: string) {
    const res = await api.post('/v2/process-instances/search', { filter: { parentProcessInstanceKey: parentKey } });
    return res.body.items[0] as { processInstanceKey: string; processDefinitionVersion: number; state: string };
  }

  async function taskOf(processInstanceKey: string) {
    const res = await api.post('/v2/user-tasks/search', { filter: { processInstanceKey, state: 'CREATED' } });
    return res.body.items[0] as { userTaskKey: string; candidateGroups: string[] };
  }

  it('runs the version each parent binds to and hands the child’s variables back', async () => {
    // given one parent bound to version tag 1.0 and one bound to the latest version
    const expense = (await api.post('/v2/process-instances', { processDefinitionId: 'expense', variables: { amount: 120 } })).body.processInstanceKey;
    const purchase = (await api.post('/v2/process-instances', { processDefinitionId: 'purchase', variables: { amount: 9000 } })).body.processInstanceKey;
    // then each called a real child instance of its version, visible and linked
    const expenseChild = await childOf(expense);
    const purchaseChild = await childOf(purchase);
    assert.equal(expenseChild.processDefinitionVersion, 1);
    assert.equal(purchaseChild.processDefinitionVersion, 2);
    assert.deepEqual((await taskOf(expenseChild.processInstanceKey)).candidateGroups, ['managers']);
    assert.deepEqual((await taskOf(purchaseChild.processInstanceKey)).candidateGroups, ['directors']);
    // and the children see the parent's variables
    const seen = await api.post('/v2/variables/search', { filter: { processInstanceKey: expenseChild.processInstanceKey, name: 'amount' } });
    assert.equal(seen.body.items[0].value, '120');
    // when the manager approves the expense
    const task = await taskOf(expenseChild.processInstanceKey);
    assert.equal((await api.post(`/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { approved: true } })).status, 204);
    // then the child completed and the parent moved on with the child's variables
    assert.equal((await api.get(`/v2/process-instances/${expenseChild.processInstanceKey}`)).body.state, 'COMPLETED');
    const [job] = await api.activate('act-expense');
    assert.equal(job.variables.approved, true);
    assert.equal((await api.post(`/v2/jobs/${job.jobKey}/completion`, {})).status, 204);
    assert.equal((await api.get(`/v2/process-instances/${expense}`)).body.state, 'COMPLETED');
  });

  it('cancels the child with its parent, and refuses to cancel the child alone', async () => {
    const purchase = (await api.post('/v2/process-instances', { processDefinitionId: 'purchase', variables: {} })).body.processInstanceKey;
    const child = await childOf(purchase);
    // when someone tries to cancel only the child
    const refused = await api.post(`/v2/process-instances/${child.processInstanceKey}/cancellation`);
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /root process instance/);
    // when the parent is cancelled
    assert.equal((await api.post(`/v2/process-instances/${purchase}/cancellation`)).status, 204);
    // then both are terminated and the child's task is gone from the inbox
    assert.equal((await api.get(`/v2/process-instances/${purchase}`)).body.state, 'TERMINATED');
    assert.equal((await api.get(`/v2/process-instances/${child.processInstanceKey}`)).body.state, 'TERMINATED');
    assert.equal(await taskOf(child.processInstanceKey), undefined);
  });

  it('raises an incident on the call activity when the called version does not exist', async () => {
    assert.equal((await api.deploy({ name: 'broken.bpmn', content: parent('broken', 'bindingType="versionTag" versionTag="9.9"') })).status, 200);
    const key = (await api.post('/v2/process-instances', { processDefinitionId: 'broken' })).body.processInstanceKey;
    const incidents = await api.post('/v2/incidents/search', { filter: { processInstanceKey: key } });
    assert.equal(incidents.body.items[0].errorType, 'CALLED_ELEMENT_ERROR');
    assert.equal(incidents.body.items[0].elementId, 'callApproval');
    assert.match(incidents.body.items[0].errorMessage, /version tag '9\.9'/);
  });
});
