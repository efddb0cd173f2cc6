import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProcess, InMemoryEngine } from '../../../src';
import { assertRebuildable, lines, onlyIncident, onlyJob } from '../../support';

async function oneTask(opts: Parameters<ReturnType<typeof createProcess>['serviceTask']>[1]) {
  const engine = new InMemoryEngine();
  engine.deploy(await createProcess('p').startEvent('s').serviceTask('task', opts).endEvent('e').build());
  return engine;
}

describe('ServiceTaskProcessor', () => {
  it('given a service task, when activated, then a job is created with its type, retries and headers', async () => {
    const engine = await oneTask({ type: 'payment', retries: 5, headers: { region: 'eu' } });

    const pik = engine.createInstance('p');

    const job = onlyJob(engine, 'payment');
    assert.equal(job.retries, 5);
    assert.deepEqual(job.customHeaders, { region: 'eu' });
    assert.equal(job.elementId, 'task');
    assert.equal(engine.state(pik).elements[job.elementInstanceKey]?.jobKey, job.key);
  });

  it('given FEEL job type and retries, when activated, then both are evaluated', async () => {
    const engine = await oneTask({ type: '="pay-" + region', retries: '=maxRetries' });

    engine.createInstance('p', { region: 'eu', maxRetries: 7 });

    assert.equal(onlyJob(engine, 'pay-eu').retries, 7);
  });

  it('given a waiting job, when completed, then the variables propagate to the process and the task completes', async () => {
    const engine = await oneTask({ type: 'work' });
    const pik = engine.createInstance('p');

    engine.completeJob(onlyJob(engine, 'work').key, { result: 'ok' });

    assert.equal(lines(engine.lastRecords())[0], 'JOB COMPLETED task');
    assert.deepEqual(engine.variables(pik), { result: 'ok' });
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given a failing job with retries left, when failed, then only a JOB FAILED record is written', async () => {
    const engine = await oneTask({ type: 'work' });
    const pik = engine.createInstance('p');
    const job = onlyJob(engine, 'work');

    engine.failJob(job.key, 2, 'timeout', 1000);

    assert.deepEqual(lines(engine.lastRecords()), ['JOB FAILED task']);
    assert.equal(engine.incidents(pik).length, 0);
    assert.equal(onlyJob(engine, 'work').retries, 2);
  });

  it('given a job out of retries, when resolved, then the job becomes activatable and its completion continues the instance', async () => {
    const engine = await oneTask({ type: 'work' });
    const pik = engine.createInstance('p');
    const job = onlyJob(engine, 'work');

    engine.failJob(job.key, 0, 'service down');
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'JOB_NO_RETRIES');
    assert.equal(incident.errorMessage, 'service down');
    assert.equal(incident.jobKey, job.key);
    assert.equal(engine.jobs({ activatable: true }).length, 0);

    engine.resolveIncident(incident.key, { retries: 2 });
    assert.deepEqual(lines(engine.lastRecords()), ['INCIDENT RESOLVED JOB_NO_RETRIES task']);
    assert.equal(engine.jobs({ activatable: true })[0]?.key, job.key);

    engine.completeJob(job.key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given a job, when completed by the wrong element instance or twice, then the command is rejected', async () => {
    const engine = await oneTask({ type: 'work' });
    const pik = engine.createInstance('p');
    const job = onlyJob(engine, 'work');

    assert.throws(
      () =>
        engine.send(pik, {
          type: 'COMPLETE_JOB',
          jobKey: 'nope',
          elementInstanceKey: job.elementInstanceKey,
          variables: {},
        }),
      {
        name: 'CommandRejection',
        code: 'INVALID_STATE',
      },
    );
    assert.throws(
      () =>
        engine.send(pik, { type: 'COMPLETE_JOB', jobKey: job.key, elementInstanceKey: '404', variables: {} }),
      {
        name: 'CommandRejection',
        code: 'NOT_FOUND',
      },
    );
    engine.completeJob(job.key);
    assert.throws(
      () =>
        engine.send(pik, {
          type: 'COMPLETE_JOB',
          jobKey: job.key,
          elementInstanceKey: job.elementInstanceKey,
          variables: {},
        }),
      {
        name: 'CommandRejection',
        code: 'INVALID_STATE',
      },
    );
  });

  it('given a job whose type does not evaluate, when activated, then an incident is raised and resolving after fixing the variable creates the job', async () => {
    const engine = await oneTask({ type: '=jobType' });
    const pik = engine.createInstance('p');
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.errorType, 'EXTRACT_VALUE_ERROR');
    assert.match(incident.errorMessage, /jobType/);

    engine.setVariables(pik, { jobType: 'late' });
    engine.resolveIncident(incident.key);

    assert.equal(onlyJob(engine, 'late').elementId, 'task');
    assertRebuildable(engine, pik);
  });

  it('given a job, when a worker throws an error nobody catches, then an incident holds the job until resolved', async () => {
    const engine = await oneTask({ type: 'work' });
    const pik = engine.createInstance('p');
    const job = onlyJob(engine, 'work');

    engine.throwError(job.key, 'NO_STOCK', 'out of stock');

    assert.deepEqual(lines(engine.lastRecords()), [
      'JOB ERROR_THROWN task',
      'INCIDENT CREATED UNHANDLED_ERROR_EVENT task',
    ]);
    const incident = onlyIncident(engine, pik);
    assert.equal(incident.jobKey, job.key);
    engine.resolveIncident(incident.key);
    engine.completeJob(job.key);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });
});

describe('SendTaskProcessor and BusinessRuleTaskProcessor', () => {
  it('given send and business-rule tasks, when reached, then each creates a job', async () => {
    const engine = new InMemoryEngine();
    engine.deploy(
      await createProcess('p')
        .startEvent('s')
        .sendTask('send', { type: 'mail' })
        .businessRuleTask('rule', { type: 'dmn' })
        .endEvent('e')
        .build(),
    );
    const pik = engine.createInstance('p');

    engine.completeJob(onlyJob(engine, 'mail').key);
    engine.completeJob(onlyJob(engine, 'dmn').key, { decision: 'approve' });

    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.deepEqual(engine.variables(pik), { decision: 'approve' });
  });
});
