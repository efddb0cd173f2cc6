import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, lines } from '../../support';

describe('ReceiveTaskProcessor', () => {
  it('given a receive task, when the message with its correlation key arrives, then the task completes with the message variables', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .receiveTask('await', { message: { name: 'payment-received', correlationKey: '=orderId' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { orderId: 42 });
    const [sub] = engine.messageSubscriptions(pik);
    assert.equal(sub?.messageName, 'payment-received');
    assert.equal(sub?.correlationKey, '42', 'a numeric correlation key becomes its string');

    engine.publishMessage('payment-received', '41', { amount: 1 });
    assert.equal(engine.instanceState(pik), 'ACTIVE');
    engine.publishMessage('payment-received', '42', { amount: 10 });

    assert.equal(
      lines(engine.records(pik))
        .filter((l) => l.startsWith('MESSAGE_SUBSCRIPTION'))
        .join(),
      'MESSAGE_SUBSCRIPTION CREATED await,MESSAGE_SUBSCRIPTION CORRELATED await',
    );
    assert.equal(engine.variables(pik).amount, 10);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given a buffered message, when the receive task opens its subscription later, then it correlates at once', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .userTask('first')
        .receiveTask('await', { message: { name: 'ready', correlationKey: '=id' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { id: 'x' });
    engine.publishMessage('ready', 'x', { early: true }, { timeToLive: 60_000 });

    engine.completeUserTask(engine.userTasks(pik)[0]!.key);

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.equal(engine.variables(pik).early, true);
  });
});
