import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t"`;
const job = (id: string, type: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>`;
const definitions = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}><bpmn:process id="claim" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;

/** v1: s → review → e. */
const V1 = definitions(`
  <bpmn:startEvent id="s" />${job('review', 'review')}<bpmn:endEvent id="e" />
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e" />`);

/** v2: s → assess (was review; same job type, a 1-hour boundary timer) → notify → e. */
const V2 = definitions(`
  <bpmn:startEvent id="s" />${job('assess', 'review')}${job('notify', 'notify')}<bpmn:endEvent id="e" />
  <bpmn:boundaryEvent id="late" attachedToRef="assess"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:endEvent id="lateEnd" />
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="assess" />
  <bpmn:sequenceFlow id="f2" sourceRef="assess" targetRef="notify" />
  <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="e" />
  <bpmn:sequenceFlow id="f4" sourceRef="late" targetRef="lateEnd" />`);

/** v3: review became a user task. */
const V3 = definitions(`
  <bpmn:startEvent id="s" /><bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e" />
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e" />`);

const INSTANCES = 1_000;

describe('process instance migration on PostgreSQL', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;
  const keys: string[] = [];
  let v1: string;
  let v2: string;
  let v3: string;

  before(async () => {
    db = await freshDatabase('migration');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
    const deploy = async (xml: string) =>
      (await api.deploy({ name: 'claim.bpmn', content: xml })).body.deployments[0].processDefinition
        .processDefinitionKey as string;
    v1 = await deploy(V1);
    v2 = await deploy(V2);
    v3 = await deploy(V3);
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  async function instance(key: string) {
    return (await api.get(`/v2/process-instances/${key}`)).body as {
      processDefinitionKey: string;
      processDefinitionVersion: number;
      state: string;
    };
  }
  async function count(path: string, filter: object): Promise<number> {
    return (await api.post(path, { filter, page: { limit: 1 } })).body.page.totalItems as number;
  }

  it('refuses a plan with an unmapped active element or a type change, listing every problem, and changes nothing', async () => {
    // given an instance of v1 waiting at 'review'
    const pik = (await api.post('/v2/process-instances', { processDefinitionKey: v1 })).body
      .processInstanceKey as string;

    // when it is asked to move to v2 without mapping 'review', and to v3 where 'review' is a user task
    const unmapped = await api.post(`/v2/process-instances/${pik}/migration`, {
      targetProcessDefinitionKey: v2,
      mappingInstructions: [],
    });
    const retyped = await api.post(`/v2/process-instances/${pik}/migration`, {
      targetProcessDefinitionKey: v3,
      mappingInstructions: [],
    });

    // then both are 400 problems naming each problem, and the instance is untouched
    assert.equal(unmapped.status, 400);
    assert.deepEqual(unmapped.body.errors, [
      "Expected active element 'review' to be mapped, but no mapping instruction names it and the target has no element 'review'",
    ]);
    assert.equal(retyped.status, 400);
    assert.match(
      retyped.body.errors[0],
      /'review' \(SERVICE_TASK\) to keep its type, but target element 'review' is a USER_TASK/,
    );
    assert.equal((await instance(pik)).processDefinitionKey, v1);
    const history = (await api.post(`/v2/osprey/process-instances/${pik}/history`, {})).body.items as any[];
    assert.ok(!history.some((r) => r.valueType === 'PROCESS_INSTANCE_MIGRATION'));
    await api.post(`/v2/process-instances/${pik}/cancellation`);
  });

  it('answers a dry run with the check and changes nothing', async () => {
    // given an instance of v1 waiting at 'review'
    const pik = (await api.post('/v2/process-instances', { processDefinitionKey: v1 })).body
      .processInstanceKey as string;
    const mappingInstructions = [{ sourceElementId: 'review', targetElementId: 'assess' }];

    // when a valid and an invalid plan are dry-run
    const valid = await api.post(`/v2/process-instances/${pik}/migration`, {
      targetProcessDefinitionKey: v2,
      mappingInstructions,
      dryRun: true,
    });
    const invalid = await api.post(`/v2/process-instances/${pik}/migration`, {
      targetProcessDefinitionKey: v3,
      mappingInstructions: [],
      dryRun: true,
    });

    // then each reports its check and the instance still runs on v1 with its v1 job
    assert.equal(valid.status, 200);
    assert.deepEqual({ valid: valid.body.valid, errors: valid.body.errors }, { valid: true, errors: [] });
    assert.equal(invalid.body.valid, false);
    assert.equal(invalid.body.errors.length, 1);
    assert.equal((await instance(pik)).processDefinitionKey, v1);
    const jobs = (await api.post('/v2/jobs/search', { filter: { processInstanceKey: pik } })).body
      .items as any[];
    assert.deepEqual(
      jobs.map((j) => [j.elementId, j.processDefinitionKey]),
      [['review', v1]],
    );
    await api.post(`/v2/process-instances/${pik}/cancellation`);
  });

  it(`migrates ${INSTANCES} waiting instances in one batch, and they complete on the new version`, async () => {
    // given 1,000 instances of v1 waiting at 'review'
    for (let i = 0; i < INSTANCES; i += 50) {
      const started = await Promise.all(
        Array.from({ length: Math.min(50, INSTANCES - i) }, (_, j) =>
          api.post('/v2/process-instances', { processDefinitionKey: v1, variables: { claim: i + j } }),
        ),
      );
      keys.push(...started.map((r) => r.body.processInstanceKey as string));
    }
    assert.equal(
      await count('/v2/process-instances/search', { processDefinitionKey: v1, state: 'ACTIVE' }),
      INSTANCES,
    );

    // when they are migrated to v2 in one batch, 'review' mapped to 'assess'
    const res = await api.post('/v2/process-instances/migration', {
      filter: { processDefinitionId: 'claim', processDefinitionVersion: 1 },
      targetProcessDefinitionKey: v2,
      mappingInstructions: [{ sourceElementId: 'review', targetElementId: 'assess' }],
    });

    // then every one moved: instances, jobs and element instances carry v2, each has v2's boundary timer
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      { total: res.body.total, migrated: res.body.migrated, failed: res.body.failed },
      { total: INSTANCES, migrated: INSTANCES, failed: 0 },
    );
    assert.equal(
      await count('/v2/process-instances/search', { processDefinitionKey: v2, state: 'ACTIVE' }),
      INSTANCES,
    );
    assert.equal(
      await count('/v2/process-instances/search', { processDefinitionKey: v1, state: 'ACTIVE' }),
      0,
    );
    assert.equal(
      await count('/v2/jobs/search', { processDefinitionKey: v2, elementId: 'assess' }),
      INSTANCES,
    );
    assert.equal(
      await count('/v2/element-instances/search', {
        processDefinitionKey: v2,
        elementId: 'assess',
        state: 'ACTIVE',
      }),
      INSTANCES,
    );
    const [timers] = await engine.engine.db.rows<{ n: string }>(
      `SELECT count(*) AS n FROM timer WHERE target_element_id = 'late' AND process_instance_key = ANY($1::bigint[])`,
      [keys],
    );
    assert.equal(Number(timers!.n), INSTANCES);
    assert.equal((await instance(keys[0]!)).processDefinitionVersion, 2);

    // when a sample of the migrated jobs completes, those instances run v2's new 'notify' step and complete
    const sample = await api.activate('review', 10);
    assert.equal(sample.length, 10);
    assert.ok(
      sample.every(
        (j) => j.elementId === 'assess' && j.processDefinitionKey === v2 && j.processDefinitionVersion === 2,
      ),
    );
    for (const j of sample) assert.equal((await api.post(`/v2/jobs/${j.jobKey}/completion`, {})).status, 204);
    const notify = await api.activate('notify', 10);
    assert.equal(notify.length, 10);
    for (const j of notify) assert.equal((await api.post(`/v2/jobs/${j.jobKey}/completion`, {})).status, 204);
    for (const j of sample) assert.equal((await instance(j.processInstanceKey)).state, 'COMPLETED');
    assert.equal(
      await count('/v2/process-instances/search', { processDefinitionKey: v2, state: 'COMPLETED' }),
      10,
    );
  });
});
