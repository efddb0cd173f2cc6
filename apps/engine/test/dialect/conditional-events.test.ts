import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activateJobOf, deployed, elementsOf, engineForFile, ok, search, startInstance, untilState, variablesOf } from '../api/support';
import { camunda8 } from './support';

describe('conditional events (Camunda 8.9): catch, boundary and event sub-process start, evaluated on variable changes', () => {
  const ctx = engineForFile('dialect_conditional');

  async function setVariables(key: string, variables: Record<string, unknown>): Promise<void> {
    ok(await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, { variables }), 204);
  }

  async function stateOf(key: string, elementId: string): Promise<string[]> {
    return (await elementsOf(ctx.api, key, elementId)).map((e) => e.state as string);
  }

  async function complete(jobKey: string): Promise<void> {
    ok(await ctx.api.post(`/v2/jobs/${jobKey}/completion`, {}), 204);
  }

  it('deploys the diagram as Camunda Modeler writes it for 8.9', async () => {
    await deployed(ctx.api, { name: 'conditional-events.bpmn', content: camunda8('conditional-events.bpmn') });
  });

  it('waits at the catch event until an update makes its condition true, then the boundary events react to later changes', async () => {
    const key = await startInstance(ctx.api, 'order-conditions', { inventoryReserved: false, priority: 1, order: { addressChanged: false } });
    // given the catch event waits: its condition is false
    assert.deepEqual(await stateOf(key, 'Event_reserved'), ['ACTIVE']);
    // when an unrelated variable changes, nothing moves
    await setVariables(key, { note: 'call first' });
    assert.deepEqual(await stateOf(key, 'Event_reserved'), ['ACTIVE']);
    // when the inventory is reserved
    await setVariables(key, { inventoryReserved: true });
    const review = await activateJobOf(ctx.api, 'review-order', key);
    assert.deepEqual(await stateOf(key, 'Event_reserved'), ['COMPLETED']);
    // when the priority rises, the non-interrupting boundary starts its path and the review goes on
    await setVariables(key, { priority: 9 });
    const notify = await activateJobOf(ctx.api, 'notify-manager', key);
    assert.deepEqual(await stateOf(key, 'Activity_review'), ['ACTIVE']);
    await complete(notify.jobKey);
    // when the address changes (a property of a variable: the whole variable is watched), the review is interrupted
    await setVariables(key, { order: { addressChanged: true } });
    const apply = await activateJobOf(ctx.api, 'apply-changes', key);
    assert.deepEqual(await stateOf(key, 'Activity_review'), ['TERMINATED']);
    assert.deepEqual(await stateOf(key, 'Event_addressChanged'), ['COMPLETED']);
    // the review's job was canceled with it
    const late = await ctx.api.post(`/v2/jobs/${review.jobKey}/completion`, {});
    assert.equal(late.status, 409);
    assert.match(late.body.detail, /CANCELED/);
    await complete(apply.jobKey);
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual(await stateOf(key, 'Event_changed'), ['COMPLETED']);
    assert.deepEqual(await stateOf(key, 'Event_done'), []);
  });

  it('triggers a boundary event whose condition already holds when its activity activates', async () => {
    // given the inventory variable is created true: the catch event is filtered to updates, so it waits
    const key = await startInstance(ctx.api, 'order-conditions', { order: { addressChanged: true } });
    await setVariables(key, { inventoryReserved: true });
    assert.deepEqual(await stateOf(key, 'Event_reserved'), ['ACTIVE']);
    await setVariables(key, { inventoryReserved: false });
    await setVariables(key, { inventoryReserved: true });
    // then the review activates and is interrupted at once by the address change
    await activateJobOf(ctx.api, 'apply-changes', key);
    assert.deepEqual(await stateOf(key, 'Activity_review'), ['TERMINATED']);
    assert.deepEqual(await search(ctx.api, 'jobs', { processInstanceKey: key, type: 'review-order', state: 'CREATED' }), []);
  });

  it('starts the interrupting event sub-process when the order is cancelled, and extracts the references with extract()', async () => {
    const key = await startInstance(ctx.api, 'order-conditions', { inventoryReserved: false, cancelled: false });
    // when one request sets both variables the condition reads
    await setVariables(key, { cancelled: true, reason: 'duplicate of ORD-17 and ORD-2045' });
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual(await stateOf(key, 'Event_reserved'), ['TERMINATED']);
    assert.deepEqual(await stateOf(key, 'Activity_cancellation'), ['COMPLETED']);
    assert.deepEqual((await variablesOf(ctx.api, key)).references, ['ORD-17', 'ORD-2045']);
  });

  it('starts the event sub-process as the instance starts when the condition holds from the start', async () => {
    const key = await startInstance(ctx.api, 'order-conditions', { cancelled: true, reason: 'no references' });
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual(await stateOf(key, 'Activity_cancellation'), ['COMPLETED']);
    assert.deepEqual((await variablesOf(ctx.api, key)).references, []);
  });
});
