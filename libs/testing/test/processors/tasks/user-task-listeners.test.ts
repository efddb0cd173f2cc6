import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileOrThrow } from '@osprey/bpmn';
import { InMemoryEngine } from '../../../src';
import { assertRebuildable, onlyJob } from '../../support';

/** A user task with assigning, updating and canceling listeners and a 1-hour timer boundary. */
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
    <bpmn:userTask id="review">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="adjusters" />
        <zeebe:taskListeners>
          <zeebe:taskListener eventType="assigning" type="check-assignee" />
          <zeebe:taskListener eventType="assigning" type="audit-assignee" />
          <zeebe:taskListener eventType="updating" type="check-update" />
          <zeebe:taskListener eventType="canceling" type="release" />
        </zeebe:taskListeners>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="done" />
    <bpmn:endEvent id="done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:boundaryEvent id="late" attachedToRef="review">
      <bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="escalated" />
    <bpmn:endEvent id="escalated"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

async function started(): Promise<{ engine: InMemoryEngine; key: string; taskKey: string }> {
  const engine = new InMemoryEngine({ now: '2026-01-01T00:00:00Z' });
  const [graph] = await compileOrThrow(XML);
  engine.deploy(graph!);
  const key = engine.createInstance('p');
  return { engine, key, taskKey: engine.userTasks(key)[0]!.key };
}

/** Completes listener job `type` with a Camunda 8.8 `userTask` result. */
function answer(engine: InMemoryEngine, key: string, type: string, result: { denied?: boolean; corrections?: Record<string, unknown> } = {}) {
  const job = onlyJob(engine, type, key);
  engine.send(key, { type: 'COMPLETE_JOB', jobKey: job.key, elementInstanceKey: job.elementInstanceKey, variables: {}, result: { type: 'userTask', ...(result as object) } });
}

/** The USER_TASK intents of the instance, in order. */
function taskIntents(engine: InMemoryEngine, key: string): string[] {
  return engine.records(key).filter((r) => r.valueType === 'USER_TASK').map((r) => r.intent);
}

describe('user task listeners: assigning, updating, canceling', () => {
  it('given two assigning listeners, when the first corrects and the second allows, then the task is assigned to the correction', async () => {
    const { engine, key, taskKey } = await started();

    engine.assignUserTask(taskKey, 'ann');
    assert.equal(engine.userTasks(key)[0]!.assignee, undefined, 'the assignment waits for its listeners');
    answer(engine, key, 'check-assignee', { corrections: { assignee: 'bob', candidateGroups: ['seniors'] } });
    answer(engine, key, 'audit-assignee');

    const [task] = engine.userTasks(key);
    assert.equal(task!.assignee, 'bob');
    assert.deepEqual(task!.candidateGroups, ['seniors']);
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'ASSIGNING', 'ASSIGNED']);
    assertRebuildable(engine, key);
  });

  it('given a denying updating listener, when the task is updated, then it keeps its values and takes the next operation', async () => {
    const { engine, key, taskKey } = await started();

    engine.updateUserTask(taskKey, { priority: 90 });
    assert.throws(() => engine.updateUserTask(taskKey, { priority: 10 }), /it is UPDATING/);
    answer(engine, key, 'check-update', { denied: true });

    assert.equal(engine.userTasks(key)[0]!.priority, 50);
    engine.updateUserTask(taskKey, { priority: 10 });
    answer(engine, key, 'check-update');
    assert.equal(engine.userTasks(key)[0]!.priority, 10);
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'UPDATING', 'UPDATE_DENIED', 'UPDATING', 'UPDATED']);
    assertRebuildable(engine, key);
  });

  it('given a canceling listener, when the timer boundary fires, then the boundary path waits for the listener', async () => {
    const { engine, key } = await started();

    engine.advanceClock(60 * 60 * 1000);
    assert.equal(engine.state(key).state, 'ACTIVE');
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'CANCELING']);
    assertRebuildable(engine, key);
    answer(engine, key, 'release', { denied: true });

    assert.equal(engine.state(key).state, 'COMPLETED');
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'CANCELING', 'CANCELED']);
    const ended = engine.records(key).filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === 'ELEMENT_COMPLETED').map((r) => (r.value as { elementId: string }).elementId);
    assert.ok(ended.includes('escalated') && !ended.includes('done'), ended.join(', '));
  });
});
