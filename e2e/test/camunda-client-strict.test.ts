import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createCamundaClient, type CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { TestDatabase } from '@osprey/testing';
import { migratedTestDatabase, startEngineProcess, until, type EngineProcess } from '../src';

const fixture = (name: string) => join(__dirname, '../../test/fixtures', name);

describe('the official Camunda 8.8 client (@camunda8/orchestration-cluster-api) in strict validation mode', () => {
  let db: TestDatabase;
  let engine: EngineProcess;
  let client: CamundaClient;

  before(async () => {
    db = await migratedTestDatabase('e2e_camunda_strict');
    engine = await startEngineProcess({ databaseUrl: db.url });
    // As its README recommends: strict on requests and responses. In this mode the client sends
    // every int64 (timeouts, time-to-live, back-off) as a JSON string.
    client = createCamundaClient({
      config: {
        CAMUNDA_REST_ADDRESS: engine.url,
        CAMUNDA_AUTH_STRATEGY: 'NONE',
        CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict',
        CAMUNDA_SDK_LOG_LEVEL: 'silent',
      },
    });
  });

  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  async function jobOf(type: string, processInstanceKey: string) {
    return until(async () => {
      const { jobs } = await client.activateJobs({
        type,
        worker: 'e2e-strict-worker',
        maxJobsToActivate: 10,
        timeout: 30_000,
        requestTimeout: 1_000,
      });
      return jobs.find((j) => j.processInstanceKey === processInstanceKey);
    }, `a ${type} job of instance ${processInstanceKey}`);
  }

  it('deploys, starts, fails and completes jobs, publishes a message and steers an ad-hoc sub-process', async () => {
    const deployment = await client.deployResourcesFromFiles([fixture('strict-client.bpmn')]);
    assert.equal(deployment.processes[0]?.processDefinitionId, 'e2e-strict-client');

    const created = await client.createProcessInstance({
      processDefinitionId: 'e2e-strict-client' as never,
      variables: { orderId: 'S-1' },
    });
    const key = created.processInstanceKey;

    // a failure with a back-off (int64), then a completion
    const first = await jobOf('e2e-strict-charge', key);
    await client.failJob({ jobKey: first.jobKey, retries: 2, retryBackOff: 0, errorMessage: 'card declined once' });
    const second = await jobOf('e2e-strict-charge', key);
    assert.equal(second.retries, 2);
    await client.completeJob({ jobKey: second.jobKey, variables: { charged: true } });

    // a message with a time-to-live (int64)
    await client.publishMessage({ name: 'e2e-strict-paid', correlationKey: 'S-1', timeToLive: 60_000, variables: {} });

    // the ad-hoc sub-process waits until the client starts one of its elements
    const adHoc = await until(async () => {
      const found = await client.searchElementInstances({ filter: { processInstanceKey: key, elementId: 'Activity_followUp' as never } }, { consistency: { waitUpToMs: 0 } });
      return found.items?.find((e) => e.state === 'ACTIVE');
    }, 'the ad-hoc sub-process');
    await client.activateAdHocSubProcessActivities({
      adHocSubProcessInstanceKey: adHoc.elementInstanceKey,
      elements: [{ elementId: 'Activity_thank' as never }],
    });
    const thank = await jobOf('e2e-strict-thank', key);
    await client.completeJob({ jobKey: thank.jobKey, variables: {} });

    // and the client's own search, strictly validated, sees the instance complete
    await until(async () => {
      const found = await client.searchProcessInstances({ filter: { processInstanceKey: key } }, { consistency: { waitUpToMs: 0 } });
      return found.items[0]?.state === 'COMPLETED';
    }, 'the instance to complete');
  });
});
