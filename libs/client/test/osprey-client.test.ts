import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OspreyApiError, OspreyClient, OspreyConnectionError } from '../src';
import {
  eventually,
  freePort,
  oneTaskProcess,
  startEngineProcess,
  type EngineProcess,
} from './support/engine-process';

/** start → message catch `paid` (correlated by =orderId) → end. */
const MESSAGE_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_wait" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="wait-for-payment" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="Paid"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:messageEventDefinition messageRef="Message_Paid" /></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Paid" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Paid" targetRef="End" />
  </bpmn:process>
  <bpmn:message id="Message_Paid" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

describe('OspreyClient on a real engine', () => {
  let engine: EngineProcess;
  let client: OspreyClient;

  before(async () => {
    engine = await startEngineProcess('client_api');
    client = new OspreyClient({ baseUrl: engine.url });
    await client.deploy([
      { name: 'wait-for-payment.bpmn', content: MESSAGE_PROCESS },
      { name: 'one-task.bpmn', content: oneTaskProcess('one-task', 'one-task') },
    ]);
  });

  after(async () => {
    await engine?.stop();
  });

  it('deploys resources and answers with their definitions', async () => {
    const result = await client.deploy([{ name: 'again.bpmn', content: oneTaskProcess('again', 'again') }]);
    const [first] = result.deployments;
    assert.ok(first && 'processDefinition' in first);
    assert.equal(first.processDefinition.processDefinitionId, 'again');
    assert.equal(first.processDefinition.processDefinitionVersion, 1);
  });

  it('starts an instance, correlates and publishes messages, and finds instances by state', async () => {
    // given two instances waiting for their payment
    const a = await client.startInstance({
      processDefinitionId: 'wait-for-payment',
      variables: { orderId: 'a' },
      operationReference: 'op-1',
    });
    const b = await client.startInstance({
      processDefinitionId: 'wait-for-payment',
      variables: { orderId: 'b' },
    });
    assert.match(a.processInstanceKey, /^\d+$/);

    // when one is correlated directly and the other gets a published message
    const correlated = await client.correlateMessage({
      name: 'paid',
      correlationKey: 'a',
      variables: { paymentId: 'p-a' },
    });
    await client.publishMessage({
      name: 'paid',
      correlationKey: 'b',
      timeToLive: 60_000,
      messageId: 'paid-b',
    });

    // then both complete
    assert.equal(correlated.processInstanceKey, a.processInstanceKey);
    await eventually(
      async () => (await client.getProcessInstance(b.processInstanceKey)).state === 'COMPLETED',
      'instance b to complete',
    );
    const done = await client.searchProcessInstances({
      filter: { processDefinitionId: 'wait-for-payment', state: 'COMPLETED' },
    });
    assert.deepEqual(
      done.items.map((i) => i.processInstanceKey).sort(),
      [a.processInstanceKey, b.processInstanceKey].sort(),
    );
    assert.equal(done.page.totalItems, 2);
  });

  it('refuses a duplicate message id with a 409 problem', async () => {
    await client.publishMessage({
      name: 'paid',
      correlationKey: 'nobody',
      timeToLive: 60_000,
      messageId: 'dup',
    });
    await assert.rejects(
      client.publishMessage({ name: 'paid', correlationKey: 'nobody', timeToLive: 60_000, messageId: 'dup' }),
      (error: OspreyApiError) => {
        assert.ok(error instanceof OspreyApiError);
        assert.equal(error.status, 409);
        assert.match(error.detail, /already published/);
        return true;
      },
    );
  });

  it('broadcasts a signal', async () => {
    const result = await client.broadcastSignal({ signalName: 'nobody-listens' });
    assert.match(result.signalKey, /^\d+$/);
  });

  it('cancels an instance, and a second cancellation is a 409 problem', async () => {
    const { processInstanceKey } = await client.startInstance({ processDefinitionId: 'one-task' });
    await client.cancelInstance(processInstanceKey);
    assert.equal((await client.getProcessInstance(processInstanceKey)).state, 'TERMINATED');
    await assert.rejects(
      client.cancelInstance(processInstanceKey),
      (error: OspreyApiError) => error.status === 409 && error.title === 'INVALID_STATE',
    );
  });

  it('throws the problem of a failed request as OspreyApiError', async () => {
    await assert.rejects(client.getProcessInstance('123'), (error: OspreyApiError) => {
      assert.ok(error instanceof OspreyApiError);
      assert.equal(error.status, 404);
      assert.equal(error.title, 'NOT_FOUND');
      assert.match(error.detail, /'123' not found/);
      assert.equal(error.problem.instance, '/v2/process-instances/123');
      return true;
    });
    await assert.rejects(
      client.deploy([{ name: 'broken.bpmn', content: '<nope' }]),
      (error: OspreyApiError) => error.status === 400,
    );
    await assert.rejects(
      client.startInstance({}),
      (error: OspreyApiError) => error.status === 400 && /processDefinitionId/.test(error.detail),
    );
  });

  it('throws OspreyConnectionError when the engine cannot be reached', async () => {
    const nowhere = new OspreyClient({ baseUrl: `http://127.0.0.1:${await freePort()}` });
    await assert.rejects(
      nowhere.searchProcessInstances(),
      (error: OspreyConnectionError) =>
        error instanceof OspreyConnectionError && error.code === 'UNAVAILABLE',
    );
  });
});
