import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyRecord, emptyState, rebuildState } from '@osprey/runtime';
import { InMemoryEngine } from '../../src';
import { onlyJob } from '../support';
import { orderFulfilment } from '../scenarios/order-fulfilment.fixture';

describe('state rebuilt from records', () => {
  it('given a run through many commands, when its record stream is folded into a fresh state after every command, then each fold equals the engine state', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await orderFulfilment());
    const pik = engine.createInstance('order-fulfilment', {
      orderId: 'X',
      orderTotal: 5000,
      paymentRetries: 1,
      items: [{ sku: 'S' }],
      accountManager: 'ada',
    });
    const steps: (() => void)[] = [
      () => engine.failJob(onlyJob(engine, 'payment').key, 0, 'down'),
      () => engine.resolveIncident(engine.incidents(pik)[0]!.key),
      () => engine.completeJob(onlyJob(engine, 'payment').key),
      () => engine.completeJob(onlyJob(engine, 'inventory').key, { reservationId: 'R' }),
      () => engine.advanceClock(48 * 60 * 60 * 1000),
      () => engine.completeJob(onlyJob(engine, 'escalation').key),
      () => engine.publishMessage('payment-confirmed', 'X'),
      () => engine.completeJob(onlyJob(engine, 'shipping').key),
    ];
    const folded = emptyState(pik);
    let seen = 0;
    for (const step of steps) {
      step();
      const records = engine.records(pik);
      for (; seen < records.length; seen++) applyRecord(folded, records[seen]!);
      assert.deepEqual(folded, engine.state(pik));
    }
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.deepEqual(rebuildState(engine.records(pik)), engine.state(pik));
  });
});
