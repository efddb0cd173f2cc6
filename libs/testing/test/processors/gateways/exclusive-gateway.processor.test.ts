import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, completedElements, lines, onlyIncident } from '../../support';

async function decision() {
  const engine = new InMemoryEngine();
  engine.deploy(
    await createProcess('p')
      .startEvent('s')
      .exclusiveGateway('decide')
      .condition('=total > 1000', 'big')
      .endEvent('manual')
      .moveTo('decide')
      .condition('=total > 100', 'medium')
      .endEvent('checked')
      .moveTo('decide')
      .defaultFlow('small')
      .endEvent('auto')
      .build(),
  );
  return engine;
}

describe('ExclusiveGatewayProcessor', () => {
  it('given several true conditions, when the gateway is reached, then only the first in document order is taken', async () => {
    const engine = await decision();
    const pik = engine.createInstance('p', { total: 5000 });
    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'decide', 'manual', 'p']);
    assert.ok(lines(engine.records(pik)).includes('SEQUENCE_FLOW_TAKEN big'));
    assert.ok(!lines(engine.records(pik)).includes('SEQUENCE_FLOW_TAKEN medium'));
  });

  it('given no true condition, when the gateway is reached, then the default flow is taken', async () => {
    const engine = await decision();
    const pik = engine.createInstance('p', { total: 5 });
    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'decide', 'auto', 'p']);
  });

  it('given a condition on a missing variable, when reached, then an EXTRACT_VALUE_ERROR incident stops the gateway until the variable is set and the incident resolved', async () => {
    const engine = await decision();
    const pik = engine.createInstance('p');
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    assert.match(incident.errorMessage, /Variable 'total' not found/);
    assert.equal(engine.state(pik).elements[incident.elementInstanceKey]?.state, 'ACTIVATED');

    engine.setVariables(pik, { total: 500 });
    engine.resolveIncident(incident.key);

    assert.deepEqual(completedElements(engine.records(pik)), ['s', 'decide', 'checked', 'p']);
    assertRebuildable(engine, pik);
  });

  it('given no true condition and no default flow, when reached, then a CONDITION_ERROR incident is raised', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .exclusiveGateway('x')
        .condition('=false')
        .endEvent('a')
        .moveTo('x')
        .condition('=ok = true')
        .endEvent('b')
        .build(),
    );

    const pik = engine.createInstance('p', { ok: false });

    assert.equal(onlyIncident(engine, pik).errorType, 'CONDITION_ERROR');
  });

  it('given a condition that is not boolean, when reached, then an EXTRACT_VALUE_ERROR incident names the type', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .exclusiveGateway('x')
        .condition('=total')
        .endEvent('a')
        .moveTo('x')
        .defaultFlow()
        .endEvent('b')
        .build(),
    );

    const pik = engine.createInstance('p', { total: 3 });

    assert.match(
      onlyIncident(engine, pik).errorMessage,
      /Expected result of the expression 'total' to be 'BOOLEAN', but was 'NUMBER'/,
    );
  });
});
