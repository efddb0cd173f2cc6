import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, lines, onlyIncident, onlyJob } from '../../support';

describe('EndEventProcessor', () => {
  it('given two parallel paths, when one reaches a none end event, then the process waits for the other', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('fork')
        .endEvent('quick')
        .moveTo('fork')
        .serviceTask('slow', { type: 'slow' })
        .endEvent('late')
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.equal(engine.instanceState(pik), 'ACTIVE');

    engine.completeJob(onlyJob(engine, 'slow').key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given a terminate end event in the process, when it is reached, then the other paths are terminated and the process completes', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('fork')
        .serviceTask('a', { type: 'a' })
        .endEvent('kill', { terminate: true })
        .moveTo('fork')
        .userTask('b')
        .endEvent('normal')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.completeJob(onlyJob(engine, 'a').key);

    assert.deepEqual(lines(engine.lastRecords()).slice(-7), [
      'ELEMENT_COMPLETING END_EVENT kill',
      'ELEMENT_COMPLETED END_EVENT kill',
      'ELEMENT_TERMINATING USER_TASK b',
      'USER_TASK CANCELED b',
      'ELEMENT_TERMINATED USER_TASK b',
      'ELEMENT_COMPLETING PROCESS p',
      'ELEMENT_COMPLETED PROCESS p',
    ]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.equal(engine.userTasks().length, 0);
    assertRebuildable(engine, pik);
  });

  it('given an error end event inside a sub-process with an error boundary, when reached, then the sub-process is terminated and the boundary path runs', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (sub) => sub.startEvent('subStart').endEvent('fail', { error: 'NOT_FOUND' }))
        .endEvent('ok')
        .boundaryEvent('caught', { attachedTo: 'sub', error: 'NOT_FOUND' })
        .endEvent('handled')
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'subStart', 'caught', 'handled', 'p']);
    assert.ok(lines(engine.records(pik)).includes('ELEMENT_TERMINATED SUB_PROCESS sub'));
    assert.ok(lines(engine.records(pik)).includes('ELEMENT_TERMINATED END_EVENT fail'));
  });

  it('given an error end event nobody catches, when reached, then an UNHANDLED_ERROR_EVENT incident stops it', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await createProcess('p').startEvent('s').endEvent('fail', { error: 'BOOM' }).build());

    const pik = engine.createInstance('p');

    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'UNHANDLED_ERROR_EVENT');
    assert.equal(incident.elementId, 'fail');
    assert.match(incident.errorMessage, /'BOOM'/);
    assert.equal(engine.instanceState(pik), 'ACTIVE');
  });

  it('given a signal end event, when reached, then it broadcasts the signal to other instances', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('waiter')
        .startEvent('s')
        .intermediateCatchEvent('wait', { signal: 'go' })
        .endEvent('e')
        .build(),
    );
    engine.deploy(await createProcess('thrower').startEvent('s').endEvent('shout', { signal: 'go' }).build());
    const waiter = engine.createInstance('waiter');

    const thrower = engine.createInstance('thrower');

    assert.ok(lines(engine.records(thrower)).includes('SIGNAL BROADCAST go'));
    assert.equal(engine.instanceState(waiter), 'COMPLETED');
  });
});
