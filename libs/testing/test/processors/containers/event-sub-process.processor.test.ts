import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, lines, onlyJob } from '../../support';

const HOUR = 60 * 60 * 1000;

describe('EventSubProcessProcessor', () => {
  it('given an interrupting timer event sub-process in the process, when the timer fires, then the rest is terminated and the process completes with the event sub-process', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('work', { type: 'work' })
        .endEvent('done')
        .eventSubProcess('timeout', (esp) =>
          esp
            .startEvent('expired', { timer: { duration: 'PT1H' } })
            .userTask('apologise')
            .endEvent('closed'),
        )
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.deepEqual(lines(engine.records(pik)).slice(0, 3), [
      'ELEMENT_ACTIVATING PROCESS p',
      'TIMER CREATED expired',
      'ELEMENT_ACTIVATED PROCESS p',
    ]);
    assert.equal(engine.timers(pik)[0]!.elementInstanceKey, pik);

    engine.advanceClock(HOUR);

    assert.deepEqual(lines(engine.lastRecords()).slice(0, 6), [
      'TIMER TRIGGERED expired',
      'ELEMENT_TERMINATING SERVICE_TASK work',
      'JOB CANCELED work',
      'ELEMENT_TERMINATED SERVICE_TASK work',
      'ELEMENT_ACTIVATING EVENT_SUB_PROCESS timeout',
      'ELEMENT_ACTIVATED EVENT_SUB_PROCESS timeout',
    ]);
    assert.equal(engine.state(pik).elements[pik]!.interruptedBy !== undefined, true);
    engine.completeUserTask(engine.userTasks(pik)[0]!.key);
    assert.deepEqual(completedElements(engine.records(pik)).slice(-4), [
      'apologise',
      'closed',
      'timeout',
      'p',
    ]);
    assertRebuildable(engine, pik);
  });

  it('given a non-interrupting timer cycle event sub-process, when periods pass, then it runs each time alongside and is re-armed', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('review')
        .endEvent('done')
        .eventSubProcess('reminders', (esp) =>
          esp
            .startEvent('tick', { timer: { cycle: 'R/PT1H' }, interrupting: false })
            .serviceTask('remind', { type: 'remind' })
            .endEvent('reminded'),
        )
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.advanceClock(HOUR);
    engine.advanceClock(HOUR);

    assert.equal(engine.jobs({ type: 'remind' }).length, 2);
    assert.equal(engine.timers(pik).length, 1, 're-armed for the next hour');
    for (const job of engine.jobs({ type: 'remind' })) engine.completeJob(job.key);
    engine.completeUserTask(engine.userTasks(pik)[0]!.key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.ok(lines(engine.lastRecords()).includes('TIMER CANCELED tick'), 'the cycle ends with its scope');
    assert.equal(engine.timers().length, 0);
    assertRebuildable(engine, pik);
  });

  it('given a non-interrupting message event sub-process, when two messages arrive, then it runs twice while the process keeps going', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('pack')
        .endEvent('done')
        .eventSubProcess('onQuestion', (esp) =>
          esp
            .startEvent('asked', {
              message: { name: 'question', correlationKey: '=orderId' },
              interrupting: false,
            })
            .serviceTask('answer', { type: 'answer' })
            .endEvent('answered'),
        )
        .build(),
    );
    const pik = engine.createInstance('p', { orderId: 'o-1' });

    engine.publishMessage('question', 'o-1', { question: 'when?' });
    engine.publishMessage('question', 'o-1', { question: 'where?' });

    assert.equal(engine.jobs({ type: 'answer' }).length, 2);
    assert.equal(engine.variables(pik).question, 'where?');
    assert.equal(engine.userTasks(pik).length, 1);
    assertRebuildable(engine, pik);
  });

  it('given an interrupting message event sub-process in a sub-process, when the message arrives, then only that sub-process is interrupted and it completes with the event sub-process', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('fork')
        .subProcess('order', (o) =>
          o
            .startEvent('in')
            .userTask('pack')
            .endEvent('packed')
            .eventSubProcess('onCancel', (esp) =>
              esp
                .startEvent('cancelled', { message: { name: 'cancel', correlationKey: '=orderId' } })
                .endEvent('stopped'),
            ),
        )
        .endEvent('orderDone')
        .moveTo('fork')
        .userTask('invoice')
        .endEvent('invoiced')
        .build(),
    );
    const pik = engine.createInstance('p', { orderId: 'o-1' });
    const order = engine.messageSubscriptions(pik)[0]!.elementInstanceKey;
    assert.equal(engine.state(pik).elements[order]!.elementId, 'order');

    engine.publishMessage('cancel', 'o-1');

    assert.deepEqual(
      engine.userTasks(pik).map((t) => t.elementId),
      ['invoice'],
    );
    assert.deepEqual(completedElements(engine.lastRecords()), [
      'cancelled',
      'stopped',
      'onCancel',
      'order',
      'orderDone',
    ]);
    assertRebuildable(engine, pik);
  });

  it('given a signal event sub-process in a sub-process, when the sub-process completes first, then its subscription is closed with it', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) =>
          b
            .startEvent('in')
            .serviceTask('work', { type: 'work' })
            .endEvent('out')
            .eventSubProcess('onAlarm', (esp) =>
              esp.startEvent('alarm', { signal: 'alarm' }).endEvent('silenced'),
            ),
        )
        .userTask('after')
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.equal(engine.signalSubscriptions(pik).length, 1);

    engine.completeJob(onlyJob(engine, 'work').key);

    assert.ok(lines(engine.lastRecords()).includes('SIGNAL_SUBSCRIPTION DELETED alarm'));
    assert.equal(engine.signalSubscriptions(pik).length, 0);
    engine.broadcastSignal('alarm');
    assert.equal(engine.userTasks(pik).length, 1, 'the signal no longer reaches the sub-process');
  });

  it('given an interrupting signal event sub-process, when the signal arrives, then the other event sub-processes of the scope stop listening', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('work')
        .endEvent('done')
        .eventSubProcess('onStop', (esp) =>
          esp.startEvent('stop', { signal: 'stop' }).userTask('wrapUp').endEvent('stopped'),
        )
        .eventSubProcess('onTick', (esp) =>
          esp.startEvent('tick', { timer: { cycle: 'R/PT1H' }, interrupting: false }).endEvent('ticked'),
        )
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.broadcastSignal('stop');

    assert.deepEqual(lines(engine.lastRecords()).slice(0, 3), [
      'SIGNAL_SUBSCRIPTION DELETED stop',
      'TIMER CANCELED tick',
      'ELEMENT_TERMINATING USER_TASK work',
    ]);
    assert.equal(engine.timers(pik).length, 0);
    engine.completeUserTask(engine.userTasks(pik)[0]!.key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });
});
