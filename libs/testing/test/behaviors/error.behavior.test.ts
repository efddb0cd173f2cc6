import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../src';
import { assertRebuildable, completedElements, lines, onlyIncident, onlyJob } from '../support';

describe('errors across scopes', () => {
  it('given nested sub-processes, when a job throws, then the innermost matching boundary catches it, not an outer catch-all', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('outer', (o) =>
          o
            .startEvent('oIn')
            .subProcess('inner', (i) =>
              i.startEvent('iIn').serviceTask('pay', { type: 'pay' }).endEvent('iOut'),
            )
            .endEvent('oOut')
            .boundaryEvent('innerCaught', { attachedTo: 'inner', error: 'DECLINED' })
            .endEvent('innerHandled'),
        )
        .endEvent('done')
        .boundaryEvent('outerAny', { attachedTo: 'outer', error: null })
        .endEvent('outerHandled')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.throwError(onlyJob(engine, 'pay').key, 'DECLINED');

    assert.deepEqual(completedElements(engine.records(pik)), [
      's',
      'oIn',
      'iIn',
      'innerCaught',
      'innerHandled',
      'outer',
      'done',
      'p',
    ]);
    assertRebuildable(engine, pik);
  });

  it('given an error event sub-process in the process, when a job deep inside throws, then the rest of the process is terminated and the event sub-process completes it', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('fork')
        .subProcess('sub', (b) => b.startEvent('in').serviceTask('pay', { type: 'pay' }).endEvent('out'))
        .parallelGateway('join')
        .endEvent('done')
        .moveTo('fork')
        .userTask('review')
        .connectTo('join')
        .eventSubProcess('onFailure', (esp) =>
          esp
            .startEvent('failed', { error: 'DECLINED' })
            .serviceTask('refund', { type: 'refund' })
            .endEvent('refunded'),
        )
        .build(),
    );
    const pik = engine.createInstance('p');
    engine.completeUserTask(engine.userTasks(pik)[0]!.key); // a token now waits at the join

    engine.throwError(onlyJob(engine, 'pay').key, 'DECLINED', 'card declined', { reason: 'limit' });

    assert.deepEqual(lines(engine.lastRecords()).slice(0, 9), [
      'JOB ERROR_THROWN pay',
      'ELEMENT_TERMINATING SUB_PROCESS sub',
      'ELEMENT_TERMINATING SERVICE_TASK pay',
      'JOB CANCELED pay',
      'ELEMENT_TERMINATED SERVICE_TASK pay',
      'ELEMENT_TERMINATED SUB_PROCESS sub',
      'ELEMENT_ACTIVATING EVENT_SUB_PROCESS onFailure',
      'VARIABLE CREATED reason="limit"',
      'ELEMENT_ACTIVATED EVENT_SUB_PROCESS onFailure',
    ]);
    assert.equal(engine.state(pik).elements[pik]!.joins, undefined, 'the waiting join token is dropped');
    engine.completeJob(onlyJob(engine, 'refund').key);
    assert.deepEqual(completedElements(engine.records(pik)).slice(-4), [
      'refund',
      'refunded',
      'onFailure',
      'p',
    ]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given an error event sub-process and an error boundary on the same sub-process, when an error is thrown inside, then the event sub-process catches it first', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) =>
          b
            .startEvent('in')
            .endEvent('fail', { error: 'E' })
            .eventSubProcess('inside', (esp) =>
              esp.startEvent('caughtInside', { error: 'E' }).endEvent('fixed'),
            ),
        )
        .endEvent('done')
        .boundaryEvent('caughtOutside', { attachedTo: 'sub', error: 'E' })
        .endEvent('escalated')
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.deepEqual(completedElements(engine.records(pik)), [
      's',
      'in',
      'caughtInside',
      'fixed',
      'inside',
      'sub',
      'done',
      'p',
    ]);
    assertRebuildable(engine, pik);
  });

  it('given an error thrown inside an error event sub-process, when the same scope has that error event sub-process, then it travels to the boundary of the scope instead', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) =>
          b
            .startEvent('in')
            .endEvent('fail', { error: 'E' })
            .eventSubProcess('retry', (esp) =>
              esp.startEvent('again', { error: 'E' }).endEvent('failAgain', { error: 'E' }),
            ),
        )
        .endEvent('done')
        .boundaryEvent('gaveUp', { attachedTo: 'sub', error: 'E' })
        .endEvent('abandoned')
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.deepEqual(completedElements(engine.records(pik)), [
      's',
      'in',
      'again',
      'gaveUp',
      'abandoned',
      'p',
    ]);
  });

  it('given no catcher anywhere, when a nested error end event is reached, then an UNHANDLED_ERROR_EVENT incident stops it', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) => b.startEvent('in').endEvent('fail', { error: 'E' }))
        .endEvent('done')
        .boundaryEvent('other', { attachedTo: 'sub', error: 'OTHER' })
        .endEvent('handled')
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.equal(onlyIncident(engine, pik).errorType, 'UNHANDLED_ERROR_EVENT');
    assert.equal(onlyIncident(engine, pik).elementId, 'fail');
  });
});
