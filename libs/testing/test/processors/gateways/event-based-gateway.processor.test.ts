import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, lines } from '../../support';

async function race() {
  const engine = new InMemoryEngine();
  engine.deploy(
    await createProcess('p')
      .startEvent('s')
      .eventBasedGateway('race')
      .intermediateCatchEvent('paid', { message: { name: 'payment', correlationKey: '=orderId' } })
      .endEvent('done')
      .moveTo('race')
      .intermediateCatchEvent('late', { timer: { duration: 'PT1H' } })
      .endEvent('cancelled')
      .build(),
  );
  return engine;
}

describe('EventBasedGatewayProcessor', () => {
  it('given an event-based gateway, when activated, then it opens a subscription per following event', async () => {
    const engine = await race();
    const pik = engine.createInstance('p', { orderId: 'o-1' });
    assert.equal(engine.messageSubscriptions(pik).length, 1);
    assert.equal(engine.timers(pik).length, 1);
    assert.equal(engine.messageSubscriptions(pik)[0]?.targetElementId, 'paid');
  });

  it('given the message arrives first, when it correlates, then the timer is cancelled and the message path completes with its variables', async () => {
    const engine = await race();
    const pik = engine.createInstance('p', { orderId: 'o-1' });

    engine.publishMessage('payment', 'o-1', { amount: 99 });

    assert.deepEqual(lines(engine.lastRecords()).slice(0, 6), [
      'MESSAGE_SUBSCRIPTION CORRELATED paid',
      'ELEMENT_COMPLETING EVENT_BASED_GATEWAY race',
      'TIMER CANCELED late',
      'ELEMENT_COMPLETED EVENT_BASED_GATEWAY race',
      'SEQUENCE_FLOW_TAKEN ' + lines(engine.lastRecords())[4]!.split(' ')[1],
      'ELEMENT_ACTIVATING INTERMEDIATE_CATCH_EVENT paid',
    ]);
    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'race', 'paid', 'done', 'p']);
    assert.equal(engine.variables(pik).amount, 99);
    assert.equal(engine.timers().length, 0);
    assertRebuildable(engine, pik);
  });

  it('given the timer fires first, when it triggers, then the message subscription is deleted and the timer path runs', async () => {
    const engine = await race();
    const pik = engine.createInstance('p', { orderId: 'o-1' });

    engine.advanceClock(60 * 60 * 1000);

    assert.ok(lines(engine.lastRecords()).includes('MESSAGE_SUBSCRIPTION DELETED paid'));
    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'race', 'late', 'cancelled', 'p']);
    assert.equal(engine.messageSubscriptions().length, 0);
  });
});
