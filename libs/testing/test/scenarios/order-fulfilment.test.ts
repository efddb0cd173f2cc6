import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryEngine } from '../../src';
import { assertRebuildable, completedElements, lines, onlyIncident, onlyJob } from '../support';
import { orderFulfilment } from './order-fulfilment.fixture';

const HOUR = 60 * 60 * 1000;

async function start(variables: Record<string, string | number | object>) {
  const engine = new InMemoryEngine({ now: '2026-03-02T08:00:00Z' });
  engine.deploy(await orderFulfilment());
  const pik = engine.createInstance('order-fulfilment', {
    orderId: 'ORD-7',
    paymentRetries: 3,
    items: [{ sku: 'BIRD-1', qty: 2 }],
    ...variables,
  });
  return { engine, pik };
}

describe('order fulfilment, end to end', () => {
  it('given a large order, when approval times out, payment fails to zero retries, and no carrier is found, then every fallback runs and the order completes', async () => {
    const { engine, pik } = await start({ orderTotal: 2500, accountManager: 'ada' });

    // Inventory and payment run in parallel; inventory sees only its mapped input.
    assert.deepEqual(
      engine.jobs({ processInstanceKey: pik }).map((j) => j.type),
      ['inventory', 'payment'],
    );
    assert.equal(engine.jobs({ type: 'payment' })[0]!.retries, 3);
    const inventory = onlyJob(engine, 'inventory');
    assert.equal(engine.variables(inventory.elementInstanceKey).sku, 'BIRD-1');
    engine.completeJob(inventory.key, { reservationId: 'R-1', warehouse: 'north' });
    assert.deepEqual(engine.variables(pik).reservationId, 'R-1');
    assert.equal(
      engine.variables(pik).warehouse,
      undefined,
      'with output mappings, job variables stay local',
    );

    // Payment fails three times: the third leaves no retries and raises an incident.
    const payment = onlyJob(engine, 'payment');
    engine.failJob(payment.key, 2, 'gateway timeout', 1000);
    engine.failJob(payment.key, 1, 'gateway timeout', 1000);
    engine.failJob(payment.key, 0, 'card processor down');
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'JOB_NO_RETRIES');
    assert.equal(incident.elementId, 'chargePayment');
    assert.equal(engine.jobs({ activatable: true }).length, 0);

    // The operator resolves it; the worker retries and succeeds; the join fires.
    engine.resolveIncident(incident.key, { retries: 1 });
    engine.completeJob(payment.key, { paymentId: 'PAY-9' });
    assert.ok(completedElements(engine.records(pik)).includes('joinWork'));

    // orderTotal > 1000: a user task for the account manager, guarded by a 48-hour timer.
    const [approval] = engine.userTasks(pik);
    assert.equal(approval?.elementId, 'approveOrder');
    assert.equal(approval?.assignee, 'ada');
    assert.deepEqual(approval?.candidateGroups, ['sales']);
    assert.equal(new Date(engine.timers(pik)[0]!.dueDate).toISOString(), '2026-03-04T08:00:00.000Z');

    engine.advanceClock(48 * HOUR);
    assert.equal(engine.userTasks(pik).length, 0, 'the approval was interrupted');
    const escalation = onlyJob(engine, 'escalation');
    assert.deepEqual(escalation.customHeaders, { level: 'director' });
    engine.completeJob(escalation.key, { approvedBy: 'director' });

    // Waiting for the payment confirmation, correlated by order id.
    const [subscription] = engine.messageSubscriptions(pik);
    assert.equal(subscription?.correlationKey, 'ORD-7');
    engine.publishMessage('payment-confirmed', 'ORD-8', {});
    assert.equal(engine.messageSubscriptions(pik).length, 1, 'another order’s message does not correlate');
    engine.publishMessage('payment-confirmed', 'ORD-7', { confirmedAt: '2026-03-04T09:00:00Z' });

    // Shipping finds no carrier: the error boundary hands over to logistics.
    engine.throwError(onlyJob(engine, 'shipping').key, 'NO_CARRIER', 'all carriers booked', {
      triedCarriers: ['dhl', 'ups'],
    });
    const [manual] = engine.userTasks(pik);
    assert.equal(manual?.elementId, 'arrangeManualShipping');
    assert.deepEqual(manual?.candidateGroups, ['logistics']);
    engine.completeUserTask(manual!.key, { trackingNumber: 'TRK-1' });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.deepEqual(completedElements(engine.records(pik)), [
      'orderPlaced',
      'splitWork',
      'reserveInventory',
      'chargePayment',
      'joinWork',
      'needsApproval',
      'approvalTimeout',
      'escalateApproval',
      'approvalDone',
      'paymentConfirmed',
      'noCarrier',
      'arrangeManualShipping',
      'shippedManually',
      'order-fulfilment',
    ]);
    assert.deepEqual(engine.variables(pik), {
      orderId: 'ORD-7',
      paymentRetries: 3,
      items: [{ sku: 'BIRD-1', qty: 2 }],
      orderTotal: 2500,
      accountManager: 'ada',
      reservationId: 'R-1',
      paymentId: 'PAY-9',
      approvedBy: 'director',
      confirmedAt: '2026-03-04T09:00:00Z',
      triedCarriers: ['dhl', 'ups'],
      trackingNumber: 'TRK-1',
    });
    assert.equal(
      engine.jobs().length + engine.timers().length + engine.userTasks().length + engine.incidents().length,
      0,
    );
    assertRebuildable(engine, pik);
  });

  it('given a small order, when every step succeeds, then it skips approval and completes', async () => {
    const { engine, pik } = await start({ orderTotal: 80 });

    engine.completeJob(onlyJob(engine, 'payment').key);
    engine.completeJob(onlyJob(engine, 'inventory').key, { reservationId: 'R-2' });
    assert.ok(lines(engine.records(pik)).includes('SEQUENCE_FLOW_TAKEN smallOrder'));
    assert.equal(engine.userTasks(pik).length, 0);
    engine.publishMessage('payment-confirmed', 'ORD-7');
    engine.completeJob(onlyJob(engine, 'shipping').key, { trackingNumber: 'TRK-2' });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.ok(completedElements(engine.records(pik)).includes('orderFulfilled'));
    assert.deepEqual([...engine.jobs({ type: 'release-stock' }), ...engine.jobs({ type: 'refund-payment' })], []);
    assertRebuildable(engine, pik);
  });

  it('given a paid small order, when shipping fails, then the reservation and the payment are undone, last done first, and the order is cancelled', async () => {
    const { engine, pik } = await start({ orderTotal: 80 });
    engine.completeJob(onlyJob(engine, 'payment').key, { paymentId: 'PAY-4' });
    engine.completeJob(onlyJob(engine, 'inventory').key, { reservationId: 'R-4', warehouse: 'north' });
    engine.publishMessage('payment-confirmed', 'ORD-7');

    engine.throwError(onlyJob(engine, 'shipping').key, 'SHIPPING_FAILED', 'parcel refused');

    // the reservation completed after the payment, so it is released first
    assert.deepEqual(engine.jobs({ type: 'refund-payment' }), []);
    const release = onlyJob(engine, 'release-stock');
    assert.equal(engine.variables(release.elementInstanceKey).warehouse, 'north', 'what the reservation completed with');
    engine.completeJob(release.key);
    const refund = onlyJob(engine, 'refund-payment');
    engine.completeJob(refund.key, { refundId: 'REF-4' });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    const done = completedElements(engine.records(pik));
    assert.deepEqual(
      done.filter((id) => ['releaseStock', 'refundPayment', 'undoOrder', 'orderCancelled'].includes(id)),
      ['releaseStock', 'refundPayment', 'undoOrder', 'orderCancelled'],
    );
    assert.equal(engine.variables(pik).refundId, 'REF-4');
    assertRebuildable(engine, pik);
  });

  it('given a large order approved in time, when the approver completes the task, then the timeout timer is cancelled', async () => {
    const { engine, pik } = await start({ orderTotal: 1500, accountManager: 'bob' });
    engine.completeJob(onlyJob(engine, 'payment').key);
    engine.completeJob(onlyJob(engine, 'inventory').key, { reservationId: 'R-3' });

    engine.advanceClock(47 * HOUR);
    engine.completeUserTask(engine.userTasks(pik)[0]!.key, { approved: true });

    assert.ok(lines(engine.lastRecords()).includes('TIMER CANCELED approvalTimeout'));
    assert.equal(engine.timers(pik).length, 0);
    assert.equal(engine.messageSubscriptions(pik).length, 1);
  });
});
