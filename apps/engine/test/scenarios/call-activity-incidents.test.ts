import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { oneTaskProcess } from '../support/bpmn';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t"`;

/** `id` calls `called` (call activity `callIt`). */
const caller = (id: string, called: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:callActivity id="callIt"><bpmn:extensionElements><zeebe:calledElement processId="${called}" /></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="callIt" />
    <bpmn:sequenceFlow id="f2" sourceRef="callIt" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

/** `top`: calls `middle` (which calls `work`) and, in parallel, runs its own task of type `ca-top`. */
const TOP = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="top" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:callActivity id="callIt"><bpmn:extensionElements><zeebe:calledElement processId="middle" /></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:serviceTask id="own"><bpmn:extensionElements><zeebe:taskDefinition type="ca-top" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:parallelGateway id="join" />
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="callIt" />
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="own" />
    <bpmn:sequenceFlow id="f4" sourceRef="callIt" targetRef="join" />
    <bpmn:sequenceFlow id="f5" sourceRef="own" targetRef="join" />
    <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

interface ElementInstance {
  elementInstanceKey: string;
  hasIncident: boolean;
  incidentKey?: string | null;
}

/** An incident in a called process shows on every caller above it, through the REST API. */
describe('incidents in called processes, seen from their callers', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    db = await freshDatabase('caincident');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
    for (const [name, content] of [
      ['work.bpmn', oneTaskProcess('work', 'ca-work')],
      ['direct.bpmn', caller('direct', 'work')],
      ['middle.bpmn', caller('middle', 'work')],
      ['top.bpmn', TOP],
    ] as const) {
      const deployed = await api.deploy({ name, content });
      assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
    }
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  async function start(processDefinitionId: string): Promise<string> {
    const res = await api.post('/v2/process-instances', { processDefinitionId });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.processInstanceKey as string;
  }

  async function childOf(parentKey: string): Promise<string> {
    return api.until(async () => {
      const res = await api.post('/v2/process-instances/search', { filter: { parentProcessInstanceKey: parentKey } });
      return res.body.items[0]?.processInstanceKey as string | undefined;
    });
  }

  /** The job of `type` in instance `processInstanceKey`, activated. */
  async function jobIn(processInstanceKey: string, type: string) {
    const res = await api.post('/v2/jobs/search', { filter: { processInstanceKey, type } });
    const jobKey = res.body.items[0]?.jobKey as string;
    assert.ok(jobKey, `a ${type} job in ${processInstanceKey}`);
    const activated = await api.until(async () => (await api.activate(type, 10)).find((j) => j.jobKey === jobKey));
    return activated as { jobKey: string };
  }

  /** Fails the job of `type` in the instance with no retries left; returns the incident's key. */
  async function failWithoutRetries(processInstanceKey: string, type: string): Promise<{ jobKey: string; incidentKey: string }> {
    const { jobKey } = await jobIn(processInstanceKey, type);
    const failed = await api.post(`/v2/jobs/${jobKey}/failure`, { retries: 0, errorMessage: 'the ledger is closed' });
    assert.equal(failed.status, 204, JSON.stringify(failed.body));
    const incidents = await api.post('/v2/incidents/search', { filter: { processInstanceKey, state: 'ACTIVE' } });
    assert.equal(incidents.body.items.length, 1);
    return { jobKey, incidentKey: incidents.body.items[0].incidentKey as string };
  }

  async function resolve(jobKey: string, incidentKey: string) {
    assert.equal((await api.request('PATCH', `/v2/jobs/${jobKey}`, { changeset: { retries: 1 } })).status, 204);
    assert.equal((await api.post(`/v2/incidents/${incidentKey}/resolution`)).status, 204);
  }

  /** The call activity `callIt` of an instance, as search and get report it (they must agree). */
  async function callActivity(processInstanceKey: string): Promise<ElementInstance> {
    const res = await api.post('/v2/element-instances/search', { filter: { processInstanceKey, elementId: 'callIt' } });
    assert.equal(res.body.items.length, 1);
    const found = res.body.items[0] as ElementInstance;
    const got = await api.get(`/v2/element-instances/${found.elementInstanceKey}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, found);
    return found;
  }

  async function instanceHasIncident(processInstanceKey: string): Promise<boolean> {
    const got = (await api.get(`/v2/process-instances/${processInstanceKey}`)).body;
    const search = await api.post('/v2/process-instances/search', { filter: { processInstanceKey, hasIncident: got.hasIncident } });
    assert.equal(search.body.items.length, 1, 'the search filter agrees with the instance');
    return got.hasIncident as boolean;
  }

  it('shows a child’s incident on the calling element and the parent instance until it is resolved', async () => {
    // given a parent waiting for its child
    const parent = await start('direct');
    const child = await childOf(parent);
    assert.equal((await callActivity(parent)).hasIncident, false);

    // when the child's job fails with no retries left
    const { jobKey, incidentKey } = await failWithoutRetries(child, 'ca-work');

    // then the parent's call activity carries the child's incident, and the parent has an incident
    const waiting = await callActivity(parent);
    assert.equal(waiting.hasIncident, true);
    assert.equal(waiting.incidentKey, incidentKey);
    assert.equal(await instanceHasIncident(parent), true);
    assert.equal(await instanceHasIncident(child), true);
    const withIncident = await api.post('/v2/element-instances/search', { filter: { processInstanceKey: parent, hasIncident: true } });
    assert.deepEqual(withIncident.body.items.map((e: { elementId: string }) => e.elementId), ['callIt']);
    // (the incident itself stays where it happened)
    const parentIncidents = await api.post('/v2/incidents/search', { filter: { processInstanceKey: parent } });
    assert.equal(parentIncidents.body.items.length, 0);

    // when an operator gives the job a retry and resolves the incident
    await resolve(jobKey, incidentKey);

    // then the parent is clear again, and the child's job completes the parent
    const resolved = await callActivity(parent);
    assert.equal(resolved.hasIncident, false);
    assert.equal(resolved.incidentKey ?? undefined, undefined);
    assert.equal(await instanceHasIncident(parent), false);
    const job = await jobIn(child, 'ca-work');
    assert.equal((await api.post(`/v2/jobs/${job.jobKey}/completion`, {})).status, 204);
    assert.equal((await api.get(`/v2/process-instances/${parent}`)).body.state, 'COMPLETED');
  });

  it('shows a grandchild’s incident on both ancestors, and keeps an ancestor’s own incident when it clears', async () => {
    // given top → middle → work
    const top = await start('top');
    const middle = await childOf(top);
    const leaf = await childOf(middle);

    // when the grandchild's job fails with no retries left
    const { jobKey, incidentKey } = await failWithoutRetries(leaf, 'ca-work');

    // then both ancestors and both call activities show it
    for (const ancestor of [middle, top]) {
      const calling = await callActivity(ancestor);
      assert.equal(calling.hasIncident, true, `call activity of ${ancestor}`);
      assert.equal(calling.incidentKey, incidentKey);
      assert.equal(await instanceHasIncident(ancestor), true);
    }
    const searched = await api.post('/v2/process-instances/search', {
      filter: { processInstanceKey: { $in: [top, middle, leaf] }, hasIncident: true },
    });
    assert.equal(searched.body.page.totalItems, 3);

    // and when top's own task fails too, then resolving the grandchild clears all but top's own incident
    const own = await failWithoutRetries(top, 'ca-top');
    await resolve(jobKey, incidentKey);
    assert.equal(await instanceHasIncident(middle), false);
    assert.equal((await callActivity(middle)).hasIncident, false);
    assert.equal((await callActivity(top)).hasIncident, false);
    assert.equal(await instanceHasIncident(top), true, 'top still has its own incident');

    await resolve(own.jobKey, own.incidentKey);
    assert.equal(await instanceHasIncident(top), false);
  });

  it('clears the incident on a running parent when the called instances below it are cancelled', async () => {
    // given top → middle → work, the grandchild with an incident
    const top = await start('top');
    const middle = await childOf(top);
    const leaf = await childOf(middle);
    await failWithoutRetries(leaf, 'ca-work');
    assert.equal(await instanceHasIncident(top), true);

    // when an operator terminates top's call activity (which cancels middle and, with it, the grandchild)
    const calling = await callActivity(top);
    const modified = await api.post(`/v2/process-instances/${top}/modification`, {
      terminateInstructions: [{ elementInstanceKey: calling.elementInstanceKey }],
    });
    assert.equal(modified.status, 204, JSON.stringify(modified.body));

    // then top still runs its own task, and nothing below it holds an incident any more
    assert.equal((await api.get(`/v2/process-instances/${top}`)).body.state, 'ACTIVE');
    for (const called of [middle, leaf]) assert.equal((await api.get(`/v2/process-instances/${called}`)).body.state, 'TERMINATED');
    assert.equal(await instanceHasIncident(top), false);
    const withIncident = await api.post('/v2/element-instances/search', { filter: { processInstanceKey: top, hasIncident: true } });
    assert.equal(withIncident.body.items.length, 0);
  });

  it('never deadlocks a child raising an incident against its parent being cancelled', async () => {
    // given ten parents whose children each hold an activated job
    const pairs: { parent: string; jobKey: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const parent = await start('direct');
      const { jobKey } = await jobIn(await childOf(parent), 'ca-work');
      pairs.push({ parent, jobKey });
    }

    // when each child's job fails without retries while its parent is cancelled, at the same time
    const outcomes = await Promise.all(
      pairs.map(async ({ parent, jobKey }) => {
        const [failed, cancelled] = await Promise.all([
          api.post(`/v2/jobs/${jobKey}/failure`, { retries: 0, errorMessage: 'closing' }),
          api.post(`/v2/process-instances/${parent}/cancellation`),
        ]);
        return { parent, failed: failed.status, cancelled: cancelled.status };
      }),
    );

    // then every request succeeds, or fails cleanly because the job was already cancelled
    for (const o of outcomes) {
      assert.equal(o.cancelled, 204, JSON.stringify(o));
      assert.ok([204, 404, 409].includes(o.failed), JSON.stringify(o));
      assert.equal((await api.get(`/v2/process-instances/${o.parent}`)).body.state, 'TERMINATED');
      assert.equal(await instanceHasIncident(o.parent), false);
    }
  });
});
