import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { RunningEngine } from '../../src/server';
import type { TestDatabase } from '@osprey/testing';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { example } from '../support/bpmn';

/**
 * The order-fulfilment example through REST alone, with the engine restarted between every
 * step: nothing may live in memory between commands.
 */
describe('order fulfilment, restarting the engine between every step', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;
  let pg: Client;

  before(async () => {
    db = await freshDatabase('order');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const deployed = await api.deploy(
      { name: 'order-fulfilment.bpmn', content: example('order-fulfilment.bpmn') },
      { name: 'order-approval.form', content: example('order-approval.form') },
    );
    assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  });

  after(async () => {
    await engine?.stop();
    await pg?.end();
    await db?.drop();
  });

  async function restart() {
    await engine.stop();
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
  }

  async function job(type: string) {
    return api.until(async () => (await api.activate(type, 1))[0], 10_000, `a ${type} job`);
  }

  async function active(processInstanceKey: string) {
    const res = await api.post('/v2/element-instances/search', { filter: { processInstanceKey, state: 'ACTIVE' } });
    return (res.body.items as { elementId: string }[]).map((e) => e.elementId).sort();
  }

  it('runs a large order through payment failure, message, approval escalation and shipping', async () => {
    // given a large order
    const started = await api.post('/v2/process-instances', {
      processDefinitionId: 'order-fulfilment',
      variables: { orderId: 'order-42', orderTotal: 2500, items: ['book', 'lamp'] },
    });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const key = started.body.processInstanceKey as string;
    assert.deepEqual(await active(key), ['Task_ChargePayment', 'Task_CheckInventory', 'order-fulfilment']);
    await restart();

    // when inventory is checked
    const inventory = await job('inventory-check');
    assert.deepEqual(inventory.variables.items, ['book', 'lamp']);
    assert.equal((await api.post(`/v2/jobs/${inventory.jobKey}/completion`, { variables: { inStock: true } })).status, 204);
    await restart();

    // and the payment fails until its retries run out
    let payment = await job('payment-charge');
    assert.equal(payment.customHeaders.currency, 'EUR');
    assert.equal(payment.variables.amount, 2500);
    assert.equal((await api.post(`/v2/jobs/${payment.jobKey}/failure`, { retries: 1, errorMessage: 'card declined' })).status, 204);
    await restart();
    payment = await job('payment-charge');
    assert.equal((await api.post(`/v2/jobs/${payment.jobKey}/failure`, { retries: 0, errorMessage: 'card declined again' })).status, 204);
    await restart();

    // then an incident is open and visible
    const incidents = await api.post('/v2/incidents/search', { filter: { processInstanceKey: key, state: 'ACTIVE' } });
    assert.equal(incidents.body.items.length, 1);
    assert.equal(incidents.body.items[0].errorType, 'JOB_NO_RETRIES');
    assert.equal(incidents.body.items[0].errorMessage, 'card declined again');
    assert.equal((await api.get(`/v2/process-instances/${key}`)).body.hasIncident, true);
    assert.deepEqual(await api.activate('payment-charge'), []);

    // when an operator gives it a retry and resolves the incident
    const incidentKey = incidents.body.items[0].incidentKey as string;
    assert.equal((await api.request('PATCH', `/v2/jobs/${payment.jobKey}`, { changeset: { retries: 1 } })).status, 204);
    assert.equal((await api.post(`/v2/incidents/${incidentKey}/resolution`)).status, 204);
    await restart();
    assert.equal((await api.get(`/v2/process-instances/${key}`)).body.hasIncident, false);
    payment = await job('payment-charge');
    assert.equal((await api.post(`/v2/jobs/${payment.jobKey}/completion`, {})).status, 204);
    await restart();

    // and the payment provider confirms by message
    assert.deepEqual(await active(key), ['Event_PaymentConfirmed', 'order-fulfilment']);
    const published = await api.post('/v2/messages/publication', { name: 'payment-confirmed', correlationKey: 'order-42', variables: { paymentId: 'pay-7' } });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    await restart();

    // then both branches joined once and the large order waits for a manager
    assert.deepEqual(await active(key), ['Task_ManagerApproval', 'order-fulfilment']);
    const joins = await pg.query(
      `SELECT count(*)::int AS n FROM history_entry WHERE process_instance_key = $1 AND element_id = 'Gateway_Join' AND intent = 'ELEMENT_COMPLETED'`,
      [key],
    );
    assert.equal(joins.rows[0].n, 1);
    let tasks = await api.post('/v2/user-tasks/search', { filter: { processInstanceKey: key, state: 'CREATED' } });
    assert.equal(tasks.body.items.length, 1);
    assert.deepEqual(tasks.body.items[0].candidateGroups, ['managers']);
    assert.ok(tasks.body.items[0].dueDate, 'the approval has a due date');

    // when nobody acts within 48 hours (the due time is moved, not waited for)
    await pg.query(`UPDATE timer SET due_date = now() - interval '1 second' WHERE process_instance_key = $1`, [key]);
    const escalation = await job('approval-escalation');
    tasks = await api.post('/v2/user-tasks/search', { filter: { processInstanceKey: key } });
    assert.equal(tasks.body.items[0].state, 'CANCELED');
    assert.equal((await api.post(`/v2/jobs/${escalation.jobKey}/completion`, {})).status, 204);
    await restart();

    // then the approval is asked again, and a manager claims and approves it
    tasks = await api.post('/v2/user-tasks/search', { filter: { processInstanceKey: key, state: 'CREATED', candidateGroups: 'managers' } });
    assert.equal(tasks.body.items.length, 1);
    const taskKey = tasks.body.items[0].userTaskKey as string;
    const form = await api.get(`/v2/user-tasks/${taskKey}/form`);
    assert.equal(form.status, 200);
    assert.ok(form.body.schema.components.some((c: { key?: string }) => c.key === 'approved'));
    assert.equal((await api.post(`/v2/user-tasks/${taskKey}/assignment`, { assignee: 'maria', allowOverride: false })).status, 204);
    await restart();
    assert.equal((await api.post(`/v2/user-tasks/${taskKey}/completion`, { variables: { approved: true, comment: 'fine' } })).status, 204);
    assert.equal((await api.post(`/v2/user-tasks/${taskKey}/completion`, { variables: {} })).status, 409);
    await restart();

    // and the order ships and the customer is told
    const shipping = await job('shipping');
    assert.equal((await api.post(`/v2/jobs/${shipping.jobKey}/completion`, { variables: { trackingId: 'T-1' } })).status, 204);
    await restart();
    const notify = await job('customer-notification');
    assert.equal(notify.variables.trackingId, 'T-1');
    assert.equal((await api.post(`/v2/jobs/${notify.jobKey}/completion`, {})).status, 204);

    // then the instance completed, and its history and variables stay searchable
    const done = await api.get(`/v2/process-instances/${key}`);
    assert.equal(done.body.state, 'COMPLETED');
    assert.ok(done.body.endDate);
    const vars = await api.post('/v2/variables/search', { filter: { processInstanceKey: key, scopeKey: key } });
    const byName = Object.fromEntries((vars.body.items as { name: string; value: string }[]).map((v) => [v.name, JSON.parse(v.value)]));
    assert.equal(byName.approved, true);
    assert.equal(byName.approvalComment, 'fine');
    assert.equal(byName.paymentId, 'pay-7');
    const runtime = await pg.query(`SELECT runtime FROM process_instance WHERE key = $1`, [key]);
    assert.equal(runtime.rows[0].runtime, null, 'a completed instance leaves no runtime state');
    const leftovers = await pg.query(
      `SELECT (SELECT count(*) FROM job WHERE process_instance_key = $1) + (SELECT count(*) FROM timer WHERE process_instance_key = $1)
            + (SELECT count(*) FROM message_subscription WHERE process_instance_key = $1) AS n`,
      [key],
    );
    assert.equal(Number(leftovers.rows[0].n), 0);
    // and nothing was undone: no compensation handler ran
    assert.deepEqual(await api.activate('refund-payment'), []);
    assert.deepEqual(await api.activate('release-stock'), []);
    const handlers = await api.post('/v2/element-instances/search', { filter: { processInstanceKey: key, elementId: 'Task_RefundPayment' } });
    assert.equal(handlers.body.items.length, 0);
  });

  it('undoes payment and stock reservation, last done first, when shipping fails after the payment', async () => {
    // given a small order whose stock is reserved and whose payment is charged and confirmed
    const started = await api.post('/v2/process-instances', {
      processDefinitionId: 'order-fulfilment',
      variables: { orderId: 'order-43', orderTotal: 80, items: ['pen'] },
    });
    const key = started.body.processInstanceKey as string;
    const inventory = await job('inventory-check');
    assert.equal((await api.post(`/v2/jobs/${inventory.jobKey}/completion`, { variables: { inStock: true, reservationId: 'res-43' } })).status, 204);
    await restart();
    const payment = await job('payment-charge');
    assert.equal((await api.post(`/v2/jobs/${payment.jobKey}/completion`, { variables: { paymentId: 'pay-43' } })).status, 204);
    await restart();
    await api.post('/v2/messages/publication', { name: 'payment-confirmed', correlationKey: 'order-43' });
    await restart();

    // when shipping throws the BPMN error SHIPPING_FAILED
    const shipping = await job('shipping');
    assert.equal((await api.post(`/v2/jobs/${shipping.jobKey}/error`, { errorCode: 'SHIPPING_FAILED', errorMessage: 'no carrier' })).status, 204);
    await restart();

    // then the instance waits at "Undo order", and the payment — completed last — is refunded first
    assert.deepEqual(await active(key), ['Event_UndoOrder', 'Task_RefundPayment', 'order-fulfilment']);
    assert.deepEqual(await api.activate('release-stock'), [], 'the stock is released after the refund');
    const refund = await job('refund-payment');
    assert.equal(refund.elementId, 'Task_RefundPayment');
    assert.equal(refund.variables.paymentId, 'pay-43');
    assert.equal(refund.variables.amount, 80, 'the refund sees the amount its payment was charged with');
    assert.equal((await api.post(`/v2/jobs/${refund.jobKey}/completion`, {})).status, 204);
    await restart();

    // and then the stock is released, with the reservation the inventory check returned
    assert.deepEqual(await active(key), ['Event_UndoOrder', 'Task_ReleaseStock', 'order-fulfilment']);
    const release = await job('release-stock');
    assert.equal(release.variables.reservationId, 'res-43');
    assert.deepEqual(release.variables.items, ['pen']);
    const processScope = await api.post('/v2/variables/search', { filter: { processInstanceKey: key, scopeKey: key, name: 'reservationId' } });
    assert.equal(processScope.body.items.length, 0, 'the reservation id never left the inventory task');
    assert.equal((await api.post(`/v2/jobs/${release.jobKey}/completion`, {})).status, 204);
    await restart();

    // then the instance ends at "Order cancelled"
    const done = await api.get(`/v2/process-instances/${key}`);
    assert.equal(done.body.state, 'COMPLETED');
    const ends = await api.post('/v2/element-instances/search', { filter: { processInstanceKey: key, type: 'END_EVENT' } });
    assert.deepEqual(ends.body.items.map((e: { elementId: string }) => e.elementId), ['EndEvent_OrderCancelled']);
    const undone = await api.post('/v2/element-instances/search', {
      filter: { processInstanceKey: key, state: 'COMPLETED' },
      sort: [{ field: 'startDate', order: 'ASC' }],
    });
    const order = (undone.body.items as { elementId: string }[])
      .map((e) => e.elementId)
      .filter((id) => id === 'Task_RefundPayment' || id === 'Task_ReleaseStock');
    assert.deepEqual(order, ['Task_RefundPayment', 'Task_ReleaseStock']);
  });
});
