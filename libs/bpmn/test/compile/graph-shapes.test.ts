import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileDeployment, compileOrThrow, UNSUPPORTED_FEATURES } from '../../src';
import { job, message, processXml, timer } from '../support/bpmn-documents';

describe('compiling flows', () => {
  it('given a gateway listing its outgoing flows, when compiled, then outgoing keeps that order', async () => {
    // given
    const xml = processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:exclusiveGateway id="g" default="f3">
        <bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f2</bpmn:outgoing>
      </bpmn:exclusiveGateway>
      <bpmn:endEvent id="a" /><bpmn:endEvent id="b" /><bpmn:endEvent id="c" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="g" />
      <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="a"><bpmn:conditionExpression>=x</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="f4" sourceRef="g" targetRef="c"><bpmn:conditionExpression>=y</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="b" />`);
    // when
    const [graph] = await compileOrThrow(xml);
    // then listed flows come first, in the listed order, then the rest in document order
    assert.deepEqual(graph.elements.get('g')?.outgoing, ['f3', 'f2', 'f4']);
  });

  it('given a join inside a loop, when compiled, then reachableFrom holds every element that leads back to it, but not itself', async () => {
    // given start → a → join → b → again → (back to a | end); c has a boundary event leading to the join
    const xml = processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:task id="a" />
      <bpmn:task id="c" />
      <bpmn:boundaryEvent id="cTimeout" attachedToRef="c">${timer('timeDuration', 'PT1M')}</bpmn:boundaryEvent>
      <bpmn:exclusiveGateway id="join" />
      <bpmn:task id="b" />
      <bpmn:exclusiveGateway id="again" default="done" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="s1" sourceRef="start" targetRef="a" />
      <bpmn:sequenceFlow id="s2" sourceRef="a" targetRef="join" />
      <bpmn:sequenceFlow id="s3" sourceRef="cTimeout" targetRef="join" />
      <bpmn:sequenceFlow id="s4" sourceRef="join" targetRef="b" />
      <bpmn:sequenceFlow id="s5" sourceRef="b" targetRef="again" />
      <bpmn:sequenceFlow id="loop" sourceRef="again" targetRef="a"><bpmn:conditionExpression>=retry</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="done" sourceRef="again" targetRef="end" />`);
    // when
    const { processes } = await compileDeployment(xml);
    // then b and again reach it round the loop, c through its boundary event; end and the join do not
    const reachable = processes[0].elements.get('join')?.reachableFrom;
    assert.deepEqual([...(reachable ?? [])].sort(), ['a', 'again', 'b', 'c', 'cTimeout', 'start']);
  });
});

