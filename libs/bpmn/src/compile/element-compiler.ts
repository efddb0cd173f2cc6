import type { ElementType } from '../graph';
import { calledDecision } from './called-decision';
import { bool, describeType, extension, list, ref, str, type ModdleNode } from '../moddle/moddle-node';
import { compileEventDefinition } from './event-definitions';
import { newDraft, type CompileContext, type ElementDraft } from './drafts';
import { elementTypeOf, isActivity, isEvent } from './element-types';
import { adHoc } from './ad-hoc';
import { readExecutionListeners, readTaskListeners } from './listeners';
import {
  calledElement,
  ioMappings,
  loop,
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
  // Camunda 8 also runs an ad-hoc sub-process, or a script task without zeebe:script, as a job.
  const otherJob =
    (node.$type === 'bpmn:AdHocSubProcess' || (type === 'scriptTask' && !extension(node, 'zeebe:Script'))) &&
    extension(node, 'zeebe:TaskDefinition') !== undefined;
  if (JOB_TASK_TYPES.has(type) || messageThrow || otherJob) {
    const definition = taskDefinition(node);
    if (definition) draft.taskDefinition = definition;
  }
  if (JOB_TASK_TYPES.has(type) || messageThrow || otherJob || type === 'userTask') {
    draft.taskHeaders = taskHeaders(node, ctx.problems);
  }
  // Without `zeebe:userTask` a user task is job-based: a job of type `io.camunda.zeebe:userTask`.
  if (type === 'userTask' && extension(node, 'zeebe:UserTask')) {
    const listeners = readTaskListeners(node, ctx.problems);
    const task = userTask(node);
    draft.userTask = listeners.length > 0 ? Object.freeze({ ...task, listeners: Object.freeze(listeners) }) : task;
  }
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
        : node.$type === 'bpmn:AdHocSubProcess'
          ? 'adHoc'
          : bool(node, 'triggeredByEvent')
            ? 'event'
            : 'embedded';
    if (draft.subProcessKind === 'adHoc') draft.adHoc = adHoc(node);
  }
  const documentation = list(node, 'documentation')
    .map((d) => str(d, 'text') ?? '')
    .join('\n')
    .trim();
  if (documentation) draft.documentation = documentation;

  const outgoing = list(node, 'outgoing').flatMap((flow) => (flow.id ? [flow.id] : []));
  if (outgoing.length > 0) ctx.outgoingOrder.set(id, outgoing);

  readExecutionListeners(node, draft, ctx.problems);
  return draft;
}
