import assert from 'node:assert/strict';
import type { ProcessGraph } from '@osprey/bpmn';
import { before, describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, onlyJob } from '../../support';

describe('ParallelGatewayProcessor', () => {
  let graph: ProcessGraph;
  before(async () => {
    graph = await createProcess('p')
      .startEvent('s')
      .parallelGateway('fork')
      .serviceTask('a', { type: 'a' })
      .parallelGateway('join')
      .endEvent('e')
      .moveTo('fork')
      .serviceTask('b', { type: 'b' })
      .connectTo('join')
      .build();
  });

  it('given a fork, when reached, then every outgoing flow gets a token', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(graph);
    engine.createInstance('p');
    assert.equal(engine.jobs().length, 2);
  });

  it('given a join, when only one branch arrived, then it waits; when the other arrives, it fires once', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(graph);
    const pik = engine.createInstance('p');

    engine.completeJob(onlyJob(engine, 'a').key);
    const scope = engine.state(pik).elements[pik]!;
    assert.deepEqual(Object.keys(scope.joins?.join ?? {}).length, 1);
    assert.ok(!completedElements(engine.records(pik)).includes('join'));

    engine.completeJob(onlyJob(engine, 'b').key);
    assert.deepEqual(
      completedElements(engine.records(pik)).filter((id) => id === 'join'),
      ['join'],
    );
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given two tokens waiting on one incoming flow, when the other flow arrives, then the join consumes one token from each flow', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('fork')
        .parallelGateway('twice')
        .exclusiveGateway('merge')
        .flowId('toJoin')
        .parallelGateway('join')
        .serviceTask('after', { type: 'after' })
        .moveTo('twice')
        .connectTo('merge')
        .moveTo('fork')
        .userTask('other')
        .connectTo('join')
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.deepEqual(engine.state(pik).elements[pik]!.joins, { join: { toJoin: 2 } });

    engine.completeUserTask(engine.userTasks(pik)[0]!.key);

    assert.equal(engine.jobs({ type: 'after' }).length, 1);
    assert.deepEqual(engine.state(pik).elements[pik]!.joins, { join: { toJoin: 1 } });
  });
});
