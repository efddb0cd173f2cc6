import { parseExpression } from 'feelin';
import type { ElementDef, Expression, SequenceFlowDef } from '../graph';
import { FEEL_DIALECT, FEEL_PARSE_CONTEXT } from '../feel-dialect';
import { feelLimits } from '../feel-limits';

/** An expression of the model with a label saying where it sits, for messages. */
export interface LabelledExpression {
  readonly label: string;
  readonly expression: Expression;
}

/**
 * Why a FEEL expression exceeds the {@link feelLimits} (its length, the depth of its syntax
 * tree), or `undefined` when it is within them. Syntax errors are not reported here.
 */
export function feelLimitError(source: string): string | undefined {
  const { maxLength, maxDepth } = feelLimits();
  // Checked before parsing: parsing itself costs time in proportion to the length.
  if (source.length > maxLength) return `it is ${source.length} characters long, over the limit of ${maxLength}`;
  let depth = 0;
  let deepest = 0;
  parseExpression(source, FEEL_PARSE_CONTEXT, FEEL_DIALECT).iterate({
    enter() {
      deepest = Math.max(deepest, ++depth);
      return deepest <= maxDepth ? undefined : false;
    },
    leave() {
      depth--;
    },
  });
  return deepest > maxDepth ? `it nests deeper than the limit of ${maxDepth} levels` : undefined;
}

/**
 * Why a FEEL expression does not parse or exceeds the {@link feelLimits}, or `undefined` when
 * it is fine. feelin's parser recovers from errors instead of throwing, so the tree is searched
 * for error nodes.
 */
export function feelSyntaxError(source: string): string | undefined {
  if (source.trim() === '') return 'it is empty';
  const overLimits = feelLimitError(source);
  if (overLimits) return overLimits;
  const tree = parseExpression(source, FEEL_PARSE_CONTEXT, FEEL_DIALECT);
  let errorAt: number | undefined;
  tree.iterate({
    enter(node) {
      if (errorAt !== undefined) return false;
      if (node.type.isError) {
        errorAt = node.from;
        return false;
      }
      return undefined;
    },
  });
  if (errorAt === undefined) return undefined;
  if (errorAt >= source.trimEnd().length) return 'it ends too early';
  return `it has a syntax error at character ${errorAt + 1} ('${source.slice(errorAt, errorAt + 12)}')`;
}

/** Every expression of a flow node, labelled. */
export function* expressionsOf(element: ElementDef): Iterable<LabelledExpression> {
  const definition = element.eventDefinition;
  switch (definition?.kind) {
    case 'message':
      yield { label: 'message name', expression: definition.messageName };
      if (definition.correlationKey)
        yield { label: 'correlation key', expression: definition.correlationKey };
      break;
    case 'timer':
      for (const kind of ['timeDate', 'timeDuration', 'timeCycle'] as const) {
        const expression = definition.timer[kind];
        if (expression) yield { label: `timer ${kind}`, expression };
      }
      break;
    case 'signal':
      yield { label: 'signal name', expression: definition.signalName };
      break;
    case 'error':
      if (definition.errorCode) yield { label: 'error code', expression: definition.errorCode };
      break;
    case 'escalation':
      if (definition.escalationCode)
        yield { label: 'escalation code', expression: definition.escalationCode };
      break;
    case 'conditional':
      yield { label: 'condition', expression: definition.condition };
      break;
    default:
      break;
  }
  for (const input of element.inputs)
    yield { label: `input mapping '${input.target}'`, expression: input.source };
  for (const output of element.outputs)
    yield { label: `output mapping '${output.target}'`, expression: output.source };
  if (element.taskDefinition) {
    yield { label: 'job type', expression: element.taskDefinition.type };
    yield { label: 'job retries', expression: element.taskDefinition.retries };
  }
  const task = element.userTask;
  if (task) {
    for (const field of [
      'assignee',
      'candidateGroups',
      'candidateUsers',
      'dueDate',
      'followUpDate',
      'priority',
    ] as const) {
      const expression = task[field];
      if (expression) yield { label: `user task ${field}`, expression };
    }
  }
  if (element.script) yield { label: 'script', expression: element.script.expression };
  if (element.calledElement)
    yield { label: 'called process id', expression: element.calledElement.processId };
  if (element.calledDecision) yield { label: 'called decision id', expression: element.calledDecision.decisionId };
  const loop = element.loop;
  if (loop) {
    yield { label: 'multi-instance inputCollection', expression: loop.inputCollection };
    if (loop.outputElement) yield { label: 'multi-instance outputElement', expression: loop.outputElement };
    if (loop.completionCondition) {
      yield { label: 'multi-instance completionCondition', expression: loop.completionCondition };
    }
  }
  for (const listener of element.userTask?.listeners ?? []) {
    yield { label: `${listener.eventType} task listener type`, expression: listener.type };
    yield { label: `${listener.eventType} task listener retries`, expression: listener.retries };
  }
  for (const listener of element.executionListeners ?? []) {
    yield { label: `${listener.eventType} execution listener type`, expression: listener.type };
    yield { label: `${listener.eventType} execution listener retries`, expression: listener.retries };
  }
  const adHoc = element.adHoc;
  if (adHoc) {
    if (adHoc.activeElementsCollection)
      yield { label: 'ad-hoc activeElementsCollection', expression: adHoc.activeElementsCollection };
    if (adHoc.completionCondition)
      yield { label: 'ad-hoc completionCondition', expression: adHoc.completionCondition };
    if (adHoc.outputElement) yield { label: 'ad-hoc outputElement', expression: adHoc.outputElement };
  }
}

/** The condition of a flow, labelled. */
export function* flowExpressionsOf(flow: SequenceFlowDef): Iterable<LabelledExpression> {
  if (flow.condition) yield { label: 'condition', expression: flow.condition };
}
