import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, lines, onlyJob } from '../../support';

describe('ProcessProcessor', () => {
  it('given a running instance with a job, a user task, a timer and an incident, when cancelled, then everything is terminated children first and nothing is left', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('f')
        .subProcess('sub', (b) => b.startEvent('in').serviceTask('job', { type: 'work' }))
        .boundaryEvent('late', { attachedTo: 'sub', timer: { duration: 'PT1H' } })
        .moveTo('f')
        .userTask('approve')
        .moveTo('f')
        .scriptTask('broken', { expression: '=assert(missing, missing != null) + 1', resultVariable: 'r' })
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.equal(engine.incidents(pik).length, 1);

    engine.cancel(pik);

    assert.deepEqual(lines(engine.lastRecords()), [
      'ELEMENT_TERMINATING PROCESS p',
      'ELEMENT_TERMINATING SUB_PROCESS sub',
      'ELEMENT_TERMINATING SERVICE_TASK job',
      'JOB CANCELED job',
      'ELEMENT_TERMINATED SERVICE_TASK job',
      'TIMER CANCELED late',
      'ELEMENT_TERMINATED SUB_PROCESS sub',
      'ELEMENT_TERMINATING USER_TASK approve',
      'USER_TASK CANCELED approve',
      'ELEMENT_TERMINATED USER_TASK approve',
      'ELEMENT_TERMINATING SCRIPT_TASK broken',
      'INCIDENT RESOLVED EXTRACT_VALUE_ERROR broken',
      'ELEMENT_TERMINATED SCRIPT_TASK broken',
      'ELEMENT_TERMINATED PROCESS p',
    ]);
    assert.equal(engine.instanceState(pik), 'TERMINATED');
    assert.deepEqual(engine.state(pik).elements, {});
    assert.deepEqual(engine.state(pik).openEntities, {});
    assert.equal(
      engine.jobs().length + engine.userTasks().length + engine.timers().length + engine.incidents().length,
      0,
    );
    assertRebuildable(engine, pik);
  });

  it('given a cancelled instance, when any command arrives, then it is rejected as INVALID_STATE', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await createProcess('p').startEvent('s').serviceTask('t', { type: 't' }).build());
    const pik = engine.createInstance('p');
    const job = onlyJob(engine, 't');
    engine.cancel(pik);

    assert.throws(
      () =>
        engine.send(pik, {
          type: 'COMPLETE_JOB',
          jobKey: job.key,
          elementInstanceKey: job.elementInstanceKey,
          variables: {},
        }),
      {
        name: 'CommandRejection',
        code: 'INVALID_STATE',
      },
    );
    assert.throws(() => engine.cancel(pik), { code: 'INVALID_STATE' });
  });
});
