import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, lines, onlyIncident } from '../../support';

describe('IntermediateCatchEventProcessor', () => {
  it('given a timer catch with a duration, when the clock reaches its due date, then it completes', async () => {
    const engine = new InMemoryEngine({ now: '2026-01-01T00:00:00Z' });
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .intermediateCatchEvent('wait', { timer: { duration: 'P1DT2H' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');
    const [timer] = engine.timers(pik);
    assert.equal(new Date(timer!.dueDate).toISOString(), '2026-01-02T02:00:00.000Z');
    assert.equal(timer?.repetitions, 1);

    engine.advanceClock(26 * 60 * 60 * 1000 - 1);
    assert.equal(engine.instanceState(pik), 'ACTIVE');
    engine.advanceClock(1);

    assert.deepEqual(lines(engine.lastRecords()).slice(0, 3), [
      'TIMER TRIGGERED wait',
      'ELEMENT_COMPLETING INTERMEDIATE_CATCH_EVENT wait',
      'ELEMENT_COMPLETED INTERMEDIATE_CATCH_EVENT wait',
    ]);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given a timer catch with a FEEL date, when activated, then the date is evaluated', async () => {
    const engine = new InMemoryEngine({ now: '2026-01-01T00:00:00Z' });
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .intermediateCatchEvent('wait', { timer: { date: '=deadline' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { deadline: '2026-03-01T09:30:00+01:00' });
    assert.equal(new Date(engine.timers(pik)[0]!.dueDate).toISOString(), '2026-03-01T08:30:00.000Z');
  });

  it('given a message catch, when the message correlates, then its variables propagate and the event completes', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .intermediateCatchEvent('paid', { message: { name: 'paid', correlationKey: '=orderId' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p', { orderId: 'A' });

    engine.publishMessage('paid', 'A', { amount: 5 });

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'paid', 'e', 'p']);
    assert.deepEqual(engine.variables(pik), { orderId: 'A', amount: 5 });
  });

  it('given a message catch whose correlation key is missing, when activated, then an incident is raised and resolving opens the subscription', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .intermediateCatchEvent('paid', { message: { name: 'paid', correlationKey: '=orderId' } })
        .build(),
    );
    const pik = engine.createInstance('p');
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    assert.equal(engine.messageSubscriptions(pik).length, 0);

    engine.setVariables(pik, { orderId: 'late' });
    engine.resolveIncident(incident.key);

    assert.equal(engine.messageSubscriptions(pik)[0]?.correlationKey, 'late');
  });

  it('given a signal catch, when the signal is broadcast, then it completes with the signal variables', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .intermediateCatchEvent('go', { signal: 'start-shipping' })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.equal(engine.signalSubscriptions(pik)[0]?.signalName, 'start-shipping');

    engine.broadcastSignal('start-shipping', { wave: 2 });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.equal(engine.variables(pik).wave, 2);
    assert.ok(lines(engine.records(pik)).includes('SIGNAL_SUBSCRIPTION DELETED go'));
    assertRebuildable(engine, pik);
  });
});
