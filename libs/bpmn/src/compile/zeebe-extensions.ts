import type { CalledElementDef, LoopDef, Mapping, TaskDefinition, UserTaskDef } from '../graph';
import { body, bool, describeType, extension, list, ref, str, type ModdleNode } from '../moddle/moddle-node';
import type { ProblemList } from '../problems';
import { optionalExpression, toCondition, toExpression } from './expressions';

/** `zeebe:ioMapping` inputs and outputs, in document order. */
export function ioMappings(node: ModdleNode): { inputs: Mapping[]; outputs: Mapping[] } {
  const mapping = extension(node, 'zeebe:IoMapping');
  if (!mapping) return { inputs: [], outputs: [] };
  const toMapping = (parameter: ModdleNode): Mapping =>
    Object.freeze({
      source: toExpression(str(parameter, 'source') ?? ''),
      target: (str(parameter, 'target') ?? '').trim(),
    });
  return {
    inputs: list(mapping, 'inputParameters').map(toMapping),
    outputs: list(mapping, 'outputParameters').map(toMapping),
  };
}

/** `zeebe:taskDefinition`; retries default to `3`, as in Camunda 8. */
export function taskDefinition(node: ModdleNode): TaskDefinition | undefined {
  const definition = extension(node, 'zeebe:TaskDefinition');
  if (!definition) return undefined;
  const retries = str(definition, 'retries');
  return Object.freeze({
    type: toExpression(str(definition, 'type') ?? ''),
    retries: toExpression(retries === undefined || retries.trim() === '' ? '3' : retries),
  });
}

/** `zeebe:taskHeaders` as key → value (a repeated key keeps its last value). */
export function taskHeaders(node: ModdleNode, problems: ProblemList): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const container = extension(node, 'zeebe:TaskHeaders');
  for (const header of container ? list(container, 'values') : []) {
    const key = str(header, 'key')?.trim();
    if (!key) {
      problems.add(
        node.id ?? null,
        'every zeebe:header to have a key',
        `'${node.id}' has a header without one`,
      );
      continue;
    }
    headers[key] = str(header, 'value') ?? '';
  }
  return Object.freeze(headers);
}

/** A user task's assignment, schedule, form and priority (all optional). */
export function userTask(node: ModdleNode): UserTaskDef {
  const assignment = extension(node, 'zeebe:AssignmentDefinition');
  const schedule = extension(node, 'zeebe:TaskSchedule');
  const form = extension(node, 'zeebe:FormDefinition');
  const priority = extension(node, 'zeebe:PriorityDefinition');
  const fields = {
    assignee: optionalExpression(assignment && str(assignment, 'assignee')),
    candidateGroups: optionalExpression(assignment && str(assignment, 'candidateGroups')),
    candidateUsers: optionalExpression(assignment && str(assignment, 'candidateUsers')),
    dueDate: optionalExpression(schedule && str(schedule, 'dueDate')),
    followUpDate: optionalExpression(schedule && str(schedule, 'followUpDate')),
    formId: (form && str(form, 'formId'))?.trim() || undefined,
    formKey: ((form && (str(form, 'formKey') ?? str(form, 'externalReference'))) ?? '').trim() || undefined,
    priority: optionalExpression(priority && str(priority, 'priority')),
  };
  return Object.freeze(
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as UserTaskDef,
  );
}

/** `zeebe:script` of a script task; blank parts are kept blank for the validator to report. */
export function script(
  node: ModdleNode,
): { expression: ReturnType<typeof toExpression>; resultVariable: string } | undefined {
  const definition = extension(node, 'zeebe:Script');
  if (!definition) return undefined;
  return Object.freeze({
    expression: toExpression(str(definition, 'expression') ?? ''),
    resultVariable: (str(definition, 'resultVariable') ?? '').trim(),
  });
}

const BINDING_TYPES = ['latest', 'deployment', 'versionTag'] as const;

/** `zeebe:calledElement`; an unknown `bindingType` is reported and read as `latest`. */
export function calledElement(node: ModdleNode, problems: ProblemList): CalledElementDef | undefined {
  const definition = extension(node, 'zeebe:CalledElement');
  if (!definition) return undefined;
  const rawBinding = (str(definition, 'bindingType') ?? 'latest').trim();
  const bindingType = BINDING_TYPES.find((b) => b === rawBinding);
  if (!bindingType) {
    problems.add(
      node.id ?? null,
      `a zeebe:calledElement bindingType of ${BINDING_TYPES.join(', ')}`,
      `call activity '${node.id}' has '${rawBinding}'`,
    );
  }
  const versionTag = str(definition, 'versionTag')?.trim();
  return Object.freeze({
    processId: toExpression(str(definition, 'processId') ?? ''),
    bindingType: bindingType ?? 'latest',
    ...(versionTag ? { versionTag } : {}),
    // Both default to true in Camunda 8 when the attribute is absent.
    propagateAllChildVariables: bool(definition, 'propagateAllChildVariables') ?? true,
    propagateAllParentVariables: bool(definition, 'propagateAllParentVariables') ?? true,
  });
}

/**
 * Multi-instance characteristics: `bpmn:multiInstanceLoopCharacteristics` (`isSequential`,
 * `completionCondition`) with its `zeebe:loopCharacteristics`. A standard loop or a loop
 * cardinality is reported: Camunda 8 iterates over an input collection only.
 */
export function loop(node: ModdleNode, problems: ProblemList): LoopDef | undefined {
  const characteristics = ref(node, 'loopCharacteristics');
  if (!characteristics) return undefined;
  const id = node.id ?? null;
  if (characteristics.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    problems.add(
      id,
      'multi-instance loop characteristics',
      `${describeType(node.$type)} '${id}' has a standard loop, which is not supported`,
    );
    return undefined;
  }
  if (ref(characteristics, 'loopCardinality')) {
    problems.add(
      id,
      'a zeebe:loopCharacteristics inputCollection to drive the multi-instance',
      `'${id}' uses a loop cardinality, which is not supported`,
    );
  }
  const zeebe = extension(characteristics, 'zeebe:LoopCharacteristics');
  const inputElement = (zeebe && str(zeebe, 'inputElement'))?.trim();
  const outputCollection = (zeebe && str(zeebe, 'outputCollection'))?.trim();
  const outputElement = optionalExpression(zeebe && str(zeebe, 'outputElement'));
  const completionCondition = toCondition(body(characteristics, 'completionCondition'));
  return Object.freeze({
    isSequential: bool(characteristics, 'isSequential') ?? false,
    inputCollection: toExpression((zeebe && str(zeebe, 'inputCollection')) ?? ''),
    ...(inputElement ? { inputElement } : {}),
    ...(outputCollection ? { outputCollection } : {}),
    ...(outputElement ? { outputElement } : {}),
    ...(completionCondition ? { completionCondition } : {}),
  });
}
