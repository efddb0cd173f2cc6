import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, elementsOnly, lines, onlyIncident } from '../../support';

describe('MultiInstanceBodyProcessor', () => {
  it('given a parallel multi-instance service task, when the jobs complete out of order, then each result lands at its index and the collection is propagated', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('charge', {
          type: 'charge',
          multiInstance: {
            inputCollection: '=orders',
            inputElement: 'order',
            outputCollection: 'receipts',
            outputElement: '="receipt-" + order',
          },
        })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { orders: ['a', 'b', 'c'] });
    const body = lines(engine.records(pik), elementsOnly).filter((l) => l.includes('charge'));
    assert.deepEqual(body.slice(0, 3), [
      'ELEMENT_ACTIVATING MULTI_INSTANCE_BODY charge',
      'ELEMENT_ACTIVATED MULTI_INSTANCE_BODY charge',
      'ELEMENT_ACTIVATING SERVICE_TASK charge',
    ]);
    const jobs = engine.jobs({ type: 'charge' });
    assert.equal(jobs.length, 3);
    const bodyKey = engine.state(pik).elements[jobs[0]!.elementInstanceKey]!.flowScopeKey!;
    assert.deepEqual(engine.variables(bodyKey), { receipts: [null, null, null] });
    assert.deepEqual(engine.variables(jobs[1]!.elementInstanceKey), { order: 'b', loopCounter: 2 });

    engine.completeJob(jobs[2]!.key);
    assert.deepEqual(engine.variables(bodyKey).receipts, [null, null, 'receipt-c']);
    engine.completeJob(jobs[0]!.key);
    engine.completeJob(jobs[1]!.key);

    assert.deepEqual(engine.variables(pik).receipts, ['receipt-a', 'receipt-b', 'receipt-c']);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given a sequential multi-instance user task, when each task completes, then the next one starts with the next element', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('approve', {
          multiInstance: { sequential: true, inputCollection: 'approvers', inputElement: 'approver' },
        })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { approvers: ['ann', 'bob'] });

    const first = engine.userTasks(pik);
    assert.equal(first.length, 1);
    assert.deepEqual(engine.variables(first[0]!.elementInstanceKey), { approver: 'ann', loopCounter: 1 });
    engine.completeUserTask(first[0]!.key);
    const second = engine.userTasks(pik);
    assert.deepEqual(engine.variables(second[0]!.elementInstanceKey), { approver: 'bob', loopCounter: 2 });
    engine.completeUserTask(second[0]!.key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given a completion condition, when enough inner instances completed, then the others are terminated and the body completes', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('vote', {
          multiInstance: {
            inputCollection: '=[1, 2, 3, 4]',
            completionCondition: '=numberOfCompletedInstances >= 2',
          },
        })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');
    const tasks = engine.userTasks(pik);
    assert.equal(tasks.length, 4);

    engine.completeUserTask(tasks[0]!.key);
    assert.equal(engine.userTasks(pik).length, 3);
    engine.completeUserTask(tasks[3]!.key);

    assert.equal(engine.userTasks(pik).length, 0);
    assert.deepEqual(
      lines(engine.lastRecords()).filter((l) => l.startsWith('USER_TASK')),
      ['USER_TASK COMPLETED vote', 'USER_TASK CANCELED vote', 'USER_TASK CANCELED vote'],
    );
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given an empty input collection, when the activity is reached, then the body completes at once with an empty output collection', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('t', {
          type: 't',
          multiInstance: { inputCollection: 'items', outputCollection: 'out', outputElement: 'x' },
        })
        .endEvent('e')
        .build(),
    );

    const pik = engine.createInstance('p', { items: [] });

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 't', 'e', 'p']);
    assert.deepEqual(engine.variables(pik).out, []);
  });

  it('given an input collection that is not a list, when the activity is reached, then the body stops at an incident until the variable is fixed', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .task('t', { multiInstance: { inputCollection: 'items' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { items: 'abc' });
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    assert.match(incident.errorMessage, /to be 'ARRAY', but was 'STRING'/);

    engine.setVariables(pik, { items: [1, 2] });
    engine.resolveIncident(incident.key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.equal(completedElements(engine.records(pik)).filter((id) => id === 't').length, 3);
    assertRebuildable(engine, pik);
  });

  it('given a multi-instance sub-process with a timer boundary, when the timer fires, then the body and every inner sub-process are terminated', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('each', (b) => b.startEvent('in').userTask('work').endEvent('out'), {
          multiInstance: { inputCollection: '=[1, 2]' },
        })
        .endEvent('e')
        .boundaryEvent('late', { attachedTo: 'each', timer: { duration: 'PT1M' } })
        .endEvent('timedOut')
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.equal(engine.userTasks(pik).length, 2);
    assert.equal(engine.timers(pik).length, 1, 'one timer, on the body');

    engine.advanceClock(60_000);

    assert.equal(engine.userTasks(pik).length, 0);
    assert.ok(lines(engine.lastRecords()).includes('ELEMENT_TERMINATED MULTI_INSTANCE_BODY each'));
    assert.deepEqual(completedElements(engine.records(pik)).slice(-3), ['late', 'timedOut', 'p']);
    assertRebuildable(engine, pik);
  });

  it('given an error thrown by an inner instance, when the activity has an error boundary, then the whole body is terminated', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('ship', { type: 'ship', multiInstance: { inputCollection: '=[1, 2, 3]' } })
        .endEvent('e')
        .boundaryEvent('failed', { attachedTo: 'ship', error: 'NO_CARRIER' })
        .endEvent('handled')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.throwError(engine.jobs({ type: 'ship' })[1]!.key, 'NO_CARRIER');

    assert.equal(engine.jobs().length, 0);
    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'failed', 'handled', 'p']);
  });

  it('given a parallel multi-instance over 1,000 elements, when it runs, then every inner instance completes in one command and the output collection is complete', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .task('visit', {
          multiInstance: {
            inputCollection: 'numbers',
            inputElement: 'n',
            outputCollection: 'seen',
            outputElement: '=n',
          },
        })
        .endEvent('e')
        .build(),
    );
    const numbers = Array.from({ length: 1000 }, (_, i) => i);

    const pik = engine.createInstance('p', { numbers });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.deepEqual(engine.variables(pik).seen, numbers);
    const collectionWrites = engine
      .records(pik)
      .filter((r) => r.valueType === 'VARIABLE' && r.value.name === 'seen');
    assert.equal(collectionWrites.length, 3, 'initialised, written once, propagated');
  });
});
