import { isActivity } from '../compile/element-types';
import { isBlank } from '../compile/expressions';
import type { ElementDef, ProcessGraph } from '../graph';
import type { ValidationFacts } from '../compile/drafts';
import type { ProblemList } from '../problems';
import { checkEventDefinition } from './event-rules';
import { label } from './labels';
import { isIsoDateTime } from './timer-values';

/** Rules about one element's own configuration: job type, script, called element, user task, mappings. */
export function checkElement(
  element: ElementDef,
  graph: ProcessGraph,
  facts: ValidationFacts,
  problems: ProblemList,
): void {
  if (element.type === 'process') return;
  if (!facts.unreadableEvents.has(element.id)) checkEventDefinition(element, graph, problems);
  if (needsJob(element) && !facts.decisionTasks.has(element.id)) checkTaskDefinition(element, problems);
  if (element.type === 'scriptTask') {
    if (element.taskDefinition && !element.script) checkTaskDefinition(element, problems);
    else checkScript(element, problems);
  }
  if (element.type === 'callActivity') checkCalledElement(element, problems);
  if (element.type === 'userTask') checkUserTask(element, problems);
  if (element.loop) checkLoop(element, problems);
  if (element.type === 'boundaryEvent') checkBoundaryEvent(element, graph, problems);
  for (const mapping of [...element.inputs, ...element.outputs]) {
    if (mapping.target === '') {
      problems.add(
        element.id,
        'every input and output mapping to have a target variable',
        `${label(element)} has one without`,
      );
    }
  }
}

/** Service, send and business-rule tasks, and message throw events, are jobs for a worker. */
function needsJob(element: ElementDef): boolean {
  if (element.type === 'serviceTask' || element.type === 'sendTask' || element.type === 'businessRuleTask')
    return true;
  return (
    (element.type === 'endEvent' || element.type === 'intermediateThrowEvent') &&
    element.eventDefinition?.kind === 'message'
  );
}

function checkTaskDefinition(element: ElementDef, problems: ProblemList): void {
  const definition = element.taskDefinition;
  const expected = 'a zeebe:taskDefinition with a job type';
  if (!definition) {
    problems.add(element.id, expected, `${label(element)} has none`);
    return;
  }
  if (isBlank(definition.type)) problems.add(element.id, expected, `${label(element)} has an empty type`);
  const retries = definition.retries;
  if (retries.kind === 'static' && !/^\d+$/.test(retries.value)) {
    problems.add(
      element.id,
      'job retries to be a whole number of 0 or more, or a FEEL expression',
      `${label(element)} has '${retries.value}'`,
    );
  }
}

function checkScript(element: ElementDef, problems: ProblemList): void {
  const script = element.script;
  if (!script || isBlank(script.expression) || script.resultVariable === '') {
    const has = !script
      ? 'has none'
      : isBlank(script.expression)
        ? 'has no expression'
        : 'has no resultVariable';
    problems.add(
      element.id,
      'a zeebe:script with a FEEL expression and a resultVariable',
      `${label(element)} ${has} (a script task runs FEEL, or is a job with a zeebe:taskDefinition)`,
    );
  }
}

function checkCalledElement(element: ElementDef, problems: ProblemList): void {
  const called = element.calledElement;
  if (!called || isBlank(called.processId)) {
    problems.add(
      element.id,
      'a zeebe:calledElement with a processId',
      `${label(element)} has ${called ? 'an empty processId' : 'none'}`,
    );
    return;
  }
  if (called.bindingType === 'versionTag' && !called.versionTag) {
    problems.add(element.id, 'a versionTag with bindingType versionTag', `${label(element)} has none`);
  }
}

function checkUserTask(element: ElementDef, problems: ProblemList): void {
  const task = element.userTask;
  if (!task) return;
  for (const field of ['dueDate', 'followUpDate'] as const) {
    const value = task[field];
    if (value?.kind === 'static' && !isIsoDateTime(value.value)) {
      problems.add(
        element.id,
        `the ${field} to be an ISO 8601 date-time with an offset (2026-01-31T17:00:00Z) or a FEEL expression`,
        `${label(element)} has '${value.value}'`,
      );
    }
  }
  const priority = task.priority;
  if (priority?.kind === 'static' && !(/^\d+$/.test(priority.value) && Number(priority.value) <= 100)) {
    problems.add(
      element.id,
      'a priority from 0 to 100 or a FEEL expression',
      `${label(element)} has '${priority.value}'`,
    );
  }
}

function checkLoop(element: ElementDef, problems: ProblemList): void {
  const loop = element.loop;
  if (!loop) return;
  if (isBlank(loop.inputCollection)) {
    problems.add(
      element.id,
      'a zeebe:loopCharacteristics inputCollection on a multi-instance activity',
      `${label(element)} has none`,
    );
  }
  if (Boolean(loop.outputCollection) !== Boolean(loop.outputElement)) {
    problems.add(
      element.id,
      'outputCollection and outputElement to be set together',
      `${label(element)} has only ${loop.outputCollection ? 'outputCollection' : 'outputElement'}`,
    );
  }
}

function checkBoundaryEvent(element: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  const hostId = element.attachedTo;
  const host = hostId === undefined ? undefined : graph.elements.get(hostId);
  if (!host || !isActivity(host.type) || host.scopeId !== element.scopeId) {
    problems.add(
      element.id,
      `${label(element)} to be attached to an activity next to it`,
      !hostId
        ? 'it is attached to nothing'
        : !host
          ? `'${hostId}' does not exist`
          : host.scopeId !== element.scopeId
            ? `${label(host)} is in another scope`
            : `it is attached to ${label(host)}`,
    );
  }
  const definition = element.eventDefinition;
  // Errors and cancellations end the activity they are caught on: there is nothing to keep running.
  if ((definition?.kind === 'error' || definition?.kind === 'cancel') && element.interrupting === false) {
    problems.add(
      element.id,
      `an interrupting ${definition.kind} boundary event`,
      `${label(element)} has cancelActivity="false"`,
    );
  }
  if (definition?.kind === 'compensate') {
    const handler = element.compensationHandler ? graph.elements.get(element.compensationHandler) : undefined;
    if (!handler) {
      problems.add(
        element.id,
        `${label(element)} to be associated with a compensation handler`,
        'it has no association to an activity',
      );
    } else if (!handler.isForCompensation) {
      problems.add(
        handler.id,
        `compensation handler ${label(handler)} to be marked isForCompensation`,
        'it is not',
      );
    }
  }
}
