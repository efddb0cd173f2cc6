import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { onlyIncident, onlyJob } from '../../support';

describe('ScriptTaskProcessor', () => {
  it('given a FEEL script, when reached, then its result is stored in the result variable', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .scriptTask('sum', { expression: '=sum(items)', resultVariable: 'total' })
        .endEvent('e')
        .build(),
    );

    const pik = engine.createInstance('p', { items: [1, 2, 3.5] });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.equal(engine.variables(pik).total, 6.5);
  });

  it('given a script with output mappings, when reached, then the result is local and only the mapped value propagates', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .scriptTask('sum', { expression: '=a + b', resultVariable: 'raw', outputs: { doubled: '=raw * 2' } })
        .endEvent('e')
        .build(),
    );

    const pik = engine.createInstance('p', { a: 1, b: 2 });

    assert.deepEqual(engine.variables(pik), { a: 1, b: 2, doubled: 6 });
  });

  it('given a script that fails, when reached, then an incident is raised; fixing the variable and resolving continues', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .scriptTask('calc', { expression: '=price * assert(quantity, quantity != null)', resultVariable: 'total' })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { price: 3 });
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');

    engine.setVariables(pik, { quantity: 4 });
    engine.resolveIncident(incident.key);

    assert.equal(engine.variables(pik).total, 12);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given a script task with a job definition, when reached, then a job is created', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .scriptTask('js', { job: { type: 'script-runner' } })
        .build(),
    );
    engine.createInstance('p');
    assert.equal(onlyJob(engine, 'script-runner').elementId, 'js');
  });
});
