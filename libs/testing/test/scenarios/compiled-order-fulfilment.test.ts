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

/** A small order (no approval) whose stock is reserved (RES-n) and payment charged (PAY-n) and confirmed. */
function paidSmallOrder(engine: InMemoryEngine, n: string): string {
  const pik = engine.createInstance('order-fulfilment', { orderId: `ORD-${n}`, orderTotal: 20, items: ['pen'] });
  engine.completeJob(onlyJob(engine, 'inventory-check').key, { inStock: true, reservationId: `RES-${n}` });
  engine.completeJob(onlyJob(engine, 'payment-charge').key, { paymentId: `PAY-${n}` });
  engine.publishMessage('payment-confirmed', `ORD-${n}`);
  return pik;
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

  it('given a small order, when shipping fails after the payment, then the payment is refunded and the stock released, last done first', async () => {
    const engine = await deployed();
    const pik = paidSmallOrder(engine, '2');
    engine.throwError(onlyJob(engine, 'shipping').key, 'SHIPPING_FAILED');

    // the payment completed last, so it is undone first; the stock waits for the refund
    assert.deepEqual(engine.jobs({ type: 'release-stock' }), []);
    const refund = onlyJob(engine, 'refund-payment');
    assert.deepEqual(engine.variables(refund.elementInstanceKey), { orderId: 'ORD-2', amount: 20 });
    assert.equal(engine.variables(pik).paymentId, 'PAY-2');
    engine.completeJob(refund.key);
    // the reservation never left the inventory task (its output mapping keeps only inStock),
    // yet the handler starts with it
    const release = onlyJob(engine, 'release-stock');
    assert.deepEqual(engine.variables(release.elementInstanceKey), {
      items: ['pen'],
      inStock: true,
      reservationId: 'RES-2',
    });
    engine.completeJob(release.key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    const done = completedElements(engine.records(pik));
    assert.ok(done.includes('Event_UndoOrder') && done.includes('EndEvent_OrderCancelled'));
    assert.ok(!done.includes('EndEvent_OrderFulfilled'));
    assertRebuildable(engine, pik);
  });

  it('given an order that ships, when it completes, then nothing is compensated', async () => {
    const engine = await deployed();
    const pik = paidSmallOrder(engine, '3');
    engine.completeJob(onlyJob(engine, 'shipping').key, { trackingId: 'T-3' });
    engine.completeJob(onlyJob(engine, 'customer-notification').key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.ok(completedElements(engine.records(pik)).includes('EndEvent_OrderFulfilled'));
    assert.deepEqual([...engine.jobs({ type: 'refund-payment' }), ...engine.jobs({ type: 'release-stock' })], []);
    assert.equal(engine.variables(pik).reservationId, undefined, 'the reservation stays on its task');
  });
});
