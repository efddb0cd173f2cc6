import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../src';
import { assertRebuildable, lines, onlyIncident, onlyJob } from '../support';

describe('incidents: FEEL failures and their resolution', () => {
  it('given an input mapping asserting a missing variable, when the task activates, then it stays ACTIVATING with an IO_MAPPING_ERROR; fixing and resolving continues', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('t', { type: 't', inputs: { amount: '=assert(order.total, order != null)' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');

    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'IO_MAPPING_ERROR');
    assert.match(incident.errorMessage, /Failed to evaluate input mapping for 'amount'/);
    assert.equal(engine.state(pik).elements[incident.elementInstanceKey]?.state, 'ACTIVATING');
    assert.equal(engine.state(pik).incidents[incident.key]?.retry, 'activate');
    assert.equal(engine.jobs().length, 0);

    engine.setVariables(pik, { order: { total: 99 } });
    engine.resolveIncident(incident.key);

    assert.deepEqual(lines(engine.lastRecords()), [
      'INCIDENT RESOLVED IO_MAPPING_ERROR t',
      'VARIABLE CREATED amount=99',
      'ELEMENT_ACTIVATED SERVICE_TASK t',
      'JOB CREATED t',
    ]);
    engine.completeJob(onlyJob(engine, 't').key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given an output mapping that fails, when the task completes, then it stays COMPLETING; resolving after a fix completes it', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('t', { type: 't', outputs: { total: '=net + assert(tax, tax != null)' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');
    const job = onlyJob(engine, 't');
    engine.completeJob(job.key, { net: 100 });

    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'IO_MAPPING_ERROR');
    assert.equal(engine.state(pik).elements[job.elementInstanceKey]?.state, 'COMPLETING');
    assert.equal(engine.state(pik).incidents[incident.key]?.retry, 'complete');

    engine.setVariables(job.elementInstanceKey, { tax: 19 }, true);
    engine.resolveIncident(incident.key);

    assert.equal(engine.variables(pik).total, 119);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given an input mapping on a missing variable, when the task activates, then the variable is null, as in Camunda 8', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .serviceTask('t', { type: 't', inputs: { amount: '=order.total' } })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');
    assert.equal(engine.incidents(pik).length, 0);
    const job = onlyJob(engine, 't');
    assert.equal(engine.state(pik).variables[job.elementInstanceKey]?.amount, null);
  });

  it('given a FEEL syntax error, when deployed, then the deployment is refused naming the element and the place', async () => {
    // A diagram cannot carry one to the interpreter: the compiler refuses it first.
    await assert.rejects(createProcess('p').startEvent('s').serviceTask('t', { type: '=1 +* 2' }).build(), (error: Error) => {
      assert.match(error.message, /'t': Expected a valid FEEL expression as the job type of service task 't', but '=1 \+\* 2' does not parse: it has a syntax error at character 4/);
      return true;
    });
  });

  it('given an incident on one branch, when the other branch continues, then the instance keeps running', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .parallelGateway('f')
        .scriptTask('broken', { expression: '=assert(nope, nope != null)', resultVariable: 'r' })
        .endEvent('e1')
        .moveTo('f')
        .serviceTask('fine', { type: 'fine' })
        .endEvent('e2')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.completeJob(onlyJob(engine, 'fine').key);

    assert.equal(engine.incidents(pik).length, 1);
    assert.ok(lines(engine.records(pik)).includes('ELEMENT_COMPLETED END_EVENT e2'));
    assert.equal(engine.instanceState(pik), 'ACTIVE');
  });

  it('given an unknown incident key, when resolved, then the command is rejected NOT_FOUND', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(await createProcess('p').startEvent('s').userTask('u').build());
    const pik = engine.createInstance('p');
    assert.throws(() => engine.send(pik, { type: 'RESOLVE_INCIDENT', incidentKey: '1' }), {
      name: 'CommandRejection',
      code: 'NOT_FOUND',
    });
  });
});
