import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../src';
import { lines, onlyJob } from '../support';

describe('variables: scoping and propagation', () => {
  it('given input mappings, when a task activates, then the mapped values are local to the task and invisible to the process', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('t', { type: 't', inputs: { amount: '=order.total', currency: 'EUR' } })
        .build(),
    );
    const pik = engine.createInstance('p', { order: { total: 12 } });
    const job = onlyJob(engine, 't');

    assert.deepEqual(engine.variables(job.elementInstanceKey), { amount: 12, currency: 'EUR' });
    assert.deepEqual(engine.variables(pik), { order: { total: 12 } });
  });

  it('given a job without output mappings, when completed, then each variable goes to the nearest scope that has it, else to the process', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess(
          'sub',
          (b) => b.startEvent('in').serviceTask('t', { type: 't', inputs: { local: 'task-only' } }),
          { inputs: { counter: 0 } },
        )
        .build(),
    );
    const pik = engine.createInstance('p', { status: 'new' });
    const job = onlyJob(engine, 't');
    const subKey = engine.state(pik).elements[job.elementInstanceKey]!.flowScopeKey!;

    engine.completeJob(job.key, { counter: 1, status: 'done', fresh: true, local: 'from-job' });

    assert.deepEqual(engine.variables(subKey), { counter: 1 });
    assert.deepEqual(engine.variables(pik), { status: 'done', fresh: true, local: 'from-job' });
    // Propagation starts at the flow scope: the task's own input variable is not updated.
    assert.deepEqual(engine.variables(job.elementInstanceKey), { local: 'task-only' });
  });

  it('given output mappings, when a job completes, then its variables are local and only the mapped results propagate', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('t', {
          type: 't',
          outputs: { 'customer.score': '=score * 10', verdict: '=if score > 5 then "good" else "bad"' },
        })
        .build(),
    );
    const pik = engine.createInstance('p', { customer: { name: 'Ada' } });
    const job = onlyJob(engine, 't');

    engine.completeJob(job.key, { score: 7, noise: 'x' });

    assert.deepEqual(engine.variables(pik), { customer: { name: 'Ada', score: 70 }, verdict: 'good' });
    assert.deepEqual(engine.variables(job.elementInstanceKey), { score: 7, noise: 'x' });
  });

  it('given a value equal to the current one, when set again, then no VARIABLE record is written', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await createProcess('p').startEvent('s').serviceTask('t', { type: 't' }).build());
    const pik = engine.createInstance('p', { cart: { items: [1, 2], total: 3 } });

    engine.completeJob(onlyJob(engine, 't').key, { cart: { total: 3, items: [1, 2] }, other: 1 });

    assert.deepEqual(
      lines(engine.lastRecords()).filter((l) => l.startsWith('VARIABLE')),
      ['VARIABLE CREATED other=1'],
    );
    assert.equal(
      engine.records(pik).filter((r) => r.valueType === 'VARIABLE' && r.value.name === 'cart').length,
      1,
    );
  });

  it('given a changed value, when set, then VARIABLE UPDATED with key scope:name is written', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await createProcess('p').startEvent('s').serviceTask('t', { type: 't' }).build());
    const pik = engine.createInstance('p', { n: 1 });

    engine.completeJob(onlyJob(engine, 't').key, { n: 2 });

    const update = engine.lastRecords().find((r) => r.valueType === 'VARIABLE');
    assert.equal(update?.intent, 'UPDATED');
    assert.equal(update?.key, `${pik}:n`);
  });

  it('given SET_VARIABLES, when local, then only that scope changes; when not local, then it propagates like a job result', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .subProcess('sub', (b) => b.startEvent('in').userTask('u'), { inputs: { x: 1 } })
        .build(),
    );
    const pik = engine.createInstance('p');
    const subKey = Object.values(engine.state(pik).elements).find((e) => e.elementId === 'sub')!.key;

    engine.setVariables(subKey, { y: 'local' }, true);
    engine.setVariables(subKey, { x: 2, z: 'up' });

    assert.deepEqual(engine.variables(subKey), { x: 2, y: 'local' });
    assert.deepEqual(engine.variables(pik), { z: 'up' });
  });

  it('given a variable in an inner scope, when an expression reads that name, then the inner value shadows the outer one', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('t', { type: '="queue-" + region', inputs: { region: 'eu' } })
        .build(),
    );
    engine.createInstance('p', { region: 'us' });
    assert.equal(engine.jobs()[0]?.type, 'queue-eu');
  });

  it('given later input mappings, when evaluated, then they see the results of earlier ones', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('t', { type: 't', inputs: { a: '=1', b: '=a + 1', 'c.d': '=b' } })
        .build(),
    );
    engine.createInstance('p');
    assert.deepEqual(engine.variables(onlyJob(engine, 't').elementInstanceKey), { a: 1, b: 2, c: { d: 2 } });
  });
});
