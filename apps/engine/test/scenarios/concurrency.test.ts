import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { RunningEngine } from '../../src/server';
import type { TestDatabase } from '@osprey/testing';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';

const FORK_JOIN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="fork-join" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:serviceTask id="a"><bpmn:extensionElements><zeebe:taskDefinition type="branch-a" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:serviceTask id="b"><bpmn:extensionElements><zeebe:taskDefinition type="branch-b" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:parallelGateway id="join" />
    <bpmn:serviceTask id="after"><bpmn:extensionElements><zeebe:taskDefinition type="after-join" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork" />
    <bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="a" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="b" />
    <bpmn:sequenceFlow id="f3" sourceRef="a" targetRef="join" />
    <bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="join" />
    <bpmn:sequenceFlow id="f5" sourceRef="join" targetRef="after" />
    <bpmn:sequenceFlow id="f6" sourceRef="after" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const INSTANCES = 40;

/** Two engine replicas on one database: the instance row lock makes a parallel join fire once. */
describe('two replicas completing the branches of the same parallel join at once', () => {
  let db: TestDatabase;
  let replicaA: RunningEngine;
  let replicaB: RunningEngine;
  let pg: Client;

  before(async () => {
    db = await freshDatabase('replicas');
    replicaA = await bootEngine({ DATABASE_URL: db.url });
    replicaB = await bootEngine({ DATABASE_URL: db.url });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  after(async () => {
    await replicaA?.stop();
    await replicaB?.stop();
    await pg?.end();
    await db?.drop();
  });

  it('produces exactly one join per instance', async () => {
    const a = new Api(replicaA.url);
    const b = new Api(replicaB.url);
    // given instances waiting at both branches
    assert.equal((await a.deploy({ name: 'fork-join.bpmn', content: FORK_JOIN })).status, 200);
    const keys: string[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      keys.push((await a.post('/v2/process-instances', { processDefinitionId: 'fork-join' })).body.processInstanceKey);
    }
    const jobsA = await a.activate('branch-a', INSTANCES);
    const jobsB = await b.activate('branch-b', INSTANCES);
    assert.equal(jobsA.length, INSTANCES);
    assert.equal(jobsB.length, INSTANCES);
    // when replica A completes every branch-a job while replica B completes every branch-b job
    const results = await Promise.all([
      ...jobsA.map((j) => a.post(`/v2/jobs/${j.jobKey}/completion`, {})),
      ...jobsB.map((j) => b.post(`/v2/jobs/${j.jobKey}/completion`, {})),
    ]);
    assert.deepEqual([...new Set(results.map((r) => r.status))], [204]);
    // then each instance passed its join exactly once and waits at exactly one after-join job
    const joins = await pg.query(
      `SELECT process_instance_key::text AS k, count(*)::int AS n FROM history_entry
        WHERE element_id = 'join' AND intent = 'ELEMENT_COMPLETED' GROUP BY 1`,
    );
    assert.equal(joins.rows.length, INSTANCES);
    assert.ok(joins.rows.every((r) => r.n === 1), JSON.stringify(joins.rows.filter((r) => r.n !== 1)));
    const after = await pg.query(`SELECT count(*)::int AS n FROM job WHERE type = 'after-join'`);
    assert.equal(after.rows[0].n, INSTANCES);
    // and the instances complete
    const last = await a.activate('after-join', INSTANCES);
    await Promise.all(last.map((j, i) => (i % 2 ? a : b).post(`/v2/jobs/${j.jobKey}/completion`, {})));
    const done = await a.post('/v2/process-instances/search', { filter: { processDefinitionId: 'fork-join', state: 'COMPLETED' } });
    assert.equal(done.body.page.totalItems, INSTANCES);
  });

  it('hands each job to exactly one of two competing workers', async () => {
    const a = new Api(replicaA.url);
    const b = new Api(replicaB.url);
    for (let i = 0; i < 20; i++) await a.post('/v2/process-instances', { processDefinitionId: 'fork-join' });
    const [fromA, fromB] = await Promise.all([a.activate('branch-a', 20), b.activate('branch-a', 20)]);
    const all = [...fromA, ...fromB].map((j) => j.jobKey);
    assert.equal(all.length, 20);
    assert.equal(new Set(all).size, 20);
  });
});
