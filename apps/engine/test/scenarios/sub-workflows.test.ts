import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';

const FAN_OUT = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="fan-out" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="reserve">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="reserve-item" />
        <zeebe:ioMapping><zeebe:output source="=reserved" target="reservation" /></zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="reservations" outputElement="=reservation" />
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="reserve" />
    <bpmn:sequenceFlow id="f2" sourceRef="reserve" targetRef="end" />
    <bpmn:subProcess id="cancelled" triggeredByEvent="true">
      <bpmn:startEvent id="onCancel" isInterrupting="true">
        <bpmn:messageEventDefinition messageRef="cancelMsg" />
      </bpmn:startEvent>
      <bpmn:serviceTask id="release"><bpmn:extensionElements><zeebe:taskDefinition type="release-items" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:endEvent id="cancelledEnd" />
      <bpmn:sequenceFlow id="c1" sourceRef="onCancel" targetRef="release" />
      <bpmn:sequenceFlow id="c2" sourceRef="release" targetRef="cancelledEnd" />
    </bpmn:subProcess>
  </bpmn:process>
  <bpmn:message id="cancelMsg" name="order-cancelled"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

/** Multi-instance and event sub-processes on the PostgreSQL server, through REST. */
describe('multi-instance and event sub-processes, persisted', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    db = await freshDatabase('subworkflows');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
    const deployed = await api.deploy({ name: 'fan-out.bpmn', content: FAN_OUT });
    assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  it('fans out one job per item and collects the results in order', async () => {
    // given an order of three items
    const key = (await api.post('/v2/process-instances', { processDefinitionId: 'fan-out', variables: { orderId: 'MI-1', items: ['a', 'b', 'c'] } }))
      .body.processInstanceKey as string;
    // when the three parallel jobs complete in reverse order
    const jobs = await api.until(async () => {
      const list = await api.activate('reserve-item', 10);
      return list.length === 3 && list;
    }, 5_000, 'three jobs');
    assert.deepEqual(jobs.map((j) => j.variables.item).sort(), ['a', 'b', 'c']);
    for (const job of [...jobs].reverse()) {
      assert.equal((await api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: { reserved: `R-${job.variables.item}` } })).status, 204);
    }
    // then the instance completes with the results in item order
    assert.equal((await api.get(`/v2/process-instances/${key}`)).body.state, 'COMPLETED');
    const vars = await api.post('/v2/variables/search', { filter: { processInstanceKey: key, scopeKey: key, name: 'reservations' } });
    assert.deepEqual(JSON.parse(vars.body.items[0].value), ['R-a', 'R-b', 'R-c']);
    const body = await api.post('/v2/element-instances/search', { filter: { processInstanceKey: key, type: 'MULTI_INSTANCE_BODY' } });
    assert.equal(body.body.items.length, 1);
  });

  it('interrupts the fan-out when the order is cancelled, and releases the items', async () => {
    // given an order waiting on its reservations
    const key = (await api.post('/v2/process-instances', { processDefinitionId: 'fan-out', variables: { orderId: 'MI-2', items: ['x', 'y'] } }))
      .body.processInstanceKey as string;
    await api.until(async () => (await api.post('/v2/jobs/search', { filter: { processInstanceKey: key, type: 'reserve-item' } })).body.items.length === 2, 5_000, 'jobs');
    // when the cancellation message arrives
    const published = await api.post('/v2/messages/correlation', { name: 'order-cancelled', correlationKey: 'MI-2' });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    // then the reservations are terminated, their jobs gone, and the release job waits
    const active = await api.post('/v2/element-instances/search', { filter: { processInstanceKey: key, state: 'ACTIVE' } });
    assert.deepEqual(active.body.items.map((e: { elementId: string }) => e.elementId).sort(), ['cancelled', 'fan-out', 'release']);
    assert.deepEqual(await api.activate('reserve-item', 10), []);
    const [release] = await api.activate('release-items', 1);
    assert.ok(release, 'the release job is activatable');
    assert.equal((await api.post(`/v2/jobs/${release.jobKey}/completion`, {})).status, 204);
    assert.equal((await api.get(`/v2/process-instances/${key}`)).body.state, 'COMPLETED');
  });
});
