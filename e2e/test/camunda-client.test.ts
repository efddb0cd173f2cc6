import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import type { TestDatabase } from '@osprey/testing';
import { migratedTestDatabase, startEngineProcess, until, type EngineProcess } from '../src';

type RestClient = ReturnType<Camunda8['getCamundaRestClient']>;

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../test/fixtures', name), 'utf8');
}

/** The HTTP status of an error the client threw (got's HTTPError, as the client raises it). */
function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; response?: { statusCode?: number } };
  return e.statusCode ?? e.response?.statusCode;
}

/** Fields the client's response types declare as always present, absent from `item`. */
function missing(item: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.filter((f) => item[f] === undefined);
}

describe('the official Camunda 8 TypeScript client (@camunda8/sdk) drives a real Osprey engine process', () => {
  let db: TestDatabase;
  let engine: EngineProcess;
  let camunda: Camunda8;
  let client: RestClient;

  before(async () => {
    db = await migratedTestDatabase('e2e_camunda_client');
    engine = await startEngineProcess({ databaseUrl: db.url });
    // The client as a Camunda 8 self-managed user configures it: the REST address, no OAuth.
    camunda = new Camunda8({
      ZEEBE_REST_ADDRESS: engine.url,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_LOG_LEVEL: 'none',
    });
    client = camunda.getCamundaRestClient();
  });

  after(async () => {
    client?.stopWorkers();
    await engine?.stop();
    await db?.drop();
  });

  /** Starts an instance of the order process; returns its key. */
  async function startOrder(orderId: string): Promise<string> {
    const created = await client.createProcessInstance({
      processDefinitionId: 'e2e-order-approval',
      variables: { orderId, amount: 250 },
    });
    return created.processInstanceKey;
  }

  /** Activates the stock-reservation job of one instance. */
  async function reservationJobOf(processInstanceKey: string) {
    return until(async () => {
      const jobs = await client.activateJobs({
        type: 'e2e-reserve-stock',
        worker: 'e2e-stock-worker',
        maxJobsToActivate: 10,
        timeout: 30_000,
        requestTimeout: 2_000,
        fetchVariable: ['orderId', 'amount'],
      });
      return jobs.find((j) => j.processInstanceKey === processInstanceKey);
    }, `the stock job of instance ${processInstanceKey}`);
  }

  /** The state of an instance, read through the client's search. */
  async function stateOf(processInstanceKey: string): Promise<string | undefined> {
    const found = await client.searchProcessInstances({ filter: { processInstanceKey } });
    return found.items[0]?.state;
  }

  it('reads the topology', async () => {
    const topology = await client.getTopology();
    assert.ok(topology.brokers.length >= 1);
  });

  // Given a process with a service task and a user task, and its form, deployed with the client.
  let deployment: Awaited<ReturnType<RestClient['deployResources']>>;
  before(async () => {
    deployment = await client.deployResources([
      { name: 'order-approval.bpmn', content: fixture('order-approval.bpmn') },
      { name: 'order-approval.form', content: fixture('order-approval.form') },
      { name: 'quote.bpmn', content: fixture('quote.bpmn') },
    ]);
  });

  it('answers the deployment of a process with a service task and a user task, and its form', () => {
    assert.match(deployment.deploymentKey, /^\d+$/);
    const order = deployment.processes.find((p) => p.processDefinitionId === 'e2e-order-approval');
    assert.ok(order, JSON.stringify(deployment));
    assert.equal(order.processDefinitionVersion, 1);
    assert.match(order.processDefinitionKey, /^\d+$/);
    assert.deepEqual(
      deployment.forms.map((f) => f.formId),
      ['e2e-order-approval-form'],
    );
  });

  it('runs an order end to end: job activated and completed, user task found and completed, instance completed', async () => {
    // given an instance created with variables
    const created = await client.createProcessInstance({
      processDefinitionId: 'e2e-order-approval',
      variables: { orderId: 'E2E-1', amount: 250, customer: 'ada' },
    });
    const key = created.processInstanceKey;
    assert.match(key, /^\d+$/);
    assert.equal(created.processDefinitionId, 'e2e-order-approval');
    assert.equal(created.processDefinitionVersion, 1);

    // when a worker activates the service task's job with the variables it needs
    const job = await reservationJobOf(key);
    // then it gets the job, its two variables and the task's headers
    assert.deepEqual({ ...job.variables }, { orderId: 'E2E-1', amount: 250 });
    assert.equal(job.elementId, 'reserve-stock');
    assert.equal((job.customHeaders as unknown as Record<string, unknown>).warehouse, 'north');
    assert.equal(job.retries, 3);
    // when it completes the job with its result
    await client.completeJob({ jobKey: job.jobKey, variables: { reservationId: 'R-77' } });

    // then the user task opens, found through the client's search
    const task = await until(async () => {
      const found = await client.searchUserTasks({ filter: { processInstanceKey: key, state: 'CREATED' } });
      return found.items[0];
    }, 'the approval task');
    assert.equal(task.elementId, 'approve-order');
    assert.equal(task.name, 'Approve order');
    assert.deepEqual(task.candidateGroups, ['managers']);
    // when an approver claims and completes it
    await client.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'grace', allowOverride: false });
    await client.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } });

    // then the instance is completed with every variable
    await until(async () => (await stateOf(key)) === 'COMPLETED', 'the instance to complete');
    const variables = await client.searchVariables({ filter: { processInstanceKey: key } });
    const values = Object.fromEntries(variables.items.map((v) => [v.name, JSON.parse(v.value)]));
    assert.deepEqual(values, {
      orderId: 'E2E-1',
      amount: 250,
      customer: 'ada',
      reservationId: 'R-77',
      approved: true,
    });
  });

  it('creates an instance and awaits its result', async () => {
    const result = await client.createProcessInstanceWithResult({
      processDefinitionId: 'e2e-quote',
      variables: { quantity: 3, unitPrice: 5 },
      fetchVariables: ['total'],
    });
    assert.deepEqual({ ...(result.variables as object) }, { total: 15 });
  });

  // The client posts the resolution with `content-type: application/json` and no body.
  it(
    'fails a job to an incident, then gives it retries and resolves the incident',
    async () => {
      // given an order whose stock job fails with no retries left
      const key = await startOrder('E2E-2');
      const job = await reservationJobOf(key);
      await client.failJob({
        jobKey: job.jobKey,
        retries: 0,
        errorMessage: 'warehouse offline',
        retryBackOff: 0,
      });
      // then the incident is found through the client
      const incident = await until(async () => {
        const found = await client.searchIncidents({ filter: { processInstanceKey: key, state: 'ACTIVE' } });
        return found.items[0];
      }, 'the incident');
      assert.equal(incident.errorType, 'JOB_NO_RETRIES');
      assert.equal(incident.jobKey, job.jobKey);
      // when an operator gives the job a retry and resolves the incident
      await client.updateJob({ jobKey: job.jobKey, retries: 1 });
      await client.resolveIncident(incident.incidentKey);
      // then the job is handed out again and the order moves on to the approval task
      const again = await reservationJobOf(key);
      assert.equal(again.jobKey, job.jobKey);
      await client.completeJob({ jobKey: again.jobKey, variables: {} });
      await until(
        async () => (await client.searchUserTasks({ filter: { processInstanceKey: key } })).items[0],
        'the approval task',
      );
    },
  );

  it(
    'searches user tasks with the filter names the client documents',
    async () => {
      const key = await startOrder('E2E-6');
      const job = await reservationJobOf(key);
      await client.completeJob({ jobKey: job.jobKey, variables: {} });
      const found = await until(
        async () =>
          (await client.searchUserTasks({ filter: { candidateGroup: 'managers', processInstanceKey: key } }))
            .items[0],
        'the task by candidate group',
      );
      assert.equal(found.elementId, 'approve-order');
    },
  );

  // The client sends the DELETE with `content-type: application/json` and no body.
  it('unassigns a user task', async () => {
    const key = await startOrder('E2E-7');
    const job = await reservationJobOf(key);
    await client.completeJob({ jobKey: job.jobKey, variables: {} });
    const task = await until(
      async () => (await client.searchUserTasks({ filter: { processInstanceKey: key } })).items[0],
      'the task',
    );
    await client.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'grace' });
    await client.unassignUserTask({ userTaskKey: task.userTaskKey });
    assert.equal((await client.getUserTask(task.userTaskKey)).assignee, undefined);
  });

  it('cancels an instance', async () => {
    const key = await startOrder('E2E-3');
    await client.cancelProcessInstance({ processInstanceKey: key });
    await until(async () => (await stateOf(key)) === 'TERMINATED', 'the instance to be terminated');
  });

  it('surfaces API errors as the status codes the client documents', async () => {
    // a second completion of a completed user task: 409
    const key = await startOrder('E2E-4');
    const job = await reservationJobOf(key);
    await client.completeJob({ jobKey: job.jobKey, variables: {} });
    const task = await until(
      async () => (await client.searchUserTasks({ filter: { processInstanceKey: key } })).items[0],
      'the task',
    );
    await client.completeUserTask({ userTaskKey: task.userTaskKey });
    await assert.rejects(
      client.completeUserTask({ userTaskKey: task.userTaskKey }),
      (e) => statusOf(e) === 409,
    );
    // a process that does not exist: 404
    await assert.rejects(
      client.createProcessInstance({ processDefinitionId: 'no-such-process', variables: {} }),
      (e) => statusOf(e) === 404,
    );
  });

  it(
    'answers every field the client declares as always present in search results',
    async () => {
      // given an instance waiting at its user task
      const key = await startOrder('E2E-5');
      const job = await reservationJobOf(key);
      await client.completeJob({ jobKey: job.jobKey, variables: {} });
      const task = await until(
        async () => (await client.searchUserTasks({ filter: { processInstanceKey: key } })).items[0],
        'the task',
      );
      const instances = await client.searchProcessInstances({ filter: { processInstanceKey: key } });
      const variables = await client.searchVariables({ filter: { processInstanceKey: key } });
      // then each result carries the fields of the client's types (C8Dto: UserTask, ProcessInstanceDetails, VariableDetails)
      const gaps = {
        'POST /v2/user-tasks/search items': missing(task as never, [
          'userTaskKey',
          'name',
          'state',
          'elementId',
          'elementInstanceKey',
          'processDefinitionId',
          'processDefinitionKey',
          'processDefinitionVersion',
          'processInstanceKey',
          'creationDate',
          'tenantId',
          'customHeaders',
          'priority',
        ]),
        'POST /v2/process-instances/search items': missing(instances.items[0] as never, [
          'processInstanceKey',
          'processDefinitionKey',
          'processDefinitionId',
          'processDefinitionName',
          'processDefinitionVersion',
          'state',
          'startDate',
          'tenantId',
          'hasIncident',
        ]),
        'POST /v2/variables/search items': missing(variables.items[0] as never, [
          'variableKey',
          'scopeKey',
          'processInstanceKey',
          'name',
          'tenantId',
          'value',
          'isTruncated',
        ]),
        'POST /v2/*/search page': missing(instances.page as never, [
          'totalItems',
          'startCursor',
          'endCursor',
        ]),
      };
      assert.deepEqual(
        Object.entries(gaps).filter(([, fields]) => fields.length > 0),
        [],
      );
    },
  );
});
