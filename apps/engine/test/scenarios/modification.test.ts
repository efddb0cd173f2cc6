import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t"`;

/** s → check (job) → ship (job) → e. */
const ORDER = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:serviceTask id="check"><bpmn:extensionElements><zeebe:taskDefinition type="check" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:serviceTask id="ship"><bpmn:extensionElements><zeebe:taskDefinition type="ship" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="check" />
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="ship" />
    <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe('process instance modification on PostgreSQL', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    db = await freshDatabase('modification');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
    assert.equal((await api.deploy({ name: 'order.bpmn', content: ORDER })).status, 200);
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  async function startWaitingAtCheck() {
    const pik = (
      await api.post('/v2/process-instances', { processDefinitionId: 'order', variables: { orderId: 'A-1' } })
    ).body.processInstanceKey as string;
    const jobs = (await api.post('/v2/jobs/search', { filter: { processInstanceKey: pik } })).body
      .items as any[];
    return { pik, check: jobs.find((j) => j.elementId === 'check') };
  }

  it('terminates a waiting task, activates a later one with variables, and the instance completes along the new path', async () => {
    // given an order waiting at 'check'
    const { pik, check } = await startWaitingAtCheck();

    // when an operator skips the check and places the token at 'ship', with a variable
    const res = await api.post(`/v2/process-instances/${pik}/modification`, {
      terminateInstructions: [{ elementInstanceKey: check.elementInstanceKey }],
      activateInstructions: [
        { elementId: 'ship', variableInstructions: [{ variables: { checkSkipped: true } }] },
      ],
    });

    // then the check job is gone, a ship job waits, and the variable is set on the process
    assert.equal(res.status, 204, JSON.stringify(res.body));
    const jobs = (await api.post('/v2/jobs/search', { filter: { processInstanceKey: pik } })).body
      .items as any[];
    assert.deepEqual(
      jobs.map((j) => j.elementId),
      ['ship'],
    );
    const vars = (
      await api.post('/v2/variables/search', { filter: { processInstanceKey: pik, name: 'checkSkipped' } })
    ).body.items;
    assert.equal(vars[0]?.value, 'true');
    // and the request is in the instance history, before its effects
    const history = (await api.post(`/v2/osprey/process-instances/${pik}/history`, {})).body.items as any[];
    const at = history.findIndex((r) => r.valueType === 'PROCESS_INSTANCE_MODIFICATION');
    assert.ok(at > 0, 'a modification record in history');
    assert.equal(history[at].value.terminateInstructions[0].elementInstanceKey, check.elementInstanceKey);
    assert.ok(history.slice(at).some((r) => r.intent === 'ELEMENT_TERMINATED' && r.elementId === 'check'));

    // when the ship job completes, the instance completes
    const [ship] = await api.activate('ship');
    assert.equal((await api.post(`/v2/jobs/${ship.jobKey}/completion`, {})).status, 204);
    const instance = (await api.get(`/v2/process-instances/${pik}`)).body;
    assert.equal(instance.state, 'COMPLETED');
  });

  it('refuses a modification with an unknown element and changes nothing', async () => {
    // given an order waiting at 'check'
    const { pik, check } = await startWaitingAtCheck();
    const historyBefore = (await api.post(`/v2/osprey/process-instances/${pik}/history`, {})).body.page
      .totalItems;

    // when the modification names an element the process does not have
    const res = await api.post(`/v2/process-instances/${pik}/modification`, {
      terminateInstructions: [{ elementInstanceKey: check.elementInstanceKey }],
      activateInstructions: [{ elementId: 'pack' }],
    });

    // then it is a 400 naming it, the check job still waits and history is unchanged
    assert.equal(res.status, 400);
    assert.match(res.body.detail, /'pack'/);
    const jobs = (await api.post('/v2/jobs/search', { filter: { processInstanceKey: pik } })).body
      .items as any[];
    assert.deepEqual(
      jobs.map((j) => j.elementId),
      ['check'],
    );
    assert.equal(
      (await api.post(`/v2/osprey/process-instances/${pik}/history`, {})).body.page.totalItems,
      historyBefore,
    );

    // and an element instance that does not exist is a 404
    const missing = await api.post(`/v2/process-instances/${pik}/modification`, {
      terminateInstructions: [{ elementInstanceKey: '123456789' }],
    });
    assert.equal(missing.status, 404);
  });
});
