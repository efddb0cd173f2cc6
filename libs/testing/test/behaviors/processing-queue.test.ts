import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../src';
import { lines } from '../support';

describe('processing queue', () => {
  it('given 5,000 pass-through tasks in a row, when an instance runs, then it completes without growing the call stack', async () => {
    let builder = createProcess('long').startEvent('s');
    for (let i = 0; i < 5_000; i++) builder = builder.task(`t${i}`);
    const engine = new InMemoryEngine();
    engine.deploy(await builder.endEvent('e').build());

    const pik = engine.createInstance('long');

    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given a parallel fork, when it fires, then both flows are taken before either target activates (breadth first)', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('f')
        .flowId('toA')
        .userTask('a')
        .moveTo('f')
        .flowId('toB')
        .userTask('b')
        .build(),
    );

    const pik = engine.createInstance('p');

    const tail = lines(engine.records(pik)).slice(-8);
    assert.deepEqual(tail, [
      'SEQUENCE_FLOW_TAKEN toA',
      'SEQUENCE_FLOW_TAKEN toB',
      'ELEMENT_ACTIVATING USER_TASK a',
      'ELEMENT_ACTIVATED USER_TASK a',
      'USER_TASK CREATED a',
      'ELEMENT_ACTIVATING USER_TASK b',
      'ELEMENT_ACTIVATED USER_TASK b',
      'USER_TASK CREATED b',
    ]);
  });

  it('given an event-based gateway with a signal, when the signal arrives first, then the signal path wins', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .eventBasedGateway('g')
        .intermediateCatchEvent('sig', { signal: 'abort' })
        .endEvent('aborted')
        .moveTo('g')
        .intermediateCatchEvent('wait', { timer: { duration: 'PT5M' } })
        .endEvent('waited')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.broadcastSignal('abort', { why: 'test' });

    assert.ok(lines(engine.records(pik)).includes('ELEMENT_COMPLETED END_EVENT aborted'));
    assert.equal(engine.variables(pik).why, 'test');
    assert.equal(engine.timers().length + engine.signalSubscriptions().length, 0);
  });
});
