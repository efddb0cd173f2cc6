import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, lines, onlyIncident, onlyJob } from '../../support';

const child = (id = 'child', versionTag?: string) =>
  createProcess(id, versionTag ? { versionTag } : {})
    .startEvent('cs')
    .serviceTask('work', { type: `work-${id}` })
    .endEvent('ce')
    .build();

describe('CallActivityProcessor', () => {
  it('given a call activity, when the child completes, then its variables come back and the parent continues', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await child());
    engine.deploy(
      await createProcess('parent')
        .startEvent('s')
        .callActivity('call', { processId: 'child' })
        .userTask('after')
        .build(),
    );
    const pik = engine.createInstance('parent', { orderId: 'o-1' });
    const [, childKey] = engine.instanceKeys();
    assert.deepEqual(lines(engine.records(pik)).slice(-2), [
      'ELEMENT_ACTIVATED CALL_ACTIVITY call',
      'CHILD_INSTANCE CREATED child',
    ]);
    const childState = engine.state(childKey!);
    assert.equal(childState.parentProcessInstanceKey, pik);
    assert.equal(engine.state(pik).elements[childState.parentElementInstanceKey!]!.elementId, 'call');
    assert.deepEqual(engine.variables(childKey!), { orderId: 'o-1' });

    engine.completeJob(onlyJob(engine, 'work-child').key, { shipped: true });

    assert.equal(engine.instanceState(childKey!), 'COMPLETED');
    assert.ok(lines(engine.records(childKey!)).includes('PROCESS_INSTANCE_RESULT COMPLETED child'));
    assert.ok(lines(engine.records(pik)).includes('CHILD_INSTANCE COMPLETED child'));
    assert.deepEqual(engine.variables(pik), { orderId: 'o-1', shipped: true });
    assert.deepEqual(
      engine.userTasks(pik).map((t) => t.elementId),
      ['after'],
    );
    assertRebuildable(engine, pik);
    assertRebuildable(engine, childKey!);
  });

  it('given no propagation of all variables, when the child runs, then only the input mappings go in and only the output mappings come out', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await child());
    engine.deploy(
      await createProcess('parent')
        .startEvent('s')
        .callActivity('call', {
          processId: '="chi" + "ld"',
          propagateAllParentVariables: false,
          propagateAllChildVariables: false,
          inputs: { id: '=orderId' },
          outputs: { trackingNumber: '=tracking' },
        })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('parent', { orderId: 'o-1', secret: 'x' });
    const [, childKey] = engine.instanceKeys();
    assert.deepEqual(engine.variables(childKey!), { id: 'o-1' });

    engine.completeJob(onlyJob(engine, 'work-child').key, { tracking: 'T-9', noise: 1 });

    assert.deepEqual(engine.variables(pik), { orderId: 'o-1', secret: 'x', trackingNumber: 'T-9' });
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given a running child, when the parent is cancelled, then the child is cancelled too and reports nothing back', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await child());
    engine.deploy(
      await createProcess('parent')
        .startEvent('s')
        .callActivity('call', { processId: 'child' })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('parent');
    const [, childKey] = engine.instanceKeys();

    engine.cancel(pik);

    assert.ok(lines(engine.records(pik)).includes('CHILD_INSTANCE CANCELED child'));
    assert.equal(engine.instanceState(pik), 'TERMINATED');
    assert.equal(engine.instanceState(childKey!), 'TERMINATED');
    assert.equal(engine.jobs().length, 0);
  });

  it('given a timer boundary on the call activity, when it fires, then the child is cancelled and the boundary path runs', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await child());
    engine.deploy(
      await createProcess('parent')
        .startEvent('s')
        .callActivity('call', { processId: 'child' })
        .endEvent('e')
        .boundaryEvent('late', { attachedTo: 'call', timer: { duration: 'PT1M' } })
        .endEvent('gaveUp')
        .build(),
    );
    const pik = engine.createInstance('parent');
    const [, childKey] = engine.instanceKeys();

    engine.advanceClock(60_000);

    assert.equal(engine.instanceState(childKey!), 'TERMINATED');
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given a child cancelled on its own, when it ends, then the call activity and the scopes left empty are terminated', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await child());
    engine.deploy(
      await createProcess('parent')
        .startEvent('s')
        .callActivity('call', { processId: 'child' })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('parent');
    const [, childKey] = engine.instanceKeys();

    engine.cancel(childKey!);

    assert.deepEqual(lines(engine.records(pik)).slice(-5), [
      'CHILD_INSTANCE TERMINATED child',
      'ELEMENT_TERMINATING CALL_ACTIVITY call',
      'ELEMENT_TERMINATED CALL_ACTIVITY call',
      'ELEMENT_TERMINATING PROCESS parent',
      'ELEMENT_TERMINATED PROCESS parent',
    ]);
    assert.equal(engine.instanceState(pik), 'TERMINATED');
    assertRebuildable(engine, pik);
  });

  it('given a called process that is not deployed, when the call activity is reached, then a CALLED_ELEMENT_ERROR incident waits until it is', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('parent')
        .startEvent('s')
        .callActivity('call', { processId: 'child' })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('parent');
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'CALLED_ELEMENT_ERROR');
    assert.match(incident.errorMessage, /'child' to be deployed/);

    engine.deploy(await child());
    engine.resolveIncident(incident.key);
    engine.completeJob(onlyJob(engine, 'work-child').key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given binding types, when the child is created, then the version deployed with the parent or tagged is chosen', async () => {
    const engine = new InMemoryEngine();
    engine.deployAll([
      await child('a', 'v1'),
      await createProcess('parent')
        .startEvent('s')
        .parallelGateway('fork')
        .callActivity('sameDeployment', { processId: 'a', bindingType: 'deployment' })
        .moveTo('fork')
        .callActivity('tagged', { processId: 'a', bindingType: 'versionTag', versionTag: 'v1' })
        .moveTo('fork')
        .callActivity('latest', { processId: 'a' })
        .build(),
    ]);
    engine.deploy(await child('a', 'v2'));

    engine.createInstance('parent');

    const versions = engine
      .instanceKeys()
      .slice(1)
      .map((k) => engine.state(k).version);
    assert.deepEqual(versions, [1, 1, 2]);
  });

  it('given a parallel multi-instance call activity, when the children complete, then each result is collected', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await child());
    engine.deploy(
      await createProcess('parent')
        .startEvent('s')
        .callActivity('call', {
          processId: 'child',
          multiInstance: {
            inputCollection: '=[1, 2, 3]',
            inputElement: 'n',
            outputCollection: 'results',
            outputElement: '=r',
          },
        })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('parent');
    assert.equal(engine.instanceKeys().length, 4);

    for (const job of engine.jobs({ type: 'work-child' })) {
      engine.completeJob(job.key, { r: (engine.variables(job.processInstanceKey).n as number) * 10 });
    }

    assert.deepEqual(engine.variables(pik).results, [10, 20, 30]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });
});
