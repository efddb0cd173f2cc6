import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, lines, onlyJob } from '../../support';

const HOUR = 60 * 60 * 1000;

describe('BoundaryEventProcessor', () => {
  it('given an interrupting timer boundary, when it fires, then the activity and its job are terminated and the boundary path runs', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('work', { type: 'work' })
        .endEvent('done')
        .boundaryEvent('timeout', { attachedTo: 'work', timer: { duration: 'PT1H' } })
        .endEvent('timedOut')
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.equal(engine.timers(pik)[0]?.targetElementId, 'timeout');

    engine.advanceClock(HOUR);

    assert.deepEqual(lines(engine.lastRecords()).slice(0, 6), [
      'TIMER TRIGGERED timeout',
      'ELEMENT_TERMINATING SERVICE_TASK work',
      'JOB CANCELED work',
      'ELEMENT_TERMINATED SERVICE_TASK work',
      'ELEMENT_ACTIVATING BOUNDARY_EVENT timeout',
      'ELEMENT_ACTIVATED BOUNDARY_EVENT timeout',
    ]);
    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'timeout', 'timedOut', 'p']);
    assert.equal(engine.jobs().length, 0);
    assertRebuildable(engine, pik);
  });

  it('given an activity that completes first, when it completes, then its boundary timer is cancelled', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('work', { type: 'work' })
        .endEvent('done')
        .boundaryEvent('timeout', { attachedTo: 'work', timer: { duration: 'PT1H' } })
        .endEvent('late')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.completeJob(onlyJob(engine, 'work').key);

    assert.ok(lines(engine.lastRecords()).includes('TIMER CANCELED timeout'));
    assert.equal(engine.timers().length, 0);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given a non-interrupting cycle timer R3/PT1H, when four hours pass, then it fires three times while the activity keeps running', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('review')
        .endEvent('done')
        .boundaryEvent('remind', { attachedTo: 'review', interrupting: false, timer: { cycle: 'R3/PT1H' } })
        .serviceTask('sendReminder', { type: 'remind' })
        .endEvent('reminded')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.advanceClock(HOUR);
    assert.equal(engine.timers(pik)[0]?.repetitions, 2);
    engine.advanceClock(HOUR);
    engine.advanceClock(HOUR);
    engine.advanceClock(HOUR);

    assert.equal(lines(engine.records(pik)).filter((l) => l === 'TIMER TRIGGERED remind').length, 3);
    assert.equal(engine.jobs({ type: 'remind' }).length, 3);
    assert.equal(engine.timers(pik).length, 0);
    assert.equal(engine.userTasks(pik).length, 1, 'the user task is still open');
    engine.completeUserTask(engine.userTasks(pik)[0]!.key);
    for (const job of engine.jobs({ type: 'remind' })) engine.completeJob(job.key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given a non-interrupting cron boundary, when it fires, then it re-arms for the next cron slot', async () => {
    const engine = new InMemoryEngine({ now: '2026-01-01T08:30:00Z' });
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('review')
        .boundaryEvent('daily', {
          attachedTo: 'review',
          interrupting: false,
          timer: { cycle: '0 0 9 * * *' },
        })
        .endEvent('nudged')
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.equal(new Date(engine.timers(pik)[0]!.dueDate).toISOString(), '2026-01-01T09:00:00.000Z');

    engine.advanceClock(30 * 60 * 1000);

    assert.equal(new Date(engine.timers(pik)[0]!.dueDate).toISOString(), '2026-01-02T09:00:00.000Z');
    assert.equal(engine.timers(pik)[0]!.repetitions, -1);
  });

  it('given an interrupting message boundary on a sub-process, when the message correlates, then everything inside is terminated', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('handle', (sub) =>
          sub.startEvent('in').parallelGateway('f').serviceTask('a', { type: 'a' }).moveTo('f').userTask('b'),
        )
        .endEvent('done')
        .boundaryEvent('cancelled', {
          attachedTo: 'handle',
          message: { name: 'cancel', correlationKey: '=orderId' },
        })
        .endEvent('aborted')
        .build(),
    );
    const pik = engine.createInstance('p', { orderId: 'o' });

    engine.publishMessage('cancel', 'o', { reason: 'customer' });

    const ended = lines(engine.lastRecords()).filter(
      (l) => l.includes('TERMINATED') || l.includes('CANCELED'),
    );
    assert.deepEqual(ended, [
      'JOB CANCELED a',
      'ELEMENT_TERMINATED SERVICE_TASK a',
      'USER_TASK CANCELED b',
      'ELEMENT_TERMINATED USER_TASK b',
      'ELEMENT_TERMINATED SUB_PROCESS handle',
    ]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.equal(engine.variables(pik).reason, 'customer');
  });

  it('given a non-interrupting message boundary, when two messages arrive, then it fires twice and the activity keeps running', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('work')
        .endEvent('done')
        .boundaryEvent('update', {
          attachedTo: 'work',
          interrupting: false,
          message: { name: 'update', correlationKey: '=id' },
        })
        .endEvent('noted')
        .build(),
    );
    const pik = engine.createInstance('p', { id: 'x' });

    engine.publishMessage('update', 'x', { n: 1 });
    engine.publishMessage('update', 'x', { n: 2 });

    assert.equal(completedElements(engine.records(pik)).filter((id) => id === 'noted').length, 2);
    assert.equal(engine.variables(pik).n, 2);
    assert.equal(engine.messageSubscriptions(pik).length, 1);
    engine.completeUserTask(engine.userTasks(pik)[0]!.key);
    assert.equal(engine.messageSubscriptions(pik).length, 0);
    assertRebuildable(engine, pik);
  });

  it('given a signal boundary, when the signal arrives, then the activity is interrupted', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('work')
        .endEvent('done')
        .boundaryEvent('stop', { attachedTo: 'work', signal: 'halt' })
        .endEvent('halted')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.broadcastSignal('halt');

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'stop', 'halted', 'p']);
    assert.equal(engine.signalSubscriptions().length, 0);
  });

  it('given error boundaries with a code and a catch-all, when a worker throws that code, then the specific one catches it with the error variables', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('ship', { type: 'ship' })
        .endEvent('shipped')
        .boundaryEvent('any', { attachedTo: 'ship', error: null })
        .endEvent('generic')
        .boundaryEvent('noCarrier', { attachedTo: 'ship', error: 'NO_CARRIER' })
        .endEvent('specific')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.throwError(onlyJob(engine, 'ship').key, 'NO_CARRIER', 'none available', { carrierTried: 'ups' });

    assert.deepEqual(lines(engine.lastRecords()).slice(0, 4), [
      'JOB ERROR_THROWN ship',
      'ELEMENT_TERMINATING SERVICE_TASK ship',
      'JOB CANCELED ship',
      'ELEMENT_TERMINATED SERVICE_TASK ship',
    ]);
    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'noCarrier', 'specific', 'p']);
    assert.equal(engine.variables(pik).carrierTried, 'ups');
  });

  it('given a task in a sub-process, when its error is only caught on the sub-process, then the error travels outwards', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('outer', (sub) =>
          sub.startEvent('in').serviceTask('inner', { type: 'inner' }).endEvent('out'),
        )
        .endEvent('done')
        .boundaryEvent('caught', { attachedTo: 'outer', error: 'E' })
        .endEvent('handled')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.throwError(onlyJob(engine, 'inner').key, 'E');

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'in', 'caught', 'handled', 'p']);
  });
});
