import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, lines } from '../../support';

describe('StartEventProcessor', () => {
  it('given a none start event, when an instance is created, then the process and the start event run and the variables land on the process scope', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await createProcess('p').startEvent('start').flowId('f1').endEvent('end').build());

    const pik = engine.createInstance('p', { orderId: 'A-1' });

    assert.deepEqual(lines(engine.records(pik)), [
      'ELEMENT_ACTIVATING PROCESS p',
      'VARIABLE CREATED orderId="A-1"',
      'ELEMENT_ACTIVATED PROCESS p',
      'ELEMENT_ACTIVATING START_EVENT start',
      'ELEMENT_ACTIVATED START_EVENT start',
      'ELEMENT_COMPLETING START_EVENT start',
      'ELEMENT_COMPLETED START_EVENT start',
      'SEQUENCE_FLOW_TAKEN f1',
      'ELEMENT_ACTIVATING END_EVENT end',
      'ELEMENT_ACTIVATED END_EVENT end',
      'ELEMENT_COMPLETING END_EVENT end',
      'ELEMENT_COMPLETED END_EVENT end',
      'ELEMENT_COMPLETING PROCESS p',
      'ELEMENT_COMPLETED PROCESS p',
    ]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.deepEqual(engine.variables(pik), { orderId: 'A-1' });
    assertRebuildable(engine, pik);
  });

  it('given a message start event, when a matching message is published, then an instance starts there with the message variables', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('byMessage', { message: { name: 'order-placed' } })
        .serviceTask('task', { type: 'work' })
        .build(),
    );

    engine.publishMessage('order-placed', '', { orderId: 'B-2' });

    const [pik] = engine.instanceKeys();
    assert.ok(pik);
    assert.deepEqual(engine.variables(pik), { orderId: 'B-2' });
    const started = engine
      .records(pik)
      .find((r) => r.valueType === 'PROCESS_INSTANCE' && r.value.bpmnElementType === 'START_EVENT');
    assert.equal(started?.valueType === 'PROCESS_INSTANCE' && started.value.elementId, 'byMessage');
    assert.equal(engine.jobs({ type: 'work' }).length, 1);
  });

  it('given a signal start event, when the signal is broadcast, then an instance starts with the signal variables', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('bySignal', { signal: 'alarm' })
        .serviceTask('task', { type: 'work' })
        .build(),
    );

    engine.broadcastSignal('alarm', { level: 3 });

    const [pik] = engine.instanceKeys();
    assert.deepEqual(engine.variables(pik!), { level: 3 });
  });

  it('given a timer start event with a cycle, when the clock passes each due date, then an instance starts per firing', async () => {
    const engine = new InMemoryEngine({ now: '2026-01-01T00:00:00Z' });
    engine.deploy(
      await createProcess('p')
        .startEvent('hourly', { timer: { cycle: 'R2/PT1H' } })
        .endEvent('end')
        .build(),
    );

    engine.advanceClock(60 * 60 * 1000);
    engine.advanceClock(60 * 60 * 1000);
    engine.advanceClock(60 * 60 * 1000);

    assert.equal(engine.instanceKeys().length, 2);
    assert.ok(engine.instanceKeys().every((k) => engine.instanceState(k) === 'COMPLETED'));
    assert.equal(engine.timers().length, 0);
  });

  it('given a process without a none start event, when created without a start element, then the command is rejected', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('byMessage', { message: { name: 'm' } })
        .endEvent('end')
        .build(),
    );

    assert.throws(() => engine.createInstance('p'), { name: 'CommandRejection', code: 'INVALID_STATE' });
  });
});
