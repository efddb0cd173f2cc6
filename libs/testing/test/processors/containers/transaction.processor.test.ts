import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileOrThrow } from '@osprey/bpmn';
import { applyRecord, emptyState } from '@osprey/runtime';
import { InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, lines, onlyJob } from '../../support';
import { tripXml, type TripShape } from './transaction.fixture';

async function deployed(shape?: TripShape): Promise<InMemoryEngine> {
  const [graph] = await compileOrThrow(tripXml(shape));
  const engine = new InMemoryEngine();
  engine.deploy(graph!);
  return engine;
}

function bookBoth(engine: InMemoryEngine): void {
  engine.completeJob(onlyJob(engine, 'book').key);
  engine.completeJob(onlyJob(engine, 'book').key);
}

/** Lifecycle lines of `ids`, in order (what the monitor shows for them). */
function lifecycleOf(engine: InMemoryEngine, pik: string, ids: readonly string[]): string[] {
  return lines(engine.records(pik)).filter((l) => l.startsWith('ELEMENT_') && ids.includes(l.split(' ')[2]!));
}

describe('transaction sub-process', () => {
  it('given two completed compensable bookings, when the cancel end event is reached, then their handlers run last first with their variables, and the flow continues on the cancel boundary event', async () => {
    const engine = await deployed();
    const pik = engine.createInstance('trip', { outcome: 'cancel' });

    bookBoth(engine);

    const first = onlyJob(engine, 'undo');
    assert.equal(first.elementId, 'cancelFlight');
    assert.deepEqual(engine.variables(first.elementInstanceKey), { booking: 'flight' });
    assert.deepEqual(engine.jobs({ type: 'notify-cancelled' }), [], 'the boundary waits for the handlers');
    engine.completeJob(first.key);
    const second = onlyJob(engine, 'undo');
    assert.equal(second.elementId, 'cancelHotel');
    assert.deepEqual(engine.variables(second.elementInstanceKey), { booking: 'hotel' });
    engine.completeJob(second.key);

    engine.completeJob(onlyJob(engine, 'notify-cancelled').key);
    assert.deepEqual(lifecycleOf(engine, pik, ['booking', 'cancelled', 'onCancel']).slice(2), [
      'ELEMENT_ACTIVATING END_EVENT cancelled',
      'ELEMENT_ACTIVATED END_EVENT cancelled',
      'ELEMENT_COMPLETING END_EVENT cancelled',
      'ELEMENT_COMPLETED END_EVENT cancelled',
      'ELEMENT_TERMINATING SUB_PROCESS booking',
      'ELEMENT_TERMINATED SUB_PROCESS booking',
      'ELEMENT_ACTIVATING BOUNDARY_EVENT onCancel',
      'ELEMENT_ACTIVATED BOUNDARY_EVENT onCancel',
      'ELEMENT_COMPLETING BOUNDARY_EVENT onCancel',
      'ELEMENT_COMPLETED BOUNDARY_EVENT onCancel',
    ]);
    assert.deepEqual(completedElements(engine.records(pik)).slice(-3), [
      'notifyCancelled',
      'tripCancelled',
      'trip',
    ]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.equal(engine.state(pik).compensations, undefined);
    assertRebuildable(engine, pik);
  });

  it('given parallel branches still waiting, when the cancel end event is reached, then they are terminated and their job and user task removed before compensation', async () => {
    const engine = await deployed({ parallel: true });
    const pik = engine.createInstance('trip', { outcome: 'cancel' });
    assert.equal(engine.userTasks(pik).length, 1);
    assert.equal(engine.jobs({ type: 'audit' }).length, 1);

    bookBoth(engine);

    assert.deepEqual(engine.userTasks(pik), []);
    assert.deepEqual(engine.jobs({ type: 'audit' }), []);
    const ended = lines(engine.lastRecords()).filter((l) => / (approve|audit)$/.test(l));
    assert.deepEqual(ended, [
      'ELEMENT_TERMINATING USER_TASK approve',
      'USER_TASK CANCELED approve',
      'ELEMENT_TERMINATED USER_TASK approve',
      'ELEMENT_TERMINATING SERVICE_TASK audit',
      'JOB CANCELED audit',
      'ELEMENT_TERMINATED SERVICE_TASK audit',
    ]);
    assert.equal(onlyJob(engine, 'undo').elementId, 'cancelFlight');
    engine.completeJob(onlyJob(engine, 'undo').key);
    engine.completeJob(onlyJob(engine, 'undo').key);
    engine.completeJob(onlyJob(engine, 'notify-cancelled').key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given no cancellation, when the transaction completes, then no handler runs and the cancel boundary event is never taken', async () => {
    const engine = await deployed();
    const pik = engine.createInstance('trip', { outcome: 'go' });

    bookBoth(engine);

    assert.deepEqual(engine.jobs({ type: 'undo' }), []);
    const done = completedElements(engine.records(pik));
    assert.deepEqual(done.slice(-4), ['booked', 'booking', 'tripBooked', 'trip']);
    assert.ok(!done.includes('onCancel') && !done.includes('cancelled'));
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given no compensation handlers, when the cancel end event is reached, then the cancel boundary event is taken at once', async () => {
    const engine = await deployed({ handlers: false });
    const pik = engine.createInstance('trip', { outcome: 'cancel' });

    bookBoth(engine);

    assert.deepEqual(completedElements(engine.lastRecords()), [
      'bookFlight',
      'decide',
      'cancelled',
      'onCancel',
    ]);
    assert.equal(onlyJob(engine, 'notify-cancelled').processInstanceKey, pik);
    assertRebuildable(engine, pik);
  });

  it('given an error thrown inside and caught on the transaction, when it is caught, then nothing is compensated', async () => {
    const engine = await deployed();
    const pik = engine.createInstance('trip', { outcome: 'cancel' });
    engine.completeJob(onlyJob(engine, 'book').key);

    engine.throwError(onlyJob(engine, 'book').key, 'SOLD_OUT');

    assert.deepEqual(engine.jobs({ type: 'undo' }), []);
    assert.deepEqual(completedElements(engine.records(pik)).slice(-3), ['onSoldOut', 'tripSoldOut', 'trip']);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given a multi-instance transaction, when one instance is cancelled, then its own bookings are compensated and the body ends on the cancel boundary event', async () => {
    const engine = await deployed({ multiInstance: true });
    const pik = engine.createInstance('trip', { outcomes: ['go', 'cancel'] });
    /** The open booking job of the inner instance whose `outcome` is `outcome`. */
    const bookingOf = (outcome: string) => {
      const found = engine.jobs({ type: 'book' }).filter((j) => {
        const inner = engine.state(pik).elements[j.elementInstanceKey]!.flowScopeKey!;
        return engine.variables(inner).outcome === outcome;
      });
      assert.equal(found.length, 1);
      return found[0]!;
    };

    engine.completeJob(bookingOf('cancel').key);
    engine.completeJob(bookingOf('cancel').key);

    assert.deepEqual(engine.variables(onlyJob(engine, 'undo').elementInstanceKey), { booking: 'flight' });
    engine.completeJob(onlyJob(engine, 'undo').key);
    engine.completeJob(onlyJob(engine, 'undo').key);
    assert.deepEqual(engine.jobs({ type: 'book' }), [], 'the other instance ended with the body');
    assert.deepEqual(
      lines(engine.lastRecords()).filter((l) => l.includes(' MULTI_INSTANCE_BODY ')),
      ['ELEMENT_TERMINATING MULTI_INSTANCE_BODY booking', 'ELEMENT_TERMINATED MULTI_INSTANCE_BODY booking'],
    );
    assert.equal(onlyJob(engine, 'notify-cancelled').processInstanceKey, pik);
    assertRebuildable(engine, pik);
  });

  it('given a cancellation through many commands, when the record stream is folded after every command, then each fold equals the live state', async () => {
    const engine = await deployed({ parallel: true });
    const pik = engine.createInstance('trip', { outcome: 'cancel' });
    const folded = emptyState(pik);
    for (const r of engine.records(pik)) applyRecord(folded, r);

    // Each job completion is one command: its records are the step from one state to the next.
    for (const type of ['book', 'book', 'undo', 'undo', 'notify-cancelled']) {
      engine.completeJob(onlyJob(engine, type).key);
      for (const r of engine.lastRecords()) applyRecord(folded, r);
      assert.deepEqual(folded, engine.state(pik), `after completing a '${type}' job`);
    }
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });
});
