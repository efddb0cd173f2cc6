import type { ElementType, EventDefinition, TimerDef } from '../graph';
import { body, describeType, extension, list, ref, str, type ModdleNode } from '../moddle/moddle-node';
import type { ProblemList } from '../problems';
import { optionalExpression, toCondition, toExpression } from './expressions';

/** Where an event sits, which decides whether a message subscription needs a correlation key. */
export interface EventPosition {
  readonly type: ElementType;
  /** True for the start event of an event sub-process. */
  readonly inEventSubProcess: boolean;
}

/**
 * The single event definition of an event (or the message of a receive task). Events without
 * one are `{ kind: 'none' }`. Multiple event definitions are reported.
 */
export function compileEventDefinition(
  node: ModdleNode,
  position: EventPosition,
  problems: ProblemList,
  unreadable: Set<string>,
): EventDefinition {
  const id = node.id ?? '';
  if (position.type === 'receiveTask') return messageDefinition(ref(node, 'messageRef'), position);

  const definitions = list(node, 'eventDefinitions');
  if (definitions.length > 1) {
    problems.add(
      id,
      'at most one event definition per event',
      `${describeType(node.$type)} '${id}' has ${definitions.length} (multiple and parallel-multiple events are not supported)`,
    );
  }
  const definition = definitions[0];
  if (!definition) return Object.freeze({ kind: 'none' });

  switch (definition.$type) {
    case 'bpmn:MessageEventDefinition':
      return messageDefinition(ref(definition, 'messageRef'), position);
    case 'bpmn:TimerEventDefinition':
      return Object.freeze({ kind: 'timer', timer: timerDefinition(definition) });
    case 'bpmn:SignalEventDefinition': {
      const signal = ref(definition, 'signalRef');
      return Object.freeze({
        kind: 'signal',
        signalName: toExpression((signal && str(signal, 'name')) ?? ''),
      });
    }
    case 'bpmn:ErrorEventDefinition': {
      const error = ref(definition, 'errorRef');
      const errorCode = optionalExpression(error && str(error, 'errorCode'));
      return Object.freeze({ kind: 'error', ...(errorCode ? { errorCode } : {}) });
    }
    case 'bpmn:EscalationEventDefinition': {
      const escalation = ref(definition, 'escalationRef');
      const escalationCode = optionalExpression(escalation && str(escalation, 'escalationCode'));
      return Object.freeze({ kind: 'escalation', ...(escalationCode ? { escalationCode } : {}) });
    }
    case 'bpmn:TerminateEventDefinition':
      return Object.freeze({ kind: 'terminate' });
    case 'bpmn:LinkEventDefinition':
      return Object.freeze({ kind: 'link', linkName: (str(definition, 'name') ?? '').trim() });
    case 'bpmn:CompensateEventDefinition': {
      const activityId = ref(definition, 'activityRef')?.id;
      return Object.freeze({ kind: 'compensate', ...(activityId ? { activityRef: activityId } : {}) });
    }
    case 'bpmn:CancelEventDefinition':
      return Object.freeze({ kind: 'cancel' });
    case 'bpmn:ConditionalEventDefinition':
      return conditionalDefinition(definition, id, problems);
    default:
      unreadable.add(id);
      problems.add(
        id,
        'a supported event definition',
        `${describeType(node.$type)} '${id}' has ${definition.$type}`,
      );
      return Object.freeze({ kind: 'none' });
  }
}

const VARIABLE_EVENTS: readonly string[] = ['create', 'update'];

/**
 * A conditional event: its `bpmn:condition` and the `zeebe:conditionalFilter` that narrows which
 * variable changes re-evaluate it. A missing condition or an unknown variable event is reported.
 */
function conditionalDefinition(definition: ModdleNode, id: string, problems: ProblemList): EventDefinition {
  const condition = toCondition(body(definition, 'condition'));
  if (!condition) problems.add(id, `a bpmn:condition on the conditional event '${id}'`, 'it has none');
  const filter = extension(definition, 'zeebe:ConditionalFilter');
  const rawNames = filter && str(filter, 'variableNames');
  const names = splitList(rawNames);
  if (rawNames !== undefined && rawNames.trim() !== '' && rawNames.split(',').some((n) => n.trim() === ''))
    problems.add(id, `variableNames of '${id}' to be a comma-separated list without empty names`, `it is '${rawNames}'`);
  const events = splitList(filter && str(filter, 'variableEvents'));
  for (const event of events) {
    if (!VARIABLE_EVENTS.includes(event))
      problems.add(id, `variableEvents of '${id}' to be create, update or both`, `it has '${event}'`);
  }
  for (const name of names) {
    if (name.startsWith('='))
      problems.add(id, `static variableNames on '${id}'`, `'${name}' is an expression`);
  }
  return Object.freeze({
    kind: 'conditional',
    condition: condition ?? Object.freeze({ kind: 'feel', source: 'false' }),
    ...(names.length > 0 ? { variableNames: Object.freeze(names) } : {}),
    ...(events.length > 0 ? { variableEvents: Object.freeze(events as ('create' | 'update')[]) } : {}),
  });
}

/** `"a, b"` → `['a', 'b']`; empty for an absent or blank list. */
function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/**
 * A message subscription. The name comes from the referenced `bpmn:message` (it may itself be
 * `=FEEL`); the correlation key from that message's `zeebe:subscription`. A process-level
 * message start event has no key: it starts a new instance instead of correlating to one.
 */
function messageDefinition(message: ModdleNode | undefined, position: EventPosition): EventDefinition {
  const messageName = toExpression((message && str(message, 'name')) ?? '');
  const processStart = position.type === 'startEvent' && !position.inEventSubProcess;
  const throwing = position.type === 'endEvent' || position.type === 'intermediateThrowEvent';
  const subscription = message && extension(message, 'zeebe:Subscription');
  const correlationKey =
    processStart || throwing
      ? undefined
      : optionalExpression(subscription && str(subscription, 'correlationKey'));
  return Object.freeze({ kind: 'message', messageName, ...(correlationKey ? { correlationKey } : {}) });
}

function timerDefinition(definition: ModdleNode): TimerDef {
  const timeDate = optionalExpression(body(definition, 'timeDate'));
  const timeDuration = optionalExpression(body(definition, 'timeDuration'));
  const timeCycle = optionalExpression(body(definition, 'timeCycle'));
  return Object.freeze({
    ...(timeDate ? { timeDate } : {}),
    ...(timeDuration ? { timeDuration } : {}),
    ...(timeCycle ? { timeCycle } : {}),
  });
}
