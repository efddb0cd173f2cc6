import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../src';
import { assertRebuildable, onlyIncident } from '../support';

describe('multi-instance variables', () => {
  it('given an output element that fails, when an inner instance completes, then it stops at an incident and resolving it finishes the collection', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('rate', {
          multiInstance: {
            inputCollection: '=["a", "b"]',
            inputElement: 'x',
            outputCollection: 'scores',
            outputElement: '=assert(score, score != null)',
          },
        })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');
    const [first, second] = engine.userTasks(pik);

    engine.completeUserTask(first!.key, {});
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    assert.equal(incident.elementInstanceKey, first!.elementInstanceKey);
    assert.match(incident.errorMessage, /output element of 'rate'/);

    engine.setVariables(first!.elementInstanceKey, { score: 3 }, true);
    engine.resolveIncident(incident.key);
    engine.completeUserTask(second!.key, { score: 5 });

    assert.deepEqual(engine.variables(pik).scores, [3, 5]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given a completion condition on the variables of the inner instance, when it becomes true, then the remaining sequential instances never start', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('try', {
          type: 'try',
          outputs: { found: '=found' },
          multiInstance: {
            sequential: true,
            inputCollection: 'suppliers',
            inputElement: 'supplier',
            completionCondition: '=found',
          },
        })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { suppliers: ['a', 'b', 'c'] });

    engine.completeJob(engine.jobs({ type: 'try' })[0]!.key, { found: false });
    engine.completeJob(engine.jobs({ type: 'try' })[0]!.key, { found: true });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.equal(engine.variables(pik).found, true);
    const started = engine
      .records(pik)
      .filter(
        (r) =>
          r.valueType === 'PROCESS_INSTANCE' &&
          r.intent === 'ELEMENT_ACTIVATING' &&
          r.value.bpmnElementType === 'SERVICE_TASK',
      );
    assert.equal(started.length, 2);
  });

  it('given a completion condition on the output collection, when inner instances complete in one command, then it sees each output element at once', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .task('t', {
          multiInstance: {
            sequential: true,
            inputCollection: '=[1, 2, 3, 4]',
            outputCollection: 'results',
            outputElement: '=loopCounter * 10',
            completionCondition: '=count(results[item != null]) >= 2',
          },
        })
        .endEvent('e')
        .build(),
    );

    const pik = engine.createInstance('p');

    assert.deepEqual(engine.variables(pik).results, [10, 20, null, null]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given a completion condition that is not a boolean, when an inner instance completes, then it stops at an incident', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .task('t', { multiInstance: { inputCollection: '=[1]', completionCondition: '=numberOfInstances' } })
        .endEvent('e')
        .build(),
    );

    const pik = engine.createInstance('p');

    const incident = onlyIncident(engine, pik);
    assert.match(incident.errorMessage, /to be 'BOOLEAN', but was 'NUMBER'.*completion condition of 't'/);
  });

  it('given a sequential collection that shrinks while it runs, when the next instance is due, then the body stops at an incident', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('step', {
          multiInstance: { sequential: true, inputCollection: 'steps', inputElement: 'name' },
        })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { steps: ['a', 'b'] });

    engine.setVariables(pik, { steps: ['a'] });
    engine.completeUserTask(engine.userTasks(pik)[0]!.key);

    const incident = onlyIncident(engine, pik);
    assert.match(incident.errorMessage, /to hold at least 2 elements, but it holds 1/);
    engine.setVariables(pik, { steps: ['a', 'b'] });
    engine.resolveIncident(incident.key);
    assert.equal(engine.userTasks(pik).length, 1);
    assert.equal(engine.variables(engine.userTasks(pik)[0]!.elementInstanceKey).name, 'b');
  });
});
