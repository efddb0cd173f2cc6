import assert from 'node:assert/strict';
import type { ProcessGraph } from '@osprey/bpmn';
import { before, describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../src';
import { onlyJob } from '../support';

let waitForMessage: ProcessGraph;
before(async () => {
  waitForMessage = await createProcess('wait')
    .startEvent('s')
    .intermediateCatchEvent('msg', { message: { name: 'ping', correlationKey: '=key' } })
    .endEvent('e')
    .build();
});

describe('InMemoryEngine', () => {
  it('given two waiting instances, when a message is published, then only the one with that correlation key receives it', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(waitForMessage);
    const a = engine.createInstance('wait', { key: 'a' });
    const b = engine.createInstance('wait', { key: 'b' });

    engine.publishMessage('ping', 'b');

    assert.equal(engine.instanceState(a), 'ACTIVE');
    assert.equal(engine.instanceState(b), 'COMPLETED');
  });

  it('given a message without time to live, when nobody waits, then it is dropped', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(waitForMessage);
    engine.publishMessage('ping', 'a');
    const pik = engine.createInstance('wait', { key: 'a' });
    assert.equal(engine.instanceState(pik), 'ACTIVE');
  });

  it('given a buffered message, when it expires before a subscription opens, then it does not correlate', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(waitForMessage);
    engine.publishMessage('ping', 'a', {}, { timeToLive: 1000 });
    engine.advanceClock(1000);
    const pik = engine.createInstance('wait', { key: 'a' });
    assert.equal(engine.instanceState(pik), 'ACTIVE');
  });

  it('given a buffered message with an id, when the same id is published again, then it is refused', async () => {
    const engine = new InMemoryEngine();
    engine.publishMessage('ping', 'a', {}, { timeToLive: 1000, messageId: 'm-1' });
    assert.throws(
      () => engine.publishMessage('ping', 'a', {}, { timeToLive: 1000, messageId: 'm-1' }),
      /already buffered/,
    );
  });

  it('given a failed job with a back-off, when the back-off has not passed, then the job is not activatable', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await createProcess('p').startEvent('s').serviceTask('t', { type: 't' }).build());
    engine.createInstance('p');
    engine.failJob(onlyJob(engine, 't').key, 2, 'busy', 5000);

    assert.equal(engine.jobs({ activatable: true }).length, 0);
    engine.advanceClock(5000);
    assert.equal(engine.jobs({ activatable: true }).length, 1);
  });

  it('given a timer start event, when a new version is deployed, then the old version’s timer is replaced', async () => {
    const engine = new InMemoryEngine();
    const graph = await createProcess('p')
      .startEvent('t', { timer: { cycle: 'R1/PT1H' } })
      .endEvent('e')
      .build();
    engine.deploy(graph);
    engine.deploy(graph);

    assert.equal(engine.timers().length, 1);
    engine.advanceClock(60 * 60 * 1000);
    assert.equal(engine.instanceKeys().length, 1);
    assert.equal(engine.state(engine.instanceKeys()[0]!).version, 2);
    assert.equal(engine.timers().length, 0);
  });

  it('given a boundary timer on a task stopped at an output-mapping incident, when it is due, then it stays due instead of failing the clock', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('t', { type: 't', outputs: { x: '=assert(missing, missing != null)' } })
        .boundaryEvent('late', { attachedTo: 't', timer: { duration: 'PT1M' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');
    engine.completeJob(onlyJob(engine, 't').key);

    engine.advanceClock(60_000);

    assert.equal(engine.timers(pik).length, 1);
    assert.equal(engine.incidents(pik).length, 1);
  });

  it('given two pending timers, when one is triggered, then only it fires and the clock stays put', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('f')
        .intermediateCatchEvent('soon', { timer: { duration: 'PT1M' } })
        .endEvent('e1')
        .moveTo('f')
        .intermediateCatchEvent('later', { timer: { duration: 'PT1H' } })
        .endEvent('e2')
        .build(),
    );
    const pik = engine.createInstance('p');
    const now = engine.now;
    const later = engine.timers(pik).find((t) => t.targetElementId === 'later')!;

    engine.triggerTimer(later.key);

    assert.deepEqual(
      engine.timers(pik).map((t) => t.targetElementId),
      ['soon'],
    );
    assert.equal(engine.now, now);
    assert.equal(engine.instanceState(pik), 'ACTIVE');
  });

  it('given a signal thrown by one instance, when it is broadcast, then the thrower’s own subscriptions receive it too', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('f')
        .intermediateCatchEvent('hear', { signal: 'bell' })
        .endEvent('e1')
        .moveTo('f')
        .intermediateThrowEvent('ring', { signal: 'bell' })
        .endEvent('e2')
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });
});
