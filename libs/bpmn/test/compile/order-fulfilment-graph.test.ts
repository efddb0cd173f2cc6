import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { compileDeployment, type ElementDef, type ProcessGraph } from '../../src';
import { fixture } from '../support/bpmn-documents';

describe('compiling an order fulfilment process that uses every supported element', () => {
  let graph: ProcessGraph;
  const element = (id: string): ElementDef => {
    const found = graph.elements.get(id);
    assert.ok(found, `element '${id}' is in the graph`);
    return found;
  };

  before(async () => {
    // given a process with gateways of every kind, a user task, boundary events, a sub-process,
    // link events, a script task and end events of several kinds
    const xml = fixture('order-fulfilment-full.bpmn');
    // when it is compiled
    const result = await compileDeployment(xml);
    // then there is nothing to complain about and exactly one graph
    assert.deepEqual(result.problems, []);
    assert.equal(result.processes.length, 1);
    graph = result.processes[0];
  });

  it('then the process carries its id, name, version tag and none start event', () => {
    assert.equal(graph.processId, 'order-full');
    assert.equal(graph.name, 'Order fulfilment (every element)');
    assert.equal(graph.versionTag, '2.1.0');
    assert.deepEqual(graph.startEvents, { none: 'start', message: [], timer: [], signal: [] });
    const process = element('order-full');
    assert.equal(process.type, 'process');
    assert.equal(process.scopeId, null);
    assert.equal(process.noneStartEventId, 'start');
    assert.ok(process.children.includes('packaging'));
    assert.ok(
      !process.children.includes('pick'),
      'elements of the sub-process are not children of the process',
    );
  });

  it('then the parallel fork and join are wired by sequence flows', () => {
    assert.equal(element('fork').type, 'parallelGateway');
    assert.deepEqual(element('fork').outgoing, ['flowInventory', 'flowPayment']);
    assert.deepEqual(element('join').incoming, ['flowInventoryDone', 'flowConfirmed']);
    assert.deepEqual(graph.flows.get('flowPayment'), {
      id: 'flowPayment',
      sourceId: 'fork',
      targetId: 'payment',
    });
  });

  it('then service tasks carry job type, retries (default 3), headers and mappings', () => {
    assert.deepEqual(element('inventory').taskDefinition, {
      type: { kind: 'static', value: 'inventory-check' },
      retries: { kind: 'static', value: '3' },
    });
    assert.deepEqual(element('payment').taskDefinition, {
      type: { kind: 'feel', source: '"payment-" + provider' },
      retries: { kind: 'static', value: '5' },
    });
    assert.deepEqual(element('payment').taskHeaders, { currency: 'EUR', mode: 'capture' });
    assert.deepEqual(element('inventory').inputs, [
      { source: { kind: 'feel', source: 'items' }, target: 'items' },
    ]);
    assert.deepEqual(element('inventory').outputs, [
      { source: { kind: 'feel', source: 'count(items) > 0' }, target: 'inStock' },
    ]);
  });

  it('then the exclusive gateway has its default flow and FEEL conditions without the leading =', () => {
    const gateway = element('orderValue');
    assert.equal(gateway.defaultFlow, 'flowSmall');
    assert.deepEqual(graph.flows.get('flowLarge')?.condition, { kind: 'feel', source: 'orderTotal > 1000' });
    assert.equal(graph.flows.get('flowLarge')?.name, 'Over 1,000');
    assert.equal(graph.flows.get('flowSmall')?.condition, undefined);
  });

  it('then a condition written without = is still FEEL', () => {
    assert.deepEqual(graph.flows.get('flowNotPicked')?.condition, { kind: 'feel', source: 'not(inStock)' });
  });

  it('then the user task has its assignment, schedule, form and priority', () => {
    assert.deepEqual(element('approval').userTask, {
      assignee: { kind: 'feel', source: 'manager' },
      candidateGroups: { kind: 'static', value: 'managers, sales' },
      candidateUsers: { kind: 'feel', source: '["ada", "grace"]' },
      dueDate: { kind: 'feel', source: 'now() + duration("PT48H")' },
      followUpDate: { kind: 'static', value: '2026-06-01T09:00:00Z' },
      formId: 'order-approval',
      priority: { kind: 'static', value: '60' },
    });
  });

  it('then the interrupting timer boundary is attached to the user task', () => {
    const timeout = element('approvalTimeout');
    assert.equal(timeout.type, 'boundaryEvent');
    assert.equal(timeout.attachedTo, 'approval');
    assert.equal(timeout.interrupting, true);
    assert.deepEqual(timeout.eventDefinition, {
      kind: 'timer',
      timer: { timeDuration: { kind: 'static', value: 'PT48H' } },
    });
    assert.deepEqual(element('approval').boundaryEvents, ['approvalTimeout']);
  });

  it('then message catch events carry the message name (static or FEEL) and correlation key', () => {
    assert.deepEqual(element('paymentConfirmed').eventDefinition, {
      kind: 'message',
      messageName: { kind: 'static', value: 'payment-confirmed' },
      correlationKey: { kind: 'feel', source: 'orderId' },
    });
    assert.deepEqual(element('courierArrived').eventDefinition, {
      kind: 'message',
      messageName: { kind: 'feel', source: '"courier-" + warehouse' },
      correlationKey: { kind: 'feel', source: 'orderId' },
    });
  });

  it('then the sub-process nests its elements and its error end event, caught by an error boundary', () => {
    const packaging = element('packaging');
    assert.equal(packaging.subProcessKind, 'embedded');
    assert.equal(packaging.noneStartEventId, 'packagingStart');
    assert.deepEqual(packaging.children, [
      'packagingStart',
      'pick',
      'picked',
      'packagingEnd',
      'outOfStockEnd',
    ]);
    assert.equal(element('pick').scopeId, 'packaging');
    assert.equal(element('pick').taskDefinition?.type.kind, 'static');
    assert.deepEqual(element('outOfStockEnd').eventDefinition, {
      kind: 'error',
      errorCode: { kind: 'static', value: 'OUT_OF_STOCK' },
    });
    assert.equal(element('packagingFailed').attachedTo, 'packaging');
    assert.deepEqual(element('packagingFailed').eventDefinition, {
      kind: 'error',
      errorCode: { kind: 'static', value: 'OUT_OF_STOCK' },
    });
    assert.deepEqual(element('cancelledEnd').eventDefinition, { kind: 'terminate' });
    assert.deepEqual(element('shippedEnd').eventDefinition, { kind: 'none' });
  });

  it('then the inclusive split and join know their default flow and where a token may come from', () => {
    assert.equal(element('extras').type, 'inclusiveGateway');
    assert.equal(element('extras').defaultFlow, 'flowNoExtras');
    const reachable = element('extrasJoin').reachableFrom;
    assert.ok(reachable);
    for (const id of [
      'extras',
      'giftWrap',
      'insure',
      'packaging',
      'merge',
      'approval',
      'orderValue',
      'fork',
      'start',
    ]) {
      assert.ok(reachable.has(id), `${id} can reach the inclusive join`);
    }
    for (const id of [
      'extrasJoin',
      'escalate',
      'approvalTimeout',
      'packagingFailed',
      'cancelledEnd',
      'shippingCost',
      'pick',
    ]) {
      assert.ok(!reachable.has(id), `${id} cannot reach the inclusive join`);
    }
  });

  it('then the event-based gateway leads to a message and a timer catch event', () => {
    const targets = element('awaitPickup').outgoing.map((flowId) => graph.flows.get(flowId)?.targetId);
    assert.deepEqual(targets, ['courierArrived', 'pickupTimeout']);
    assert.equal(element('pickupTimeout').eventDefinition?.kind, 'timer');
  });

  it('then link throw events find their catch event through linkTargets', () => {
    assert.deepEqual(element('toShipping').eventDefinition, { kind: 'link', linkName: 'shipping' });
    assert.deepEqual([...graph.linkTargets], [['order-full/shipping', 'fromShipping']]);
  });

  it('then the script task has its FEEL expression and result variable', () => {
    assert.deepEqual(element('shippingCost').script, {
      expression: { kind: 'feel', source: 'orderTotal * 0.05' },
      resultVariable: 'shippingCost',
    });
  });

  it('then element types are the camel-cased BPMN names', () => {
    assert.equal(element('giftWrap').type, 'manualTask');
    assert.equal(element('notifyDelay').type, 'sendTask');
    assert.equal(element('toShipping').type, 'intermediateThrowEvent');
    assert.equal(element('awaitPickup').type, 'eventBasedGateway');
  });

  it('then the graph cannot be changed', () => {
    assert.throws(() => (graph.elements as Map<string, ElementDef>).set('x', element('start')), TypeError);
    assert.throws(() => (graph.flows as Map<string, unknown>).delete('flowStart'), TypeError);
    assert.throws(() => (element('fork').outgoing as string[]).push('x'), TypeError);
    assert.ok(Object.isFrozen(element('approval').userTask));
    assert.throws(() => (element('extrasJoin').reachableFrom as Set<string>).add('x'), TypeError);
  });
});
