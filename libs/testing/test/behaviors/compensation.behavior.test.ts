import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessGraph } from '@osprey/bpmn';
import { createProcess, InMemoryEngine } from '../../src';
import { assertRebuildable, completedElements, lines, onlyJob } from '../support';

/** A trip: book a hotel and a flight (each undone by its handler), then `then` decides. */
function trip(then: (b: ReturnType<typeof createProcess>) => ReturnType<typeof createProcess>): Promise<ProcessGraph> {
  const base = createProcess('trip')
    .startEvent('s')
    .serviceTask('bookHotel', { type: 'book', inputs: { booking: '="hotel"' } })
    .serviceTask('bookFlight', { type: 'book', inputs: { booking: '="flight"' } });
  return then(base)
    .boundaryEvent('undoHotel', { attachedTo: 'bookHotel', compensate: true })
    .serviceTask('cancelHotel', { type: 'cancel' })
    .boundaryEvent('undoFlight', { attachedTo: 'bookFlight', compensate: true })
    .serviceTask('cancelFlight', { type: 'cancel' })
    .build();
}

function completeAll(engine: InMemoryEngine, type: string): void {
  for (let job = engine.jobs({ type })[0]; job; job = engine.jobs({ type })[0]) engine.completeJob(job.key);
}

describe('compensation', () => {
  it('given two completed compensable tasks, when a compensation end event is reached, then their handlers run one by one in reverse order with the variables each completed with', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await trip((b) => b.endEvent('rollback', { compensate: true })));
    const pik = engine.createInstance('trip');
    completeAll(engine, 'book');
    assert.equal(engine.state(pik).compensations?.length, 2);

    const first = onlyJob(engine, 'cancel');
    assert.equal(first.elementId, 'cancelFlight');
    assert.deepEqual(engine.variables(first.elementInstanceKey), { booking: 'flight' });
    engine.completeJob(first.key);
    const second = onlyJob(engine, 'cancel');
    assert.equal(second.elementId, 'cancelHotel');
    assert.deepEqual(engine.variables(second.elementInstanceKey), { booking: 'hotel' });
    engine.completeJob(second.key);

    assert.deepEqual(
      lines(engine.records(pik)).filter((l) => l.startsWith('COMPENSATION')),
      [
        'COMPENSATION_SUBSCRIPTION CREATED bookHotel',
        'COMPENSATION_SUBSCRIPTION CREATED bookFlight',
        'COMPENSATION_SUBSCRIPTION TRIGGERED bookFlight',
        'COMPENSATION_SUBSCRIPTION TRIGGERED bookHotel',
        'COMPENSATION_SUBSCRIPTION COMPLETED bookFlight',
        'COMPENSATION_SUBSCRIPTION COMPLETED bookHotel',
      ],
    );
    assert.deepEqual(completedElements(engine.records(pik)).slice(-4), [
      'cancelFlight',
      'cancelHotel',
      'rollback',
      'trip',
    ]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given an activityRef, when the compensation throw event is reached, then only that activity is compensated and the path continues', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await trip((b) =>
        b
          .intermediateThrowEvent('undoFlightOnly', { compensate: 'bookFlight' })
          .userTask('rebook')
          .endEvent('e'),
      ),
    );
    const pik = engine.createInstance('trip');
    completeAll(engine, 'book');

    engine.completeJob(onlyJob(engine, 'cancel').key);

    assert.deepEqual(
      engine.userTasks(pik).map((t) => t.elementId),
      ['rebook'],
    );
    assert.deepEqual(
      completedElements(engine.records(pik)).filter((id) => id.startsWith('cancel')),
      ['cancelFlight'],
    );
    assert.equal(engine.state(pik).compensations?.length, 1, 'the hotel can still be compensated');
  });

  it('given nothing completed that can be compensated, when a compensation throw event is reached, then it passes straight through', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('plain')
        .startEvent('s')
        .intermediateThrowEvent('undo', { compensate: true })
        .endEvent('e')
        .build(),
    );

    const pik = engine.createInstance('plain');

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'undo', 'e', 'plain']);
  });

  it('given a sub-process interrupted by an error, when the error path compensates, then the tasks completed inside it are undone', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('order')
        .startEvent('s')
        .subProcess('checkout', (c) =>
          c
            .startEvent('in')
            .serviceTask('reserve', { type: 'reserve', inputs: { sku: '="A-1"' } })
            .serviceTask('pay', { type: 'pay' })
            .endEvent('out')
            .boundaryEvent('undoReserve', { attachedTo: 'reserve', compensate: true })
            .serviceTask('release', { type: 'release' }),
        )
        .endEvent('done')
        .boundaryEvent('declined', { attachedTo: 'checkout', error: 'DECLINED' })
        .intermediateThrowEvent('undoAll', { compensate: true })
        .endEvent('failed')
        .build(),
    );
    const pik = engine.createInstance('order');
    engine.completeJob(onlyJob(engine, 'reserve').key);

    engine.throwError(onlyJob(engine, 'pay').key, 'DECLINED');

    const release = onlyJob(engine, 'release');
    assert.deepEqual(engine.variables(release.elementInstanceKey), { sku: 'A-1' });
    engine.completeJob(release.key);
    assert.deepEqual(completedElements(engine.records(pik)).slice(-4), [
      'release',
      'undoAll',
      'failed',
      'order',
    ]);
    assertRebuildable(engine, pik);
  });

  it('given an error event sub-process inside a sub-process, when its compensation end event is reached, then it compensates that sub-process', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('order')
        .startEvent('s')
        .subProcess('checkout', (c) =>
          c
            .startEvent('in')
            .serviceTask('reserve', { type: 'reserve' })
            .endEvent('fail', { error: 'OUT_OF_STOCK' })
            .boundaryEvent('undoReserve', { attachedTo: 'reserve', compensate: true })
            .serviceTask('release', { type: 'release' })
            .eventSubProcess('onError', (esp) =>
              esp.startEvent('caught', { error: 'OUT_OF_STOCK' }).endEvent('rollback', { compensate: true }),
            ),
        )
        .endEvent('done')
        .build(),
    );
    const pik = engine.createInstance('order');

    engine.completeJob(onlyJob(engine, 'reserve').key);
    engine.completeJob(onlyJob(engine, 'release').key);

    assert.deepEqual(completedElements(engine.records(pik)).slice(-6), [
      'release',
      'rollback',
      'onError',
      'checkout',
      'done',
      'order',
    ]);
    assertRebuildable(engine, pik);
  });

  it('given a compensable multi-instance task, when compensated, then each completed inner instance is undone, last first', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('charge', {
          type: 'charge',
          multiInstance: { sequential: true, inputCollection: '=["a", "b"]', inputElement: 'card' },
        })
        .endEvent('refundAll', { compensate: true })
        .boundaryEvent('undoCharge', { attachedTo: 'charge', compensate: true })
        .serviceTask('refund', { type: 'refund' })
        .build(),
    );
    const pik = engine.createInstance('p');
    completeAll(engine, 'charge');

    const refunds: unknown[] = [];
    for (let job = engine.jobs({ type: 'refund' })[0]; job; job = engine.jobs({ type: 'refund' })[0]) {
      refunds.push(engine.variables(job.elementInstanceKey).card);
      engine.completeJob(job.key);
    }

    assert.deepEqual(refunds, ['b', 'a']);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given a compensation in progress, when the instance is cancelled, then the running handler is terminated and nothing is left to compensate', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await trip((b) => b.endEvent('rollback', { compensate: true })));
    const pik = engine.createInstance('trip');
    completeAll(engine, 'book');

    engine.cancel(pik);

    assert.deepEqual(
      lines(engine.lastRecords()).filter((l) => /COMPENSATION|cancelFlight|rollback/.test(l)),
      [
        'ELEMENT_TERMINATING END_EVENT rollback',
        'ELEMENT_TERMINATING SERVICE_TASK cancelFlight',
        'JOB CANCELED cancelFlight',
        'ELEMENT_TERMINATED SERVICE_TASK cancelFlight',
        'COMPENSATION_SUBSCRIPTION DELETED bookFlight',
        'COMPENSATION_SUBSCRIPTION DELETED bookHotel',
        'ELEMENT_TERMINATED END_EVENT rollback',
      ],
    );
    assert.equal(engine.state(pik).compensations, undefined);
    assertRebuildable(engine, pik);
  });
});
