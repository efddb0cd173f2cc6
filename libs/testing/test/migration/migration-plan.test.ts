import assert from 'node:assert/strict';
import type { ProcessGraph } from '@osprey/bpmn';
import { before, describe, it } from 'node:test';
import { checkMigrationPlan, execute, rebuildState, type InstanceState } from '@osprey/runtime';
import { createProcess, InMemoryEngine } from '../../src';
import { lines, onlyJob } from '../support';

/** v1: s → a (job) → e. */
let v1: ProcessGraph;
before(async () => {
  v1 = await createProcess('p').startEvent('s').serviceTask('a', { type: 'a' }).endEvent('e').build();
});

/** An instance of v1 waiting at 'a'. */
function waitingAtA(): { engine: InMemoryEngine; pik: string; state: InstanceState } {
  const engine = new InMemoryEngine();
  engine.deploy(v1);
  const pik = engine.createInstance('p', { n: 1 });
  return { engine, pik, state: engine.state(pik) };
}

describe('migration plan check', () => {
  it('given an active element the target keeps under its id, when checked without instructions, then the plan holds', async () => {
    const { state } = waitingAtA();
    const v2 = await createProcess('p')
      .startEvent('s')
      .serviceTask('a', { type: 'a' })
      .serviceTask('b', { type: 'b' })
      .endEvent('e')
      .build();

    assert.deepEqual(checkMigrationPlan(state, v1, v2, []).errors, []);
  });

  it('given an unmapped active element and a type change, when checked, then every problem is listed', async () => {
    const { state } = waitingAtA();
    const renamed = await createProcess('p')
      .startEvent('s')
      .serviceTask('a2', { type: 'a' })
      .userTask('u')
      .endEvent('e')
      .build();

    const unmapped = checkMigrationPlan(state, v1, renamed, []).errors;
    const typeChange = checkMigrationPlan(state, v1, renamed, [
      { sourceElementId: 'a', targetElementId: 'u' },
    ]).errors;
    const unknown = checkMigrationPlan(state, v1, renamed, [
      { sourceElementId: 'zz', targetElementId: 'yy' },
    ]).errors;

    assert.match(unmapped.join('\n'), /active element 'a' to be mapped/);
    assert.match(
      typeChange.join('\n'),
      /'a' \(SERVICE_TASK\) to keep its type, but target element 'u' is a USER_TASK/,
    );
    assert.equal(unknown.length, 3); // unknown source, unknown target, and 'a' still unmapped
  });

  it('given an active element mapped to an element the target lacks, when checked, then that one problem is listed', async () => {
    const { state } = waitingAtA();

    const errors = checkMigrationPlan(state, v1, v1, [{ sourceElementId: 'a', targetElementId: 'missing' }]).errors;

    assert.deepEqual(errors, [`Expected target element 'missing' to exist in process 'p', but it does not`]);
  });

  it('given an element moved into a sub-process in the target, when checked, then the scope change is refused', async () => {
    const { state } = waitingAtA();
    const nested = await createProcess('p')
      .startEvent('s')
      .subProcess('sub', (b) => b.startEvent('in').serviceTask('a', { type: 'a' }))
      .build();

    assert.match(
      checkMigrationPlan(state, v1, nested, []).errors.join('\n'),
      /'a' to sit in 'p'.*but it sits in 'sub'/,
    );
  });

  it('given tokens waiting at a parallel join, when the target join has other incoming flows, then the plan is refused', async () => {
    const fork = (extra: boolean) => {
      const b = createProcess('p')
        .startEvent('s')
        .parallelGateway('fork')
        .serviceTask('x', { type: 'x' })
        .parallelGateway('join')
        .endEvent('e')
        .moveTo('fork')
        .serviceTask('y', { type: 'y' })
        .connectTo('join');
      if (extra) b.moveTo('fork').serviceTask('z', { type: 'z' }).connectTo('join');
      return b.build();
    };
    const engine = new InMemoryEngine();
    engine.deploy(await fork(false));
    const pik = engine.createInstance('p');
    engine.completeJob(onlyJob(engine, 'x').key);

    assert.deepEqual(checkMigrationPlan(engine.state(pik), await fork(false), await fork(false), []).errors, []);
    assert.match(
      checkMigrationPlan(engine.state(pik), await fork(false), await fork(true), []).errors.join('\n'),
      /join 'join' to have the incoming flows/,
    );
  });

  it('given a plan that holds, when MIGRATE runs, then ids are renamed, the job moves, boundary timers come from the target and the state rebuilds', async () => {
    const { engine, pik, state } = waitingAtA();
    const v2 = await createProcess('p2')
      .startEvent('s')
      .serviceTask('a2', { type: 'a' })
      .boundaryEvent('late', { attachedTo: 'a2', timer: { duration: 'PT1H' } })
      .endEvent('e2')
      .moveTo('a2')
      .endEvent('e')
      .build();
    let key = 9_000;
    const ctx = {
      now: Date.parse('2026-01-01T00:00:00Z'),
      nextKey: () => String(++key),
      graph: v1,
      targetGraph: v2,
    };

    const { state: after, records } = execute(
      state,
      {
        type: 'MIGRATE',
        targetProcessDefinitionKey: '77',
        targetVersion: 2,
        mappingInstructions: [{ sourceElementId: 'a', targetElementId: 'a2' }],
      },
      ctx,
    );

    assert.deepEqual(lines(records), ['PROCESS_INSTANCE_MIGRATION MIGRATED 77', 'TIMER CREATED late']);
    assert.equal(after.processDefinitionKey, '77');
    assert.equal(after.bpmnProcessId, 'p2');
    assert.deepEqual(
      Object.values(after.elements)
        .map((e) => e.elementId)
        .sort(),
      ['a2', 'p2'],
    );
    const job = Object.values(after.openEntities ?? {}).find((e) => e.valueType === 'JOB');
    assert.equal(job?.valueType === 'JOB' && job.value.elementId, 'a2');
    assert.deepEqual(rebuildState([...engine.records(pik), ...records]), after);
  });

  it('given a plan that does not hold, when MIGRATE runs, then it is refused with every problem and nothing is written', async () => {
    const { state } = waitingAtA();
    const v2 = await createProcess('p').startEvent('s').userTask('a').endEvent('e').build();
    const ctx = { now: 0, nextKey: () => '1', graph: v1, targetGraph: v2 };

    assert.throws(
      () =>
        execute(
          state,
          { type: 'MIGRATE', targetProcessDefinitionKey: '77', targetVersion: 2, mappingInstructions: [] },
          ctx,
        ),
      (err: { code?: string; details?: string[] }) =>
        err.code === 'INVALID_ARGUMENT' && err.details?.length === 1,
    );
  });
});
