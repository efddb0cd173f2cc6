import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileOrThrow } from '@osprey/bpmn';
import type { JsonValue } from '@osprey/runtime';
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

/**
 * A review sub-process (its user task has a canceling listener) with an interrupting message
 * boundary event, inside a process with an interrupting timer event sub-process.
 */
const SCOPED = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="stage" />
    <bpmn:subProcess id="stage">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:startEvent id="ss"><bpmn:outgoing>g1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:sequenceFlow id="g1" sourceRef="ss" targetRef="review" />
      <bpmn:userTask id="review">
        <bpmn:extensionElements>
          <zeebe:userTask />
          <zeebe:taskListeners><zeebe:taskListener eventType="canceling" type="release" /></zeebe:taskListeners>
        </bpmn:extensionElements>
        <bpmn:incoming>g1</bpmn:incoming><bpmn:outgoing>g2</bpmn:outgoing>
      </bpmn:userTask>
      <bpmn:sequenceFlow id="g2" sourceRef="review" targetRef="se" />
      <bpmn:endEvent id="se"><bpmn:incoming>g2</bpmn:incoming></bpmn:endEvent>
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="stage" targetRef="done" />
    <bpmn:endEvent id="done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:boundaryEvent id="withdrawn" attachedToRef="stage">
      <bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:messageEventDefinition messageRef="m" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="withdrawn" targetRef="closed" />
    <bpmn:endEvent id="closed"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:subProcess id="deadline" triggeredByEvent="true">
      <bpmn:startEvent id="late"><bpmn:outgoing>h1</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:sequenceFlow id="h1" sourceRef="late" targetRef="expired" />
      <bpmn:endEvent id="expired"><bpmn:incoming>h1</bpmn:incoming></bpmn:endEvent>
    </bpmn:subProcess>
  </bpmn:process>
  <bpmn:message id="m" name="withdrawn"><bpmn:extensionElements><zeebe:subscription correlationKey="=claimId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

/**
 * A parallel multi-instance review (one task per reviewer, done once one approves, a 1-hour
 * timer boundary event) beside a path that ends in a terminate end event after a service task.
 */
const EARLY_END = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
    <bpmn:parallelGateway id="fork"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f4</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review" />
    <bpmn:userTask id="review">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition assignee="=reviewer" />
        <zeebe:taskListeners><zeebe:taskListener eventType="canceling" type="release" /></zeebe:taskListeners>
      </bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=reviewers" inputElement="reviewer" /></bpmn:extensionElements>
        <bpmn:completionCondition>=approved</bpmn:completionCondition>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="reviewed" />
    <bpmn:endEvent id="reviewed"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:boundaryEvent id="overdue" attachedToRef="review">
      <bpmn:outgoing>f6</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f6" sourceRef="overdue" targetRef="expired" />
    <bpmn:endEvent id="expired"><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="check" />
    <bpmn:serviceTask id="check">
      <bpmn:extensionElements><zeebe:taskDefinition type="fraud-check" /></bpmn:extensionElements>
      <bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f5" sourceRef="check" targetRef="stop" />
    <bpmn:endEvent id="stop"><bpmn:incoming>f5</bpmn:incoming><bpmn:terminateEventDefinition /></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

/** The ids of the elements of the instance that completed. */
function completedIds(engine: InMemoryEngine, key: string): string[] {
  return engine.records(key).filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === 'ELEMENT_COMPLETED').map((r) => (r.value as { elementId: string }).elementId);
}

