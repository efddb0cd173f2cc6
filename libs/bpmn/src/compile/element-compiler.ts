import type { ElementType } from '../graph';
import { calledDecision } from './called-decision';
import { bool, describeType, extension, list, ref, str, type ModdleNode } from '../moddle/moddle-node';
import { compileEventDefinition } from './event-definitions';
import { newDraft, type CompileContext, type ElementDraft } from './drafts';
import { elementTypeOf, isActivity, isEvent } from './element-types';
import {
  calledElement,
  ioMappings,
  loop,
  reportUnsupportedExtensions,
  script,
  taskDefinition,
  taskHeaders,
  userTask,
} from './zeebe-extensions';

/** Element types that create a job for a worker (`zeebe:taskDefinition`). */
const JOB_TASK_TYPES: ReadonlySet<ElementType> = new Set<ElementType>([
  'serviceTask',
  'sendTask',
  'businessRuleTask',
]);

/**
 * Compiles one flow node into a draft. Returns `undefined` (after reporting) for a type the
 * engine does not know; sequence flows touching it are then not reported again.
 */
export function compileFlowNode(
  node: ModdleNode,
  scopeId: string,
  ctx: CompileContext,
  inEventSubProcess: boolean,
): ElementDraft | undefined {
  const id = node.id;
  if (!id) {
    ctx.problems.add(
      null,
      'every flow node to have an id',
      `a ${describeType(node.$type)} in '${scopeId}' has none`,
    );
    return undefined;
  }
  const type = elementTypeOf(node.$type);
  if (!type) {
    ctx.skipped.add(id);
    ctx.problems.add(id, 'a supported element', `found ${node.$type} '${id}'`);
    return undefined;
  }

  const name = str(node, 'name')?.trim();
  const draft = newDraft(id, type, scopeId, name || undefined);

  if (isEvent(type) || type === 'receiveTask') {
    draft.eventDefinition = compileEventDefinition(
      node,
      { type, inEventSubProcess },
      ctx.problems,
      ctx.unreadableEvents,
    );
  }
  if (type === 'boundaryEvent') {
    const host = ref(node, 'attachedToRef')?.id;
    if (host) draft.attachedTo = host;
    draft.interrupting = bool(node, 'cancelActivity') ?? true;
  }
  if (type === 'startEvent' && inEventSubProcess) {
    draft.interrupting = bool(node, 'isInterrupting') ?? true;
  }

  const { inputs, outputs } = ioMappings(node);
  draft.inputs = inputs;
  draft.outputs = outputs;

  const messageThrow =
    (type === 'endEvent' || type === 'intermediateThrowEvent') && draft.eventDefinition?.kind === 'message';
  if (JOB_TASK_TYPES.has(type) || messageThrow) {
    const definition = taskDefinition(node);
    if (definition) draft.taskDefinition = definition;
  }
  if (JOB_TASK_TYPES.has(type) || messageThrow || type === 'userTask') {
    draft.taskHeaders = taskHeaders(node, ctx.problems);
  }
  if (type === 'userTask') draft.userTask = userTask(node);
  if (type === 'scriptTask') {
    const definition = script(node);
    if (definition) draft.script = definition;
  }
  if (type === 'callActivity') {
    const definition = calledElement(node, ctx.problems);
    if (definition) draft.calledElement = definition;
  }
  if (type === 'businessRuleTask' && extension(node, 'zeebe:CalledDecision')) {
    ctx.decisionTasks.add(id);
    draft.calledDecision = calledDecision(node, ctx.problems);
  }

  if (isActivity(type)) {
    const definition = loop(node, ctx.problems);
    if (definition) draft.loop = definition;
    if (bool(node, 'isForCompensation')) draft.isForCompensation = true;
  }
  if (isActivity(type) || type === 'exclusiveGateway' || type === 'inclusiveGateway') {
    const defaultFlow = ref(node, 'default')?.id;
    if (defaultFlow) draft.defaultFlow = defaultFlow;
  }
  if (type === 'subProcess') {
    draft.subProcessKind =
      node.$type === 'bpmn:Transaction'
        ? 'transaction'
        : bool(node, 'triggeredByEvent')
          ? 'event'
          : 'embedded';
  }

  const outgoing = list(node, 'outgoing').flatMap((flow) => (flow.id ? [flow.id] : []));
  if (outgoing.length > 0) ctx.outgoingOrder.set(id, outgoing);

  reportUnsupportedExtensions(node, ctx.problems);
  return draft;
}
