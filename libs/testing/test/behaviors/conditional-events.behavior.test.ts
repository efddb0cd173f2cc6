import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileOrThrow, type ProcessGraph } from '@osprey/bpmn';
import { execute, type InstanceState } from '@osprey/runtime';
import { InMemoryEngine } from '../../src';
import { assertRebuildable, completedElements, onlyJob } from '../support';

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const condition = (expression: string, filter = ''): string =>
  `<bpmn:conditionalEventDefinition>${filter ? `<bpmn:extensionElements><zeebe:conditionalFilter ${filter} /></bpmn:extensionElements>` : ''}<bpmn:condition xsi:type="bpmn:tFormalExpression">${expression}</bpmn:condition></bpmn:conditionalEventDefinition>`;
const task = (id: string, type: string, extra = ''): string =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" />${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
const flow = (id: string, from: string, to: string): string => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

async function graphOf(body: string, rootElements = ''): Promise<ProcessGraph> {
  const [graph] = await compileOrThrow(
    `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions ${NS} id="d" targetNamespace="t"><bpmn:process id="p" isExecutable="true">${body}</bpmn:process>${rootElements}</bpmn:definitions>`,
  );
  return graph!;
}

async function engineFor(body: string, rootElements = ''): Promise<InMemoryEngine> {
  const engine = new InMemoryEngine();
  engine.deploy(await graphOf(body, rootElements));
  return engine;
}

/** A sub-process `sub` around task `a`, each with an interrupting conditional boundary event. */
const nested = `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
  <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('f2', 'ss', 'a')}${task('a', 'work', '<zeebe:ioMapping><zeebe:input source="=0" target="local" /></zeebe:ioMapping>')}${flow('f3', 'a', 'se')}<bpmn:endEvent id="se" />
    <bpmn:boundaryEvent id="aHigh" attachedToRef="a">${condition('=x &gt; 5')}</bpmn:boundaryEvent>${flow('f6', 'aHigh', 'e3')}<bpmn:endEvent id="e3" /></bpmn:subProcess>
  ${flow('f4', 'sub', 'e')}<bpmn:endEvent id="e" />
  <bpmn:boundaryEvent id="subHigh" attachedToRef="sub">${condition('=x &gt; 10')}</bpmn:boundaryEvent>${flow('f5', 'subHigh', 'e2')}<bpmn:endEvent id="e2" />`;

