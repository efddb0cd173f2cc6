import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { completedElements, lines, onlyJob } from '../../support';

describe('IntermediateThrowEventProcessor', () => {
  it('given a none throw event, when reached, then it passes through', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p').startEvent('s').intermediateThrowEvent('milestone').endEvent('e').build(),
    );
    const pik = engine.createInstance('p');
    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'milestone', 'e', 'p']);
  });

  it('given a link throw event, when reached, then the link catch of the same name continues without a sequence flow', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .intermediateThrowEvent('goTo', { link: 'page2' })
        .newPath()
        .intermediateCatchEvent('from', { link: 'page2' })
        .endEvent('e')
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'goTo', 'from', 'e', 'p']);
    assert.equal(lines(engine.records(pik)).filter((l) => l.startsWith('SEQUENCE_FLOW_TAKEN')).length, 2);
  });

  it('given a signal throw event, when reached, then SIGNAL BROADCAST is written and other instances receive it', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('listener')
        .startEvent('s')
        .intermediateCatchEvent('heard', { signal: 'ping' })
        .endEvent('e')
        .build(),
    );
    engine.deploy(
      await createProcess('caller')
        .startEvent('s')
        .intermediateThrowEvent('ping', { signal: 'ping', inputs: { source: 'caller' } })
        .endEvent('e')
        .build(),
    );
    const listener = engine.createInstance('listener');

    const caller = engine.createInstance('caller');

    const broadcast = engine.records(caller).find((r) => r.valueType === 'SIGNAL');
    assert.deepEqual(broadcast?.valueType === 'SIGNAL' && broadcast.value.variables, { source: 'caller' });
    assert.equal(engine.instanceState(listener), 'COMPLETED');
    assert.equal(engine.variables(listener).source, 'caller');
  });

  it('given a message throw event with a job type, when reached, then a job sends the message', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .intermediateThrowEvent('notify', { message: { name: 'sent' }, job: { type: 'mailer' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');
    engine.completeJob(onlyJob(engine, 'mailer').key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });
});
