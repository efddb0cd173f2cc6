import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { compileOrThrow } from '@osprey/bpmn';
import { InMemoryEngine } from '../../src';
import { assertRebuildable, completedElements, onlyJob } from '../support';

const HOUR = 60 * 60 * 1000;

async function deployed(): Promise<InMemoryEngine> {
  const xml = readFileSync(resolve(__dirname, '../../../../../processes/order-fulfilment.bpmn'), 'utf8');
  const [graph] = await compileOrThrow(xml);
  const engine = new InMemoryEngine({ now: '2026-03-02T08:00:00Z' });
  engine.deploy(graph!);
  return engine;
}

describe('processes/order-fulfilment.bpmn compiled by @osprey/bpmn', () => {
  it('given a large order, when approval times out and is escalated, then the manager approves and the order ships', async () => {
    const engine = await deployed();
    const pik = engine.createInstance('order-fulfilment', {
      orderId: 'ORD-1',
      orderTotal: 1800,
      items: [{ sku: 'A' }],
    });

    const payment = onlyJob(engine, 'payment-charge');
    assert.equal(payment.retries, 3);
    assert.deepEqual(payment.customHeaders, { currency: 'EUR' });
    assert.deepEqual(engine.variables(payment.elementInstanceKey), { orderId: 'ORD-1', amount: 1800 });
    engine.completeJob(onlyJob(engine, 'inventory-check').key, { inStock: true });
    engine.completeJob(payment.key);
    engine.publishMessage('payment-confirmed', 'ORD-1');

    const [approval] = engine.userTasks(pik);
    assert.equal(approval?.formId, 'order-approval');
    assert.deepEqual(approval?.candidateGroups, ['managers']);
    assert.equal(approval?.dueDate, '2026-03-04T08:00:00.000Z');
    engine.advanceClock(48 * HOUR);
    engine.completeJob(onlyJob(engine, 'approval-escalation').key);
    engine.completeUserTask(engine.userTasks(pik)[0]!.key, {
      approved: true,
      comment: 'ok after escalation',
    });
    engine.completeJob(onlyJob(engine, 'shipping').key);
    engine.completeJob(onlyJob(engine, 'customer-notification').key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.ok(completedElements(engine.records(pik)).includes('EndEvent_OrderFulfilled'));
    assert.equal(engine.variables(pik).approvalComment, 'ok after escalation');
    assertRebuildable(engine, pik);
  });

  it('given a small order, when shipping finds the goods out of stock, then the order is cancelled through the error boundary', async () => {
    const engine = await deployed();
    const pik = engine.createInstance('order-fulfilment', { orderId: 'ORD-2', orderTotal: 20, items: [] });

    engine.completeJob(onlyJob(engine, 'inventory-check').key, { inStock: true });
    engine.completeJob(onlyJob(engine, 'payment-charge').key);
    engine.publishMessage('payment-confirmed', 'ORD-2');
    engine.throwError(onlyJob(engine, 'shipping').key, 'OUT_OF_STOCK');

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.ok(completedElements(engine.records(pik)).includes('EndEvent_OrderCancelled'));
  });
});
