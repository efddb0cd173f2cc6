import { isBlank, showExpression } from '../compile/expressions';
import type { ElementDef, EventDefinition, ProcessGraph, TimerDef } from '../graph';
import type { ProblemList } from '../problems';
import { label } from './labels';
import { isIsoDateTime, isIsoDuration, isTimeCycle } from './timer-values';

type Kind = EventDefinition['kind'];

/** Where an event sits; it decides which event definitions are allowed. */
type Position =
  | 'processStart'
  | 'subProcessStart'
  | 'eventSubProcessStart'
  | 'end'
  | 'intermediateThrow'
  | 'intermediateCatch'
  | 'boundary';

const ALLOWED: Readonly<Record<Position, readonly Kind[]>> = {
  processStart: ['none', 'message', 'timer', 'signal'],
  subProcessStart: ['none'],
  eventSubProcessStart: ['message', 'timer', 'signal', 'error', 'escalation', 'compensate', 'conditional'],
  end: ['none', 'message', 'signal', 'error', 'escalation', 'terminate', 'compensate', 'cancel'],
  intermediateThrow: ['none', 'message', 'signal', 'escalation', 'link', 'compensate'],
  intermediateCatch: ['message', 'timer', 'signal', 'link', 'conditional'],
  boundary: ['message', 'timer', 'signal', 'error', 'escalation', 'compensate', 'cancel', 'conditional'],
};

/** Timer kinds per position, as in Camunda 8 (a cycle only repeats where something can repeat). */
const TIMER_KINDS: Readonly<Partial<Record<Position, readonly (keyof TimerDef)[]>>> = {
  processStart: ['timeDate', 'timeCycle'],
  eventSubProcessStart: ['timeDate', 'timeDuration', 'timeCycle'],
  intermediateCatch: ['timeDate', 'timeDuration'],
  boundary: ['timeDate', 'timeDuration', 'timeCycle'],
};

const NAMES: Readonly<Record<Kind, string>> = {
  none: 'none',
  message: 'message',
  timer: 'timer',
  signal: 'signal',
  error: 'error',
  escalation: 'escalation',
  terminate: 'terminate',
  link: 'link',
  compensate: 'compensation',
  cancel: 'cancel',
  conditional: 'conditional',
};

/** Rules about the event definition of an event, or the message of a receive task. */
export function checkEventDefinition(element: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  const definition = element.eventDefinition;
  if (!definition) return;
  const position = positionOf(element, graph);
  if (position) {
    const allowed = ALLOWED[position];
    if (!allowed.includes(definition.kind)) {
      problems.add(
        element.id,
        `${describePosition(position)} with ${describeKinds(allowed)}`,
        `${label(element)} has ${definition.kind === 'none' ? 'no event definition' : `${withArticle(NAMES[definition.kind])} definition`}`,
      );
      return;
    }
  }
  const throwing = element.type === 'endEvent' || element.type === 'intermediateThrowEvent';
  switch (definition.kind) {
    case 'message':
      if (!throwing) checkMessage(element, definition, position, problems);
      break;
    case 'timer':
      checkTimer(element, definition.timer, position, problems);
      break;
    case 'signal':
      if (isBlank(definition.signalName)) {
        problems.add(element.id, `a bpmn:signal with a name on ${label(element)}`, 'it has none');
      }
      break;
    case 'error':
      if (throwing && !definition.errorCode) {
        problems.add(element.id, `a bpmn:error with an errorCode on ${label(element)}`, 'it has none');
      }
      break;
    case 'escalation':
      if (throwing && !definition.escalationCode) {
        problems.add(
          element.id,
          `a bpmn:escalation with an escalationCode on ${label(element)}`,
          'it has none',
        );
      }
      break;
    case 'link':
      if (definition.linkName === '')
        problems.add(element.id, `a link name on ${label(element)}`, 'it has none');
      break;
    case 'cancel':
      checkCancel(element, graph, problems);
      break;
    case 'compensate':
      if (position === 'eventSubProcessStart') checkCompensationEventSubProcess(element, graph, problems);
      break;
    default:
      break;
  }
}

function positionOf(element: ElementDef, graph: ProcessGraph): Position | undefined {
  switch (element.type) {
    case 'startEvent': {
      const scope = element.scopeId === null ? undefined : graph.elements.get(element.scopeId);
      if (!scope || scope.type === 'process') return 'processStart';
      return scope.subProcessKind === 'event' ? 'eventSubProcessStart' : 'subProcessStart';
    }
    case 'endEvent':
      return 'end';
    case 'intermediateThrowEvent':
      return 'intermediateThrow';
    case 'intermediateCatchEvent':
      return 'intermediateCatch';
    case 'boundaryEvent':
      return 'boundary';
    default:
      return undefined;
  }
}

