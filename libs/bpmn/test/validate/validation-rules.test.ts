import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileDeployment, type Problem } from '../../src';
import { job, message, processXml, timer } from '../support/bpmn-documents';

interface RuleCase {
  /** The model, in words. */
  readonly given: string;
  readonly body: string;
  readonly rootElements?: string;
  /** Compile with every feature enabled, to isolate the rule from "not supported yet". */
  readonly allFeatures?: boolean;
  /** The one problem expected. */
  readonly elementId: string | null;
  readonly message: RegExp;
}

const start = '<bpmn:startEvent id="start" />';
const flow = (id: string, from: string, to: string, condition?: string): string =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
const ext = (inner: string): string => `<bpmn:extensionElements>${inner}</bpmn:extensionElements>`;
const msgCatch = (id: string, messageRef: string): string =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="${messageRef}" /></bpmn:intermediateCatchEvent>`;

const cases: readonly RuleCase[] = [
  // Jobs
  {
    given: 'a service task without a zeebe:taskDefinition',
    body: `${start}<bpmn:serviceTask id="task" />`,
    elementId: 'task',
    message: /^Expected a zeebe:taskDefinition with a job type, but service task 'task' has none$/,
  },
  {
    given: 'a send task with an empty job type',
    body: `${start}<bpmn:sendTask id="task">${ext('<zeebe:taskDefinition type="" />')}</bpmn:sendTask>`,
    elementId: 'task',
    message: /but send task 'task' has an empty type/,
  },
  {
    given: 'a business rule task without a job type',
    body: `${start}<bpmn:businessRuleTask id="rule" />`,
    elementId: 'rule',
    message: /zeebe:taskDefinition with a job type, but business rule task 'rule' has none/,
  },
  {
    given: 'a business rule task that calls a DMN decision without a result variable',
    body: `${start}<bpmn:businessRuleTask id="rule">${ext('<zeebe:calledDecision decisionId="d" />')}</bpmn:businessRuleTask>`,
    elementId: 'rule',
    message: /^Expected a zeebe:calledDecision with a decisionId and a resultVariable, but business rule task 'rule' has no resultVariable$/,
  },
  {
    given: 'a business rule task that calls a decision with an unknown binding type',
    body: `${start}<bpmn:businessRuleTask id="rule">${ext('<zeebe:calledDecision decisionId="d" resultVariable="r" bindingType="newest" />')}</bpmn:businessRuleTask>`,
    elementId: 'rule',
    message: /zeebe:calledDecision bindingType of latest, deployment, versionTag, but business rule task 'rule' has 'newest'/,
  },
  {
    given: 'job retries that are not a number',
    body: `${start}<bpmn:serviceTask id="task">${ext('<zeebe:taskDefinition type="t" retries="many" />')}</bpmn:serviceTask>`,
    elementId: 'task',
    message: /^Expected job retries to be a whole number .*, but service task 'task' has 'many'$/,
  },
  {
    given: 'a message end event without a job type',
    body: `${start}<bpmn:endEvent id="end"><bpmn:messageEventDefinition /></bpmn:endEvent>`,
    elementId: 'end',
    message: /zeebe:taskDefinition with a job type, but end event 'end' has none/,
  },
  // FEEL
  {
    given: 'a condition that is not valid FEEL',
    body: `${start}<bpmn:exclusiveGateway id="g" default="f2" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
      ${flow('f0', 'start', 'g')}${flow('f1', 'g', 'a', '=orderTotal &gt;')}${flow('f2', 'g', 'b')}`,
    elementId: 'f1',
    message:
      /^Expected a valid FEEL expression as the condition of sequence flow 'f1', but '=orderTotal >' does not parse: it ends too early$/,
  },
  {
    given: 'an input mapping that is not valid FEEL',
    body: `${start}<bpmn:serviceTask id="task">${ext('<zeebe:taskDefinition type="t" /><zeebe:ioMapping><zeebe:input source="=1 +* 2" target="x" /></zeebe:ioMapping>')}</bpmn:serviceTask>`,
    elementId: 'task',
    message:
      /as the input mapping 'x' of service task 'task', but '=1 \+\* 2' does not parse: it has a syntax error at character 4/,
  },
  {
    given: 'an input mapping longer than the FEEL length limit',
    body: `${start}<bpmn:serviceTask id="task">${ext(`<zeebe:taskDefinition type="t" /><zeebe:ioMapping><zeebe:input source="=${'1 + '.repeat(2600)}1" target="x" /></zeebe:ioMapping>`)}</bpmn:serviceTask>`,
    elementId: 'task',
    message: /as the input mapping 'x' of service task 'task', but '=1 \+ 1 \+ .{60,}…' does not parse: it is 10401 characters long, over the limit of 10000$/,
  },
  {
    given: 'a script nested deeper than the FEEL depth limit',
    body: `${start}<bpmn:scriptTask id="calc">${ext(`<zeebe:script expression="=${'['.repeat(250)}1${']'.repeat(250)}" resultVariable="r" />`)}</bpmn:scriptTask>`,
    elementId: 'calc',
    message: /as the script of script task 'calc', but .* does not parse: it nests deeper than the limit of 200 levels$/,
  },
  {
    given: 'a FEEL job type that does not parse',
    body: `${start}<bpmn:serviceTask id="task">${ext('<zeebe:taskDefinition type="=&#34;pay" />')}</bpmn:serviceTask>`,
    elementId: 'task',
    message: /as the job type of service task 'task'/,
  },
  {
    given: 'a FEEL timer that does not parse',
    body: `${start}<bpmn:intermediateCatchEvent id="wait">${timer('timeDuration', '=duration(')}</bpmn:intermediateCatchEvent>`,
    elementId: 'wait',
    message: /as the timer timeDuration of intermediate catch event 'wait'/,
  },
  {
    given: 'a correlation key that does not parse',
    body: `${start}${msgCatch('wait', 'm')}`,
    rootElements: message('m', 'paid', '=order.'),
    elementId: 'wait',
    message: /as the correlation key of intermediate catch event 'wait'/,
  },
  {
    given: 'a FEEL message name that does not parse',
    body: `${start}${msgCatch('wait', 'm')}`,
    rootElements: message('m', '=[1,'),
    elementId: 'wait',
    message: /as the message name of intermediate catch event 'wait'/,
  },
  {
    given: 'a user task assignee that does not parse',
    body: `${start}<bpmn:userTask id="approve">${ext('<zeebe:userTask /><zeebe:assignmentDefinition assignee="={a:" />')}</bpmn:userTask>`,
    elementId: 'approve',
    message: /as the user task assignee of user task 'approve'/,
  },
  {
    given: 'a script that does not parse',
    body: `${start}<bpmn:scriptTask id="calc">${ext('<zeebe:script expression="=1 +" resultVariable="r" />')}</bpmn:scriptTask>`,
    elementId: 'calc',
    message: /as the script of script task 'calc'/,
  },
  // Gateways and flows
  {
    given: 'a gateway without an outgoing flow',
    body: `${start}<bpmn:parallelGateway id="g" />${flow('f', 'start', 'g')}`,
    elementId: 'g',
    message: /^Expected at least one outgoing sequence flow on parallel gateway 'g', but it has none$/,
  },
  {
    given: 'an exclusive gateway with a flow that has neither a condition nor is the default',
    body: `${start}<bpmn:exclusiveGateway id="g" default="f2" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" /><bpmn:endEvent id="c" />
      ${flow('f0', 'start', 'g')}${flow('f1', 'g', 'a', '=x')}${flow('f2', 'g', 'b')}${flow('f3', 'g', 'c')}`,
    elementId: 'f3',
    message:
      /^Expected sequence flow 'f3' leaving exclusive gateway 'g' to have a condition or be its default flow, but it has neither$/,
  },
  {
    given: 'an inclusive gateway with an unconditional flow and no default',
    body: `${start}<bpmn:inclusiveGateway id="g" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
      ${flow('f0', 'start', 'g')}${flow('f1', 'g', 'a', '=x')}${flow('f2', 'g', 'b')}`,
    elementId: 'f2',
    message: /leaving inclusive gateway 'g' to have a condition or be its default flow/,
  },
  {
    given: 'a default flow with a condition',
    body: `${start}<bpmn:exclusiveGateway id="g" default="f1" /><bpmn:endEvent id="a" />${flow('f0', 'start', 'g')}${flow('f1', 'g', 'a', '=x')}`,
    elementId: 'f1',
    message: /^Expected default flow 'f1' of exclusive gateway 'g' to have no condition, but it has one$/,
  },
  {
    given: 'a condition on a flow leaving a parallel gateway',
    body: `${start}<bpmn:parallelGateway id="g" /><bpmn:endEvent id="a" />${flow('f0', 'start', 'g')}${flow('f1', 'g', 'a', '=x')}`,
    elementId: 'f1',
    message:
      /^Expected a condition only on a sequence flow leaving an exclusive or inclusive gateway, but 'f1' leaves parallel gateway 'g'$/,
  },
  {
    given: 'a condition on a flow leaving a task',
    body: `${start}<bpmn:task id="t" /><bpmn:endEvent id="a" />${flow('f0', 'start', 't')}${flow('f1', 't', 'a', '=x')}`,
    elementId: 'f1',
    message: /but 'f1' leaves task 't'$/,
  },
  {
    given: 'a sequence flow to an element that does not exist',
    body: `${start}${flow('f', 'start', 'nowhere')}`,
    elementId: 'f',
    message:
      /^Expected sequence flow 'f' to have a target flow node, but its target 'nowhere' does not exist$/,
  },
  {
    given: 'a sequence flow from a message definition instead of a flow node',
    body: `<bpmn:endEvent id="end" />${start}${flow('f', 'm', 'end')}`,
    rootElements: message('m', 'x'),
    elementId: 'f',
    message: /its source 'm' is not a flow node of process or sub-process 'p'/,
  },
  {
    given: 'an event-based gateway leading to a task',
    body: `${start}<bpmn:eventBasedGateway id="g" />${msgCatch('paid', 'm')}<bpmn:task id="t" />
      ${flow('f0', 'start', 'g')}${flow('f1', 'g', 'paid')}${flow('f2', 'g', 't')}`,
    rootElements: message('m', 'paid'),
    elementId: 'g',
    message: /lead to a message, timer, signal or conditional catch event or a receive task, but 'f2' leads to task 't'/,
  },
  // Start events and scopes
  {
    given: 'a process without a start event',
    body: '<bpmn:task id="t" />',
    elementId: 'p',
    message:
      /^Expected process 'p' to have a none start event or a message, timer or signal start event, but it has none$/,
  },
  {
    given: 'a process with two none start events',
    body: `${start}<bpmn:startEvent id="start2" />`,
    elementId: 'p',
    message: /at most one none start event in process 'p', but it has 2/,
  },
  {
    given: 'an embedded sub-process without a start event',
    body: `${start}<bpmn:subProcess id="sub"><bpmn:task id="inner" /></bpmn:subProcess>`,
    elementId: 'sub',
    message:
      /^Expected sub-process 'sub' to have exactly one start event, a none start event, but it has none$/,
  },
  {
    given: 'a start event with an error definition at process level',
    body: `${start}<bpmn:startEvent id="oops"><bpmn:errorEventDefinition /></bpmn:startEvent>`,
    elementId: 'oops',
    message:
      /a process start event with no event definition or a message, timer or signal definition, but start event 'oops' has an error definition/,
  },
  // Messages
  {
    given: 'a message catch event whose message has no name',
    body: `${start}${msgCatch('wait', 'm')}`,
    rootElements:
      '<bpmn:message id="m"><bpmn:extensionElements><zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>',
    elementId: 'wait',
    message: /^Expected a bpmn:message with a name on intermediate catch event 'wait', but it has none$/,
  },
  {
    given: 'a message catch event without a correlation key',
    body: `${start}${msgCatch('wait', 'm')}`,
    rootElements: '<bpmn:message id="m" name="paid" />',
    elementId: 'wait',
    message:
      /^Expected a zeebe:subscription correlationKey on the message of intermediate catch event 'wait', but it has none$/,
  },
  {
    given: 'a receive task without a correlation key',
    body: `${start}<bpmn:receiveTask id="wait" messageRef="m" />`,
    rootElements: '<bpmn:message id="m" name="paid" />',
    elementId: 'wait',
    message: /correlationKey on the message of receive task 'wait'/,
  },
  {
    given: 'a message boundary event without a correlation key',
    body: `${start}<bpmn:task id="t" /><bpmn:boundaryEvent id="cancelled" attachedToRef="t"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>`,
    rootElements: '<bpmn:message id="m" name="cancel" />',
    elementId: 'cancelled',
    message: /correlationKey on the message of boundary event 'cancelled'/,
  },
  // Script tasks and call activities
  {
    given: 'a script task without a zeebe:script',
    body: `${start}<bpmn:scriptTask id="calc" />`,
    elementId: 'calc',
    message:
      /^Expected a zeebe:script with a FEEL expression and a resultVariable, but script task 'calc' has none/,
  },
  {
    given: 'a script task without a result variable',
    body: `${start}<bpmn:scriptTask id="calc">${ext('<zeebe:script expression="=1 + 1" />')}</bpmn:scriptTask>`,
    elementId: 'calc',
    message: /script task 'calc' has no resultVariable/,
  },
  {
    given: 'a call activity without a process id',
    body: `${start}<bpmn:callActivity id="call">${ext('<zeebe:calledElement />')}</bpmn:callActivity>`,
    allFeatures: true,
    elementId: 'call',
    message:
      /^Expected a zeebe:calledElement with a processId, but call activity 'call' has an empty processId$/,
  },
  {
    given: 'a call activity with an unknown binding type',
    body: `${start}<bpmn:callActivity id="call">${ext('<zeebe:calledElement processId="child" bindingType="newest" />')}</bpmn:callActivity>`,
    allFeatures: true,
    elementId: 'call',
    message:
      /^Expected a zeebe:calledElement bindingType of latest, deployment, versionTag, but call activity 'call' has 'newest'$/,
  },
  // Timers
  {
    given: 'a timer without a definition',
    body: `${start}<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>`,
    elementId: 'wait',
    message:
      /exactly one of timeDate, timeDuration or timeCycle on intermediate catch event 'wait', but it has none/,
  },
  {
    given: 'a timer duration that is not ISO 8601',
    body: `${start}<bpmn:intermediateCatchEvent id="wait">${timer('timeDuration', '48 hours')}</bpmn:intermediateCatchEvent>`,
    elementId: 'wait',
    message:
      /timeDuration of intermediate catch event 'wait' to be an ISO 8601 duration .*, but it is '48 hours'/,
  },
  {
    given: 'a timer date without an offset',
    body: `${start}<bpmn:intermediateCatchEvent id="wait">${timer('timeDate', '2026-02-30T10:00:00Z')}</bpmn:intermediateCatchEvent>`,
    elementId: 'wait',
    message: /timeDate of intermediate catch event 'wait' to be an ISO 8601 date-time/,
  },
  {
    given: 'a timer cycle that is neither a repeating interval nor cron',
    body: `<bpmn:startEvent id="tick">${timer('timeCycle', 'every hour')}</bpmn:startEvent>`,
    elementId: 'tick',
    message:
      /timeCycle of start event 'tick' to be an ISO 8601 repeating interval .* or a cron expression of 5 or 6 fields/,
  },
  {
    given: 'a cycle on an interrupting timer boundary event',
    body: `${start}<bpmn:task id="t" /><bpmn:boundaryEvent id="every" attachedToRef="t">${timer('timeCycle', 'R/PT1H')}</bpmn:boundaryEvent>`,
    elementId: 'every',
    message: /a timeCycle only on a non-interrupting boundary event, but boundary event 'every' interrupts/,
  },
  // Other events
  {
    given: 'a link throw event without a matching catch event',
    body: `${start}<bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="later" /></bpmn:intermediateThrowEvent>${flow('f', 'start', 'jump')}`,
    elementId: 'jump',
    message:
      /^Expected a link catch event named 'later' in 'p' for intermediate throw event 'jump', but there is none$/,
  },
  {
    given: 'a boundary event attached to a gateway',
    body: `${start}<bpmn:exclusiveGateway id="g" /><bpmn:endEvent id="end" /><bpmn:boundaryEvent id="b" attachedToRef="g">${timer('timeDuration', 'PT1M')}</bpmn:boundaryEvent>${flow('f', 'start', 'g')}${flow('f2', 'g', 'end')}`,
    elementId: 'b',
    message:
      /^Expected boundary event 'b' to be attached to an activity next to it, but it is attached to exclusive gateway 'g'$/,
  },
  {
    given: 'a non-interrupting error boundary event',
    body: `${start}<bpmn:task id="t" /><bpmn:boundaryEvent id="failed" cancelActivity="false" attachedToRef="t"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`,
    elementId: 'failed',
    message: /an interrupting error boundary event, but boundary event 'failed' has cancelActivity="false"/,
  },
  {
    given: 'a signal catch event whose signal has no name',
    body: `${start}<bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>`,
    rootElements: '<bpmn:signal id="s" />',
    elementId: 'wait',
    message: /a bpmn:signal with a name on intermediate catch event 'wait'/,
  },
  {
    given: 'a conditional catch event without a condition',
    body: `${start}<bpmn:intermediateCatchEvent id="when"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>`,
    elementId: 'when',
    message: /^Expected a bpmn:condition on the conditional event 'when', but it has none$/,
  },
  {
    given: 'a conditional filter with a variable event Camunda does not know',
    body: `${start}<bpmn:intermediateCatchEvent id="when"><bpmn:conditionalEventDefinition><bpmn:extensionElements><zeebe:conditionalFilter variableEvents="create, delete" /></bpmn:extensionElements><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 1</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`,
    elementId: 'when',
    message: /^Expected variableEvents of 'when' to be create, update or both, but it has 'delete'$/,
  },
  {
    given: 'a conditional filter naming an empty variable',
    body: `${start}<bpmn:intermediateCatchEvent id="when"><bpmn:conditionalEventDefinition><bpmn:extensionElements><zeebe:conditionalFilter variableNames="x,,y" /></bpmn:extensionElements><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 1</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`,
    elementId: 'when',
    message: /^Expected variableNames of 'when' to be a comma-separated list without empty names, but it is 'x,,y'$/,
  },
  {
    given: 'a conditional condition that does not parse',
    body: `${start}<bpmn:intermediateCatchEvent id="when"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt;</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`,
    elementId: 'when',
    message: /condition/,
  },
  {
    given: 'a conditional process start event (started through an API Osprey does not offer)',
    body: `${start}<bpmn:startEvent id="when"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>`,
    elementId: 'when',
    message: /a process start event with no event definition or a message, timer or signal definition, but start event 'when' has a conditional definition/,
  },
  {
    given: 'an event with two event definitions',
    body: `${start}<bpmn:intermediateCatchEvent id="either">${timer('timeDuration', 'PT1M')}<bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>`,
    rootElements: '<bpmn:signal id="s" name="go" />',
    elementId: 'either',
    message: /at most one event definition per event, but intermediate catch event 'either' has 2/,
  },
  // Unsupported elements and extensions
  {
    given: 'a complex gateway',
    body: `${start}<bpmn:complexGateway id="x" />`,
    elementId: 'x',
    message: /^Expected a supported element, but found bpmn:ComplexGateway 'x'$/,
  },
  {
    given: 'an ad-hoc sub-process without activities',
    body: `${start}<bpmn:adHocSubProcess id="adhoc" />`,
    elementId: 'adhoc',
    message: /^Expected ad-hoc sub-process 'adhoc' to have at least one activity, but it has none$/,
  },
  {
    given: 'an ad-hoc sub-process with a start event',
    body: `${start}<bpmn:adHocSubProcess id="adhoc"><bpmn:startEvent id="inner-start" /><bpmn:task id="t" /></bpmn:adHocSubProcess>`,
    elementId: 'inner-start',
    message: /^Expected no start or end events in ad-hoc sub-process 'adhoc', but it has start event 'inner-start'$/,
  },
  {
    given: 'an execution listener without a job type',
    body: `${start}<bpmn:task id="t">${ext('<zeebe:executionListeners><zeebe:executionListener eventType="start" type="" /></zeebe:executionListeners>')}</bpmn:task>`,
    elementId: 't',
    message: /^Expected every execution listener of task 't' to have a job type, but one has none$/,
  },
  {
    given: 'a standard loop',
    body: `${start}<bpmn:task id="t"><bpmn:standardLoopCharacteristics /></bpmn:task>`,
    elementId: 't',
    message: /multi-instance loop characteristics, but task 't' has a standard loop/,
  },
  {
    given: 'an output mapping without a target',
    body: `${start}<bpmn:task id="t" />${msgCatch('wait', 'm')}`.replace(
      '<bpmn:messageEventDefinition',
      `${ext('<zeebe:ioMapping><zeebe:output source="=x" /></zeebe:ioMapping>')}<bpmn:messageEventDefinition`,
    ),
    rootElements: message('m', 'go'),
    elementId: 'wait',
    message: /every input and output mapping to have a target variable/,
  },
  {
    given: 'a user task with a static due date that is not a date',
    body: `${start}<bpmn:userTask id="approve">${ext('<zeebe:userTask /><zeebe:taskSchedule dueDate="tomorrow" />')}</bpmn:userTask>`,
    elementId: 'approve',
    message: /dueDate to be an ISO 8601 date-time with an offset .*, but user task 'approve' has 'tomorrow'/,
  },
  // Parser findings
  {
    given: 'an unknown Zeebe extension element',
    body: `${start}<bpmn:serviceTask id="task">${ext('<zeebe:taskDefinition type="t" /><zeebe:retryBackoff value="PT1M" />')}</bpmn:serviceTask>`,
    elementId: null,
    message:
      /^Expected only known BPMN and Zeebe elements, but <zeebe:retryBackoff> at line 7, column \d+ is of the unknown type zeebe:RetryBackoff$/,
  },
  {
    given: 'an attribute BPMN does not define',
    body: `${start}<bpmn:task id="t" colour="red" />`,
    elementId: 't',
    message:
      /^Expected only BPMN attributes and attributes of a declared namespace, but task 't' has the unknown attribute 'colour'$/,
  },
  {
    given: 'two elements with the same id',
    body: `${start}<bpmn:task id="t" /><bpmn:task id="t" />`,
    elementId: 't',
    message: /^Expected every id to be unique, but 't' is used more than once at line \d+, column \d+$/,
  },
];

async function problemsOf(c: RuleCase): Promise<readonly Problem[]> {
  const xml = processXml(c.body, c.rootElements);
  const { problems } = await compileDeployment(xml, c.allFeatures ? { unsupportedFeatures: new Set() } : {});
  return problems;
}

describe('validation rules', () => {
  for (const c of cases) {
    it(`given ${c.given}, when compiled, then exactly one problem names '${c.elementId ?? '(document)'}'`, async () => {
      // when
      const problems = await problemsOf(c);
      // then
      assert.equal(problems.length, 1, `expected one problem, got:\n${JSON.stringify(problems, null, 2)}`);
      assert.equal(problems[0].elementId, c.elementId);
      assert.match(problems[0].message, c.message);
      assert.match(problems[0].message, /^Expected .+, but .+/s);
      assert.ok(
        problems[0].expected && problems[0].message.startsWith(`Expected ${problems[0].expected}, but `),
      );
    });
  }

  it('given a minimal valid process, when compiled, then there are no problems', async () => {
    const xml =
      processXml(`${start}<bpmn:serviceTask id="t">${job()}</bpmn:serviceTask><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 't')}${flow('f2', 't', 'end')}`);
    assert.deepEqual((await compileDeployment(xml)).problems, []);
  });

  it('given a message start event without a correlation key, when compiled, then there are no problems', async () => {
    const xml = processXml(
      '<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>',
      '<bpmn:message id="m" name="order-placed" />',
    );
    assert.deepEqual((await compileDeployment(xml)).problems, []);
  });

  it('given timer cycles as repeating intervals and as cron, when compiled, then they are accepted', async () => {
    const xml = processXml(`
      <bpmn:startEvent id="a">${timer('timeCycle', 'R3/PT10M')}</bpmn:startEvent>
      <bpmn:startEvent id="b">${timer('timeCycle', 'R/2026-01-01T08:00:00+01:00/P1D')}</bpmn:startEvent>
      <bpmn:startEvent id="c">${timer('timeCycle', '0 0 9 * * MON-FRI')}</bpmn:startEvent>
      <bpmn:startEvent id="d">${timer('timeCycle', '*/15 * * * *')}</bpmn:startEvent>
      <bpmn:startEvent id="e">${timer('timeDate', '2026-03-01T09:00:00+01:00[Europe/Berlin]')}</bpmn:startEvent>
      <bpmn:startEvent id="f">${timer('timeCycle', '=cycle(duration("PT1H"))')}</bpmn:startEvent>`);
    assert.deepEqual((await compileDeployment(xml)).problems, []);
  });

  it('given a model breaking several rules, when compiled, then every problem is listed, not just the first', async () => {
    const xml = processXml(
      `<bpmn:serviceTask id="a" /><bpmn:scriptTask id="b" /><bpmn:complexGateway id="c" />`,
    );
    const { problems } = await compileDeployment(xml);
    assert.deepEqual(problems.map((p) => p.elementId).sort(), ['a', 'b', 'c', 'p']);
  });
});
