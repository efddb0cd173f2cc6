import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, onlyIncident, onlyJob } from '../../support';

async function shipping() {
  const engine = new InMemoryEngine();
  engine.deploy(
    await createProcess('p')
      .startEvent('s')
      .inclusiveGateway('fork')
      .condition('=insured')
      .serviceTask('insure', { type: 'insure' })
      .inclusiveGateway('join')
      .serviceTask('ship', { type: 'ship' })
      .moveTo('fork')
      .condition('=gift')
      .serviceTask('wrap', { type: 'wrap' })
      .connectTo('join')
      .moveTo('fork')
      .defaultFlow()
      .task('plain')
      .connectTo('join')
      .build(),
  );
  return engine;
}

describe('InclusiveGatewayProcessor', () => {
  it('given two true conditions, when the fork is reached, then both flows are taken and not the default', async () => {
    const engine = await shipping();
    engine.createInstance('p', { insured: true, gift: true });
    assert.deepEqual(
      engine.jobs().map((j) => j.type),
      ['insure', 'wrap'],
    );
  });

  it('given no true condition, when the fork is reached, then only the default flow is taken', async () => {
    const engine = await shipping();
    const pik = engine.createInstance('p', { insured: false, gift: false });
    assert.ok(completedElements(engine.records(pik)).includes('plain'));
    assert.equal(onlyJob(engine, 'ship').processInstanceKey, pik);
  });

  it('given a token that can still arrive, when the first branch reaches the join, then the join waits for it', async () => {
    const engine = await shipping();
    const pik = engine.createInstance('p', { insured: true, gift: true });

    engine.completeJob(onlyJob(engine, 'insure').key);

    assert.equal(engine.jobs({ type: 'ship' }).length, 0, 'the wrap branch can still reach the join');
    engine.completeJob(onlyJob(engine, 'wrap').key);
    assert.equal(engine.jobs({ type: 'ship' }).length, 1);
    assert.equal(completedElements(engine.records(pik)).filter((id) => id === 'join').length, 1);
    assertRebuildable(engine, pik);
  });

  it('given no other token that can arrive, when a branch reaches the join, then it fires at once', async () => {
    const engine = await shipping();
    engine.createInstance('p', { insured: true, gift: false });

    engine.completeJob(onlyJob(engine, 'insure').key);

    assert.equal(engine.jobs({ type: 'ship' }).length, 1);
  });

  it('given a waiting join, when the branch that could still arrive is terminated by a boundary, then the join fires', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .inclusiveGateway('fork')
        .condition('=true')
        .serviceTask('a', { type: 'a' })
        .inclusiveGateway('join')
        .serviceTask('after', { type: 'after' })
        .moveTo('fork')
        .condition('=true')
        .serviceTask('b', { type: 'b' })
        .connectTo('join')
        .boundaryEvent('timeout', { attachedTo: 'b', timer: { duration: 'PT1M' } })
        .endEvent('gaveUp')
        .build(),
    );
    engine.createInstance('p');
    engine.completeJob(onlyJob(engine, 'a').key);
    assert.equal(engine.jobs({ type: 'after' }).length, 0);

    engine.advanceClock(60_000);

    assert.equal(engine.jobs({ type: 'after' }).length, 1);
  });

  it('given no true condition and no default, when the fork is reached, then a CONDITION_ERROR incident is raised', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .inclusiveGateway('x')
        .condition('=a')
        .endEvent('e1')
        .moveTo('x')
        .condition('=b')
        .endEvent('e2')
        .build(),
    );

    const pik = engine.createInstance('p', { a: false, b: false });

    assert.equal(onlyIncident(engine, pik).errorType, 'CONDITION_ERROR');
  });
});
