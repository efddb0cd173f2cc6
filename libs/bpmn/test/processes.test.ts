import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileDeployment } from '../src';
import { exampleProcess } from './support/bpmn-documents';

describe('the example processes shipped with Osprey', () => {
  it('given processes/order-fulfilment.bpmn, when compiled, then it has no problems', async () => {
    // given
    const xml = exampleProcess('order-fulfilment.bpmn');
    // when
    const { processes, problems } = await compileDeployment(xml);
    // then
    assert.deepEqual(problems, []);
    assert.equal(processes.length, 1);
    const [graph] = processes;
    assert.equal(graph.processId, 'order-fulfilment');
    const types = (ids: string[]) => ids.map((id) => graph.elements.get(id)?.taskDefinition?.type);
    assert.deepEqual(
      types([
        'Task_CheckInventory',
        'Task_ChargePayment',
        'Task_Escalate',
        'Task_ShipOrder',
        'Task_NotifyCustomer',
      ]),
      ['inventory-check', 'payment-charge', 'approval-escalation', 'shipping', 'customer-notification'].map(
        (value) => ({
          kind: 'static',
          value,
        }),
      ),
    );
    assert.deepEqual(graph.elements.get('Task_ChargePayment')?.taskDefinition?.retries, {
      kind: 'static',
      value: '3',
    });
    assert.equal(graph.elements.get('Task_ManagerApproval')?.userTask?.formId, 'order-approval');
    assert.deepEqual(graph.elements.get('Event_ShippingFailed')?.eventDefinition, {
      kind: 'error',
      errorCode: { kind: 'static', value: 'SHIPPING_FAILED' },
    });
    // the saga: each undoable step names its compensation handler, and shipping failures undo them
    assert.equal(graph.elements.get('Event_UndoInventory')?.compensationHandler, 'Task_ReleaseStock');
    assert.equal(graph.elements.get('Event_UndoPayment')?.compensationHandler, 'Task_RefundPayment');
    assert.deepEqual(types(['Task_ReleaseStock', 'Task_RefundPayment']), [
      { kind: 'static', value: 'release-stock' },
      { kind: 'static', value: 'refund-payment' },
    ]);
    assert.equal(graph.elements.get('Task_RefundPayment')?.isForCompensation, true);
    assert.deepEqual(graph.elements.get('Event_UndoOrder')?.eventDefinition, { kind: 'compensate' });
    assert.deepEqual(graph.flows.get('Flow_LargeOrder')?.condition, {
      kind: 'feel',
      source: 'orderTotal > 1000',
    });
  });

  it('given processes/order-fulfilment.bpmn, when read, then every flow node and flow has a diagram shape or edge', () => {
    const xml = exampleProcess('order-fulfilment.bpmn');
    const ids = [...xml.matchAll(/<bpmn:(?!process|definitions|message|error)\w+ id="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((id) => !/Definition_/.test(id));
    const drawn = new Set([...xml.matchAll(/bpmnElement="([^"]+)"/g)].map((m) => m[1]));
    assert.ok(ids.length > 30);
    assert.deepEqual(
      ids.filter((id) => !drawn.has(id)),
      [],
    );
  });

  it('given processes/order-approval.form, when read, then it is the approval form the user task names', () => {
    const form = JSON.parse(exampleProcess('order-approval.form')) as {
      id: string;
      type: string;
      components: { key?: string; type: string; validate?: { required?: boolean } }[];
    };
    assert.equal(form.id, 'order-approval');
    const field = (key: string) => form.components.find((c) => c.key === key);
    assert.equal(field('approved')?.type, 'checkbox');
    assert.equal(field('comment')?.type, 'textfield');
    assert.equal(field('comment')?.validate?.required, true);
  });
});