/** `['none', 'message', 'timer']` → `no event definition or a message or timer definition`. */
function describeKinds(kinds: readonly Kind[]): string {
  const named = kinds.filter((k) => k !== 'none').map((k) => NAMES[k]);
  const list =
    named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named.join('');
  const definitions = named.length > 0 ? `${withArticle(list)} definition` : '';
  if (!kinds.includes('none')) return definitions;
  return definitions ? `no event definition or ${definitions}` : 'no event definition';
}

function withArticle(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function describePosition(position: Position): string {
  switch (position) {
    case 'processStart':
      return 'a process start event';
    case 'subProcessStart':
      return 'the start event of an embedded sub-process';
    case 'eventSubProcessStart':
      return 'the start event of an event sub-process';
    case 'end':
      return 'an end event';
    case 'intermediateThrow':
      return 'an intermediate throw event';
    case 'intermediateCatch':
      return 'an intermediate catch event';
    case 'boundary':
      return 'a boundary event';
  }
}

function checkMessage(
  element: ElementDef,
  definition: Extract<EventDefinition, { kind: 'message' }>,
  position: Position | undefined,
  problems: ProblemList,
): void {
  if (isBlank(definition.messageName)) {
    problems.add(element.id, `a bpmn:message with a name on ${label(element)}`, 'it has none');
  }
  if (position !== 'processStart' && isBlank(definition.correlationKey)) {
    problems.add(
      element.id,
      `a zeebe:subscription correlationKey on the message of ${label(element)}`,
      'it has none',
    );
  }
}

function checkTimer(
  element: ElementDef,
  timer: TimerDef,
  position: Position | undefined,
  problems: ProblemList,
): void {
  const kinds = (['timeDate', 'timeDuration', 'timeCycle'] as const).filter((kind) => timer[kind]);
  if (kinds.length !== 1) {
    problems.add(
      element.id,
      `exactly one of timeDate, timeDuration or timeCycle on ${label(element)}`,
      kinds.length === 0 ? 'it has none' : `it has ${kinds.join(' and ')}`,
    );
    return;
  }
  const kind = kinds[0];
  const allowed = position ? TIMER_KINDS[position] : undefined;
  if (allowed && !allowed.includes(kind)) {
    problems.add(element.id, `${allowed.join(' or ')} on ${label(element)}`, `it has a ${kind}`);
  }
  if (position === 'boundary' && kind === 'timeCycle' && element.interrupting !== false) {
    problems.add(
      element.id,
      `a timeCycle only on a non-interrupting boundary event`,
      `${label(element)} interrupts`,
    );
  }
  const value = timer[kind];
  if (!value || value.kind !== 'static') return;
  const valid =
    kind === 'timeDate'
      ? isIsoDateTime(value.value)
      : kind === 'timeDuration'
        ? isIsoDuration(value.value)
        : isTimeCycle(value.value);
  if (!valid) {
    const shape =
      kind === 'timeDate'
        ? 'an ISO 8601 date-time with an offset (2026-01-31T17:00:00Z)'
        : kind === 'timeDuration'
          ? 'an ISO 8601 duration (PT48H, P1D)'
          : 'an ISO 8601 repeating interval (R3/PT10M, R/2026-01-01T00:00:00Z/P1D) or a cron expression of 5 or 6 fields';
    problems.add(
      element.id,
      `the ${kind} of ${label(element)} to be ${shape} or a FEEL expression`,
      `it is '${showExpression(value)}'`,
    );
  }
}

/**
 * A compensation event sub-process undoes the sub-process it is in, once that completed: at
 * the process level there is nothing that completes and stays to be undone (Zeebe's rule too).
 */
function checkCompensationEventSubProcess(element: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  const esp = element.scopeId === null ? undefined : graph.elements.get(element.scopeId);
  const container = esp?.scopeId == null ? undefined : graph.elements.get(esp.scopeId);
  if (container?.type === 'subProcess' && container.subProcessKind !== 'adHoc') return;
  problems.add(
    esp?.id ?? element.id,
    `a compensation event sub-process inside an embedded sub-process`,
    `${esp ? label(esp) : label(element)} is ${container ? `inside ${label(container)}` : 'on the process level'}`,
  );
}

/**
 * Cancel events belong to transactions: an end event directly inside one (not inside a
 * sub-process of it, whose cancellation would have nothing to cancel), a boundary event on one.
 */
function checkCancel(element: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  const boundary = element.type === 'boundaryEvent';
  const ownerId = boundary ? element.attachedTo : (element.scopeId ?? undefined);
  const owner = ownerId === undefined ? undefined : graph.elements.get(ownerId);
  if (owner?.subProcessKind === 'transaction') return;
  const where = !owner
    ? 'it is not'
    : boundary
      ? `it is attached to ${label(owner)}`
      : `it is inside ${label(owner)}`;
  problems.add(
    element.id,
    `${label(element)} to be ${boundary ? 'attached to' : 'directly inside'} a transaction sub-process`,
    where,
  );
}
