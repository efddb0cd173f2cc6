import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../src';
import { assertRebuildable, completedElements, lines, onlyJob } from '../support';

describe('escalations', () => {
  it('given an escalation throw in a sub-process with a non-interrupting boundary, when thrown, then both the boundary path and the thrower continue', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) =>
          b
            .startEvent('in')
            .intermediateThrowEvent('late', { escalation: 'LATE' })
            .serviceTask('work', { type: 'work' })
            .endEvent('out'),
        )
        .endEvent('done')
        .boundaryEvent('onLate', { attachedTo: 'sub', escalation: 'LATE', interrupting: false })
        .serviceTask('notify', { type: 'notify' })
        .endEvent('notified')
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'in', 'late', 'onLate']);
    assert.equal(engine.jobs({ type: 'notify' }).length, 1);
    assert.equal(engine.jobs({ type: 'work' }).length, 1);
    engine.completeJob(onlyJob(engine, 'work').key);
    engine.completeJob(onlyJob(engine, 'notify').key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given an interrupting escalation boundary on a sub-process, when an escalation end event inside is reached, then the sub-process is terminated and the boundary continues', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) =>
          b
            .startEvent('in')
            .parallelGateway('fork')
            .endEvent('escalate', { escalation: 'HELP' })
            .moveTo('fork')
            .userTask('other'),
        )
        .endEvent('done')
        .boundaryEvent('onHelp', { attachedTo: 'sub', escalation: 'HELP' })
        .endEvent('helped')
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.ok(
      lines(engine.records(pik))
        .join('\n')
        .includes(
          [
            'ELEMENT_TERMINATING SUB_PROCESS sub',
            'ELEMENT_TERMINATING END_EVENT escalate',
            'ELEMENT_TERMINATED END_EVENT escalate',
          ].join('\n'),
        ),
    );
    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'in', 'fork', 'onHelp', 'helped', 'p']);
    assert.equal(engine.userTasks(pik).length, 0);
    assertRebuildable(engine, pik);
  });

  it('given two boundaries, when the escalation code matches one, then the exact code wins over the catch-all', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) => b.startEvent('in').endEvent('escalate', { escalation: 'A' }))
        .endEvent('done')
        .boundaryEvent('any', { attachedTo: 'sub', escalation: null })
        .endEvent('caughtByAny')
        .boundaryEvent('exact', { attachedTo: 'sub', escalation: 'A' })
        .endEvent('caughtExactly')
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'in', 'exact', 'caughtExactly', 'p']);
  });

  it('given nobody catches an escalation, when it is thrown, then the thrower carries on without an incident', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .intermediateThrowEvent('shout', { escalation: 'NOBODY_LISTENS' })
        .endEvent('end', { escalation: 'STILL_NOBODY' })
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'shout', 'end', 'p']);
    assert.equal(engine.incidents(pik).length, 0);
  });

  it('given a non-interrupting escalation event sub-process, when a nested task escalates, then it runs alongside and the process waits for it', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) =>
          b
            .startEvent('in')
            .intermediateThrowEvent('raise', { escalation: 'E' })
            .userTask('work')
            .endEvent('out'),
        )
        .endEvent('done')
        .eventSubProcess('onEscalation', (esp) =>
          esp
            .startEvent('caught', { escalation: 'E', interrupting: false })
            .userTask('handle')
            .endEvent('handled'),
        )
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.deepEqual(
      engine.userTasks(pik).map((t) => t.elementId),
      ['work', 'handle'],
    );

    engine.completeUserTask(engine.userTasks(pik).find((t) => t.elementId === 'work')!.key);
    assert.equal(engine.instanceState(pik), 'ACTIVE', 'the event sub-process still runs');
    engine.completeUserTask(engine.userTasks(pik)[0]!.key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });
});