async function started(xml = XML, variables: Record<string, JsonValue> = {}): Promise<{ engine: InMemoryEngine; key: string; taskKey: string }> {
  const engine = new InMemoryEngine({ now: '2026-01-01T00:00:00Z' });
  const [graph] = await compileOrThrow(xml);
  engine.deploy(graph!);
  const key = engine.createInstance('p', variables);
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

  it('given an assigning listener whose job type is a failing expression, when the incident is resolved, then the listeners run again and no second task is created', async () => {
    const xml = XML.replace('type="check-assignee"', 'type="=checkType"');
    const { engine, key, taskKey } = await started(xml);

    engine.assignUserTask(taskKey, 'ann');
    const [incident] = engine.incidents(key);
    assert.equal(incident!.errorType, 'EXTRACT_VALUE_ERROR');
    engine.setVariables(key, { checkType: 'check-assignee' });
    engine.resolveIncident(incident!.key);
    answer(engine, key, 'check-assignee', { corrections: { priority: 80 } });
    answer(engine, key, 'audit-assignee');

    const tasks = engine.userTasks(key);
    assert.equal(tasks.length, 1, 'resolving retries the listener, not the task');
    assert.deepEqual([tasks[0]!.assignee, tasks[0]!.priority], ['ann', 80]);
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'ASSIGNING', 'ASSIGNED']);
    assertRebuildable(engine, key);
  });

  it('given a second assigning listener whose job type fails, when the incident is resolved, then the assignment starts over from the first listener with what was asked', async () => {
    const xml = XML.replace('type="audit-assignee"', 'type="=auditType"');
    const { engine, key, taskKey } = await started(xml);

    engine.assignUserTask(taskKey, 'ann');
    answer(engine, key, 'check-assignee', { corrections: { assignee: 'bob' } });
    const [incident] = engine.incidents(key);
    engine.setVariables(key, { auditType: 'audit-assignee' });
    engine.resolveIncident(incident!.key);
    // the first listener now lets the requested assignee stand: bob was its earlier correction
    answer(engine, key, 'check-assignee');
    answer(engine, key, 'audit-assignee');

    assert.equal(engine.userTasks(key).length, 1);
    assert.equal(engine.userTasks(key)[0]!.assignee, 'ann');
    assertRebuildable(engine, key);
  });

  it('given an updating listener, when variables are set on the task\'s element instance, then they are set only once the listener agreed', async () => {
    const { engine, key, taskKey } = await started();
    const taskScope = engine.userTasks(key)[0]!.elementInstanceKey;

    engine.setVariables(taskScope, { decision: 'approve' }, true);
    assert.equal(engine.variables(taskScope).decision, undefined, 'the variables wait for the updating listener');
    assert.throws(() => engine.assignUserTask(taskKey, 'ann'), /it is UPDATING/);
    answer(engine, key, 'check-update');
    assert.equal(engine.variables(taskScope).decision, 'approve');

    engine.setVariables(taskScope, { decision: 'reject' });
    answer(engine, key, 'check-update', { denied: true });
    assert.equal(engine.variables(taskScope).decision, 'approve', 'a denial drops the variables');
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'UPDATING', 'UPDATED', 'UPDATING', 'UPDATE_DENIED']);
    assertRebuildable(engine, key);
  });

  it('given a user task in a sub-process, when an interrupting boundary event of the sub-process fires, then it takes the sub-process\'s place after the task\'s canceling listener', async () => {
    const { engine, key } = await started(SCOPED, { claimId: 'C-1' });

    engine.publishMessage('withdrawn', 'C-1');
    assert.equal(engine.state(key).state, 'ACTIVE');
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'CANCELING']);
    assert.ok(!completedIds(engine, key).includes('withdrawn'), 'the boundary event waits for the listener');
    assertRebuildable(engine, key);
    answer(engine, key, 'release');

    assert.equal(engine.state(key).state, 'COMPLETED');
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'CANCELING', 'CANCELED']);
    assert.ok(completedIds(engine, key).includes('closed'));
  });

  it('given a user task in a sub-process, when an interrupting event sub-process of the process starts, then it starts after the task\'s canceling listener', async () => {
    const { engine, key } = await started(SCOPED, { claimId: 'C-2' });

    engine.advanceClock(60 * 60 * 1000);
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'CANCELING']);
    assert.ok(!completedIds(engine, key).includes('late'), 'the event sub-process waits for the listener');
    assertRebuildable(engine, key);
    answer(engine, key, 'release');

    assert.equal(engine.state(key).state, 'COMPLETED');
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'CANCELING', 'CANCELED']);
    assert.ok(completedIds(engine, key).includes('expired'));
    assert.ok(!completedIds(engine, key).includes('closed'));
  });

  it('given open user tasks, when a terminate end event is reached, then the process completes after their canceling listeners', async () => {
    const { engine, key } = await started(EARLY_END, { reviewers: ['ann', 'bob'] });

    engine.completeJob(onlyJob(engine, 'fraud-check', key).key);
    assert.equal(engine.state(key).state, 'ACTIVE');
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'CREATED', 'CANCELING', 'CANCELING']);
    assertRebuildable(engine, key);
    for (const job of engine.jobs({ type: 'release', processInstanceKey: key })) {
      engine.send(key, { type: 'COMPLETE_JOB', jobKey: job.key, elementInstanceKey: job.elementInstanceKey, variables: {} });
    }

    assert.equal(engine.state(key).state, 'COMPLETED');
    assert.equal(engine.userTasks(key).length, 0);
    assert.deepEqual(taskIntents(engine, key).slice(-2), ['CANCELED', 'CANCELED']);
  });

  it('given a multi-instance user task, when its completion condition is met, then the other instances\' canceling listeners run before it completes', async () => {
    const { engine, key } = await started(EARLY_END, { reviewers: ['ann', 'bob'] });

    const [first] = engine.userTasks(key);
    engine.completeUserTask(first!.key, { approved: true });
    assert.ok(!completedIds(engine, key).includes('reviewed'), 'the body waits for the listener');
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'CREATED', 'COMPLETED', 'CANCELING']);
    answer(engine, key, 'release');

    assert.ok(completedIds(engine, key).includes('reviewed'));
    assert.deepEqual(taskIntents(engine, key).slice(-1), ['CANCELED']);
    assertRebuildable(engine, key);
  });

  it('given a multi-instance user task, when an interrupting boundary event of it fires, then it takes the body\'s place after every instance\'s canceling listener', async () => {
    const { engine, key } = await started(EARLY_END, { reviewers: ['ann', 'bob'] });

    engine.advanceClock(60 * 60 * 1000);
    assert.deepEqual(taskIntents(engine, key), ['CREATED', 'CREATED', 'CANCELING', 'CANCELING']);
    const [first, second] = engine.jobs({ type: 'release', processInstanceKey: key });
    engine.send(key, { type: 'COMPLETE_JOB', jobKey: first!.key, elementInstanceKey: first!.elementInstanceKey, variables: {} });
    assert.ok(!completedIds(engine, key).includes('expired'), 'the boundary event waits for the last listener');
    engine.send(key, { type: 'COMPLETE_JOB', jobKey: second!.key, elementInstanceKey: second!.elementInstanceKey, variables: {} });

    assert.ok(completedIds(engine, key).includes('expired'));
    assert.deepEqual(taskIntents(engine, key).slice(-2), ['CANCELED', 'CANCELED']);
    assertRebuildable(engine, key);
  });

  it('given canceling listeners holding a boundary event, when the instance is canceled, then it ends at once and the boundary path never runs', async () => {
    const { engine, key } = await started();

    engine.advanceClock(60 * 60 * 1000);
    engine.cancel(key);

    assert.equal(engine.state(key).state, 'TERMINATED');
    assert.equal(engine.jobs({ type: 'release', processInstanceKey: key }).length, 0);
    assert.ok(!completedIds(engine, key).includes('escalated'));
  });
});