describe('conditional events', () => {
  it('given conditions on a sub-process and the task inside it, when a variable satisfies both, then the outer one triggers first and the inner one never does', async () => {
    const engine = await engineFor(nested);
    const pik = engine.createInstance('p', { x: 0 });
    engine.setVariables(pik, { x: 11 });
    const done = completedElements(engine.records(pik));
    assert.ok(done.includes('subHigh'));
    assert.ok(!done.includes('aHigh'));
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given the same, when the variable satisfies only the inner condition, then the task alone is interrupted', async () => {
    const engine = await engineFor(nested);
    const pik = engine.createInstance('p', { x: 0 });
    engine.setVariables(pik, { x: 7 });
    const done = completedElements(engine.records(pik));
    assert.ok(done.includes('aHigh'));
    assert.ok(!done.includes('subHigh'));
  });

  it('given a task whose own variable shadows the one set on the process, when the process variable changes, then the task does not see it', async () => {
    const engine = await engineFor(nested.replace('target="local"', 'target="x"'));
    const pik = engine.createInstance('p', { x: 0 });
    engine.setVariables(pik, { x: 7 });
    assert.equal(onlyJob(engine, 'work').elementId, 'a');
    // when the task's own x changes, it does
    engine.setVariables(onlyJob(engine, 'work').elementInstanceKey, { x: 8 }, true);
    assert.ok(completedElements(engine.records(pik)).includes('aHigh'));
  });

  it('given a job completed with a variable that satisfies its task boundary condition, then the task completes normally (its subscription closes first)', async () => {
    const engine = await engineFor(nested);
    const pik = engine.createInstance('p', { x: 0 });
    engine.completeJob(onlyJob(engine, 'work').key, { x: 7 });
    const done = completedElements(engine.records(pik));
    assert.ok(done.includes('a'));
    assert.ok(!done.includes('aHigh'));
  });

  it('given a non-interrupting event sub-process, when its variable changes to a true condition twice and another variable once, then it runs once per command that makes it true', async () => {
    const engine = await engineFor(`<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${task('wait', 'wait')}${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />
      <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es" isInterrupting="false">${condition('=x &gt; 5')}</bpmn:startEvent>${flow('f3', 'es', 'ee')}<bpmn:endEvent id="ee" /></bpmn:subProcess>`);
    const pik = engine.createInstance('p', { x: 0 });
    engine.setVariables(pik, { x: 6 });
    engine.setVariables(pik, { x: 7 });
    engine.setVariables(pik, { y: 1 });
    // one command changing two variables the condition reads evaluates it once
    engine.setVariables(pik, { x: 8, z: 1 });
    assert.equal(completedElements(engine.records(pik)).filter((id) => id === 'esp').length, 3);
    assert.equal(onlyJob(engine, 'wait').elementId, 'wait');
  });

  it('given a filter on variable names and on updates, when other changes happen, then they do not re-evaluate the condition', async () => {
    const engine = await engineFor(`<bpmn:startEvent id="s" />${flow('f1', 's', 'c')}
      <bpmn:intermediateCatchEvent id="c">${condition('=x &gt; 5 or y &gt; 5', 'variableNames="y" variableEvents="update"')}</bpmn:intermediateCatchEvent>${flow('f2', 'c', 'e')}<bpmn:endEvent id="e" />`);
    const pik = engine.createInstance('p', { x: 0 });
    engine.setVariables(pik, { x: 9 });
    engine.setVariables(pik, { y: 0 });
    assert.equal(engine.instanceState(pik), 'ACTIVE');
    engine.setVariables(pik, { y: 1 });
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });

  it('given an event-based gateway between a message and a condition, when the condition becomes true, then its branch is taken and the message subscription closes', async () => {
    const engine = await engineFor(`<bpmn:startEvent id="s" />${flow('f1', 's', 'g')}<bpmn:eventBasedGateway id="g" />
      ${flow('f2', 'g', 'msg')}<bpmn:intermediateCatchEvent id="msg"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>${flow('f3', 'msg', 'e1')}<bpmn:endEvent id="e1" />
      ${flow('f4', 'g', 'ready')}<bpmn:intermediateCatchEvent id="ready">${condition('=approved')}</bpmn:intermediateCatchEvent>${flow('f5', 'ready', 'e2')}<bpmn:endEvent id="e2" />`,
      '<bpmn:message id="m" name="cancel"><bpmn:extensionElements><zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>');
    const pik = engine.createInstance('p', { id: 'o-1', approved: false });
    assert.equal(engine.messageSubscriptions(pik).length, 1);
    engine.setVariables(pik, { approved: true });
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assert.deepEqual(engine.messageSubscriptions(pik), []);
    assert.deepEqual(completedElements(engine.records(pik)).filter((id) => id.startsWith('e')), ['e2']);
  });

  it('given a non-interrupting event sub-process that keeps its own condition true, when run 10 steps at a time, then the rounds span many commands, the pending evaluation survives each, and the count ends right', async () => {
    const graph = await graphOf(`<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${task('wait', 'wait')}${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />
      <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es" isInterrupting="false">${condition('=n &lt; 30')}</bpmn:startEvent>${flow('f3', 'es', 'inc')}
        <bpmn:scriptTask id="inc"><bpmn:extensionElements><zeebe:script expression="=n + 1" resultVariable="n" /></bpmn:extensionElements></bpmn:scriptTask>${flow('f4', 'inc', 'ee')}<bpmn:endEvent id="ee" /></bpmn:subProcess>`);
    let key = 100;
    const ctx = { now: Date.parse('2026-01-01T00:00:00Z'), graph, nextKey: () => String(++key), maxSteps: 10 };
    let result = execute(null, { type: 'CREATE_INSTANCE', processInstanceKey: '1', processDefinitionKey: '2', version: 1, tenantId: '<default>', variables: { n: 0 } }, ctx);
    let slices = 1;
    let conditionsPending = 0;
    while (result.state.pending) {
      if (result.state.pending.deferred.some(([id]) => id === 'conditions')) conditionsPending++;
      // as the store keeps it: plain JSON between commands
      result = execute(JSON.parse(JSON.stringify(result.state)) as InstanceState, { type: 'CONTINUE' }, ctx);
      slices++;
    }
    assert.equal(result.state.variables['1']?.n, 30);
    assert.ok(slices > 10, `expected many slices, got ${slices}`);
    assert.ok(conditionsPending > 0);
    assert.equal(result.state.state, 'ACTIVE');
  });
});
