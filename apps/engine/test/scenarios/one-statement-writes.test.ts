import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t"`;
const task = (id: string, type: string): string =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>`;

/**
 * A sub-process whose fork reaches a job and a terminate end event in the same command: the job
 * is created and cancelled at once, the sub-process completes and the instance waits at `next`.
 */
const CUT_SHORT = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="cut-short" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="subStart" />
      <bpmn:parallelGateway id="fork" />
      ${task('work', 'cut-short-work')}
      <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
      <bpmn:endEvent id="done" />
      <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="fork" />
      <bpmn:sequenceFlow id="s2" sourceRef="fork" targetRef="work" />
      <bpmn:sequenceFlow id="s3" sourceRef="fork" targetRef="stop" />
      <bpmn:sequenceFlow id="s4" sourceRef="work" targetRef="done" />
    </bpmn:subProcess>
    ${task('next', 'cut-short-next')}
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="next" />
    <bpmn:sequenceFlow id="f3" sourceRef="next" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** Two jobs side by side; finishing `quick` terminates the instance while `slow` still waits. */
const RACE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="race" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:parallelGateway id="fork" />
    ${task('quick', 'race-quick')}
    ${task('slow', 'race-slow')}
    <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
    <bpmn:endEvent id="done" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="quick" />
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="slow" />
    <bpmn:sequenceFlow id="f4" sourceRef="quick" targetRef="stop" />
    <bpmn:sequenceFlow id="f5" sourceRef="slow" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>`;

/** Two tasks in a row: completing the first deletes its job and creates the next one. */
const RELAY = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="relay" isExecutable="true">
    <bpmn:startEvent id="start" />
    ${task('first', 'relay-first')}
    ${task('second', 'relay-second')}
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first" />
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="second" />
    <bpmn:sequenceFlow id="f3" sourceRef="second" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * A command writes all its tables in one statement, whose parts cannot see each other's rows:
 * these commands create and remove rows of one table in the same command, and what the API
 * shows afterwards must be what it showed when every table had a statement of its own.
 */
describe('commands that write several rows of one table at once', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    db = await freshDatabase('one_statement');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
    for (const [name, content] of [['cut-short.bpmn', CUT_SHORT], ['race.bpmn', RACE], ['relay.bpmn', RELAY]] as const) {
      const deployed = await api.deploy({ name, content });
      assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
    }
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  async function start(processDefinitionId: string, variables: Record<string, unknown> = {}): Promise<string> {
    const res = await api.post('/v2/process-instances', { processDefinitionId, variables });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.processInstanceKey as string;
  }

  async function elementStates(processInstanceKey: string): Promise<string[]> {
    const res = await api.post('/v2/element-instances/search', { filter: { processInstanceKey }, page: { limit: 100 } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.items as { elementId: string; state: string }[]).map((e) => `${e.elementId} ${e.state}`).sort();
  }

  it('leaves no job behind when the command that created it also terminated its task', async () => {
    // given / when an instance whose start creates a job and terminates its task in one command
    const pik = await start('cut-short');

    // then the task was activated and terminated, its job is not handed out, and the instance
    // waits at the next job
    const states = await elementStates(pik);
    assert.ok(states.includes('work TERMINATED'), states.join(', '));
    assert.ok(states.includes('next ACTIVE'), states.join(', '));
    assert.deepEqual(await api.activate('cut-short-work'), []);
    assert.equal((await api.activate('cut-short-next')).length, 1);
    assert.equal((await api.get(`/v2/process-instances/${pik}`)).body.state, 'ACTIVE');
  });

  it('removes the other waiting job when a completion terminates the instance', async () => {
    // given an instance waiting at two jobs
    const pik = await start('race');
    const [quick] = await api.activate('race-quick');
    assert.ok(quick, 'the quick job is activatable');

    // when the quick one completes and reaches the terminate end event
    assert.equal((await api.post(`/v2/jobs/${quick.jobKey}/completion`, {})).status, 204);

    // then the instance completed and the slow job is gone with it
    assert.equal((await api.get(`/v2/process-instances/${pik}`)).body.state, 'COMPLETED');
    assert.deepEqual(await api.activate('race-slow'), []);
    assert.ok((await elementStates(pik)).includes('slow TERMINATED'));
  });

  it('hands out the next job, with the variables of the completion, and never the completed one again', async () => {
    // given an instance at its first job
    const pik = await start('relay', { order: 'A-1' });
    const [first] = await api.activate('relay-first');

    // when the first job completes with a variable
    assert.equal((await api.post(`/v2/jobs/${first.jobKey}/completion`, { variables: { packed: true } })).status, 204);

    // then exactly the second job is activatable and sees both variables
    const second = await api.activate('relay-second');
    assert.deepEqual(
      second.map((j) => [j.elementId, j.variables]),
      [['second', { order: 'A-1', packed: true }]],
    );
    assert.deepEqual(await api.activate('relay-first'), []);
    assert.deepEqual(await elementStates(pik), ['first COMPLETED', 'relay ACTIVE', 'second ACTIVE', 'start COMPLETED']);
    // and completing the first job again is refused
    assert.equal((await api.post(`/v2/jobs/${first.jobKey}/completion`, {})).status, 409);
  });
});
