import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, lines, onlyJob } from '../../support';

describe('SubProcessProcessor', () => {
  it('given an embedded sub-process, when its content ends, then the sub-process completes and the token moves on', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) => b.startEvent('in').serviceTask('t', { type: 't' }).endEvent('out'))
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');
    const job = onlyJob(engine, 't');
    const sub =
      engine.state(pik).elements[engine.state(pik).elements[job.elementInstanceKey]!.flowScopeKey!]!;
    assert.equal(sub.elementId, 'sub');
    assert.equal(sub.elementType, 'SUB_PROCESS');

    engine.completeJob(job.key);

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'in', 't', 'out', 'sub', 'e', 'p']);
    assertRebuildable(engine, pik);
  });

  it('given a sub-process with input mappings, when it runs, then its variables are local and outputs bring results out', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) => b.startEvent('in').serviceTask('t', { type: 't' }).endEvent('out'), {
          inputs: { attempt: 1 },
          outputs: { lastAttempt: '=attempt', 'summary.result': '=result' },
        })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { summary: { id: 7 } });
    const job = onlyJob(engine, 't');

    engine.completeJob(job.key, { attempt: 2, result: 'ok' });

    // `attempt` existed in the sub-process scope: the job's value updated it there, not on the process.
    assert.deepEqual(engine.variables(pik), {
      summary: { id: 7, result: 'ok' },
      result: 'ok',
      lastAttempt: 2,
    });
  });

  it('given a terminate end event inside a sub-process, when reached, then only the sub-process content is terminated and the sub-process completes', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('outerFork')
        .subProcess('sub', (b) =>
          b
            .startEvent('in')
            .parallelGateway('f')
            .serviceTask('a', { type: 'a' })
            .endEvent('stop', { terminate: true })
            .moveTo('f')
            .userTask('b')
            .endEvent('bDone'),
        )
        .endEvent('subDone')
        .moveTo('outerFork')
        .userTask('outside')
        .endEvent('outsideDone')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.completeJob(onlyJob(engine, 'a').key);

    assert.deepEqual(
      lines(engine.lastRecords()).filter((l) => /TERMINAT|CANCELED|SUB_PROCESS/.test(l)),
      [
        'ELEMENT_TERMINATING USER_TASK b',
        'USER_TASK CANCELED b',
        'ELEMENT_TERMINATED USER_TASK b',
        'ELEMENT_COMPLETING SUB_PROCESS sub',
        'ELEMENT_COMPLETED SUB_PROCESS sub',
      ],
    );
    assert.deepEqual(
      engine.userTasks(pik).map((t) => t.elementId),
      ['outside'],
    );
    assert.equal(engine.instanceState(pik), 'ACTIVE');
    assertRebuildable(engine, pik);
  });
});