describe('compiling features the engine does not run yet', () => {
  const xml = processXml(
    `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="call">
        <bpmn:extensionElements>
          <zeebe:calledElement processId="=childId" bindingType="versionTag" versionTag="v2" propagateAllChildVariables="false" />
        </bpmn:extensionElements>
      </bpmn:callActivity>
      <bpmn:serviceTask id="each">
        <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics isSequential="true">
          <bpmn:extensionElements>
            <zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=result" />
          </bpmn:extensionElements>
          <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=count(results) &gt;= 3</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:serviceTask>
      <bpmn:boundaryEvent id="undoBoundary" attachedToRef="each"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="undo" isForCompensation="true">${job('undo')}</bpmn:serviceTask>
      <bpmn:transaction id="tx">
        <bpmn:startEvent id="txStart" />
        <bpmn:endEvent id="txCancel"><bpmn:cancelEventDefinition /></bpmn:endEvent>
        <bpmn:sequenceFlow id="t1" sourceRef="txStart" targetRef="txCancel" />
      </bpmn:transaction>
      <bpmn:boundaryEvent id="txCancelled" attachedToRef="tx"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
      <bpmn:intermediateThrowEvent id="escalate"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>
      <bpmn:subProcess id="onCancel" triggeredByEvent="true">
        <bpmn:startEvent id="cancelRequested" isInterrupting="false"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
        <bpmn:endEvent id="cancelHandled" />
        <bpmn:sequenceFlow id="e1" sourceRef="cancelRequested" targetRef="cancelHandled" />
      </bpmn:subProcess>
      <bpmn:intermediateThrowEvent id="compensateAll"><bpmn:compensateEventDefinition activityRef="each" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
      <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="each" />
      <bpmn:sequenceFlow id="f3" sourceRef="each" targetRef="tx" />
      <bpmn:sequenceFlow id="f4" sourceRef="tx" targetRef="escalate" />
      <bpmn:sequenceFlow id="f5" sourceRef="escalate" targetRef="compensateAll" />
      <bpmn:sequenceFlow id="f6" sourceRef="compensateAll" targetRef="end" />
      <bpmn:association id="a1" sourceRef="undoBoundary" targetRef="undo" />`,
    `${message('m', 'cancel-order')}<bpmn:escalation id="esc" escalationCode="LATE" />`,
  );

  it('given call activities, multi-instance, compensation, transactions, escalation, cancel and event sub-processes, when compiled, then all of them are accepted', async () => {
    // when
    const { problems } = await compileDeployment(xml);
    // then
    assert.deepEqual(problems, []);
    assert.ok(!UNSUPPORTED_FEATURES.has('transaction') && !UNSUPPORTED_FEATURES.has('cancelEvent'));
  });

  it('given the same model with every feature enabled, when compiled, then the graph holds all of it', async () => {
    // when
    const [graph] = await compileOrThrow(xml, { unsupportedFeatures: new Set() });
    // then
    const el = (id: string) => graph.elements.get(id);
    assert.deepEqual(el('call')?.calledElement, {
      processId: { kind: 'feel', source: 'childId' },
      bindingType: 'versionTag',
      versionTag: 'v2',
      propagateAllChildVariables: false,
      propagateAllParentVariables: true,
    });
    assert.deepEqual(el('each')?.loop, {
      isSequential: true,
      inputCollection: { kind: 'feel', source: 'items' },
      inputElement: 'item',
      outputCollection: 'results',
      outputElement: { kind: 'feel', source: 'result' },
      completionCondition: { kind: 'feel', source: 'count(results) >= 3' },
    });
    assert.equal(el('undoBoundary')?.compensationHandler, 'undo');
    assert.equal(el('undo')?.isForCompensation, true);
    assert.deepEqual(el('compensateAll')?.eventDefinition, { kind: 'compensate', activityRef: 'each' });
    assert.equal(el('tx')?.subProcessKind, 'transaction');
    assert.equal(el('tx')?.noneStartEventId, 'txStart');
    assert.deepEqual(el('txCancel')?.eventDefinition, { kind: 'cancel' });
    assert.deepEqual(el('escalate')?.eventDefinition, {
      kind: 'escalation',
      escalationCode: { kind: 'static', value: 'LATE' },
    });
    assert.equal(el('onCancel')?.subProcessKind, 'event');
    assert.equal(el('onCancel')?.noneStartEventId, undefined);
    assert.equal(el('cancelRequested')?.interrupting, false);
    assert.deepEqual(el('cancelRequested')?.eventDefinition, {
      kind: 'message',
      messageName: { kind: 'static', value: 'cancel-order' },
      correlationKey: { kind: 'feel', source: 'orderId' },
    });
    assert.deepEqual(graph.startEvents, { none: 'start', message: [], timer: [], signal: [] });
  });
});

describe('choosing the processes to compile', () => {
  const twoProcesses = (executable: [boolean, boolean]): string => `<?xml version="1.0" encoding="UTF-8"?>
    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
      <bpmn:process id="first" isExecutable="${executable[0]}"><bpmn:startEvent id="s1" /></bpmn:process>
      <bpmn:process id="second" isExecutable="${executable[1]}"><bpmn:startEvent id="s2" /></bpmn:process>
    </bpmn:definitions>`;

  it('given one executable process among two, when compiled, then only that one is compiled', async () => {
    const processes = await compileOrThrow(twoProcesses([false, true]));
    assert.deepEqual(
      processes.map((p) => p.processId),
      ['second'],
    );
  });

  it('given no executable process, when compiled, then every process is compiled', async () => {
    const processes = await compileOrThrow(twoProcesses([false, false]));
    assert.deepEqual(
      processes.map((p) => p.processId),
      ['first', 'second'],
    );
  });

  it('given message, timer and signal start events, when compiled, then startEvents lists them by kind', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
       <bpmn:startEvent id="byTimer">${timer('timeCycle', 'R/PT1H')}</bpmn:startEvent>
       <bpmn:startEvent id="bySignal"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>`,
      `<bpmn:message id="m" name="order-placed" /><bpmn:signal id="sig" name="=&quot;go-&quot; + region" />`,
    );
    const [graph] = await compileOrThrow(xml);
    assert.deepEqual(graph.startEvents, { message: ['byMessage'], timer: ['byTimer'], signal: ['bySignal'] });
    assert.deepEqual(graph.elements.get('byMessage')?.eventDefinition, {
      kind: 'message',
      messageName: { kind: 'static', value: 'order-placed' },
    });
    assert.deepEqual(graph.elements.get('bySignal')?.eventDefinition, {
      kind: 'signal',
      signalName: { kind: 'feel', source: '"go-" + region' },
    });
  });
});
