import type { ElementDef, ProcessGraph, SequenceFlowDef } from '../graph';
import { body, extension, list, ref, str, type ModdleNode } from '../moddle/moddle-node';
import type { ProblemList } from '../problems';
import { setActivatableElements } from './ad-hoc';
import { readExecutionListeners } from './listeners';
import { compileFlowNode } from './element-compiler';
import {
  newDraft,
  type CompileContext,
  type ElementDraft,
  type FlowDraft,
  type ValidationFacts,
} from './drafts';
import { toCondition } from './expressions';
import { deepFreeze, FrozenMap } from './immutable';
import { fillJoinReachability } from './reachability';

/** A compiled process and what the validator needs to know beyond its graph. */
export interface CompiledProcess {
  readonly graph: ProcessGraph;
  readonly facts: ValidationFacts;
}

/**
 * Compiles one `bpmn:process` into an immutable {@link ProcessGraph}, reporting what the graph
 * cannot represent (unknown types, dangling flows) on the way. Rules that can be checked on the
 * graph itself are left to the validator.
 */
export function compileProcess(
  processNode: ModdleNode,
  problems: ProblemList,
  unresolved: CompileContext['unresolved'],
  participantName?: string,
): CompiledProcess {
  const processId = processNode.id ?? '';
  const ctx: CompileContext = {
    problems,
    unresolved,
    elements: new Map(),
    flows: [],
    skipped: new Set(),
    decisionTasks: new Set(),
    unreadableEvents: new Set(),
    associations: [],
    outgoingOrder: new Map(),
  };
  const name = str(processNode, 'name')?.trim() || participantName?.trim() || undefined;
  const processDraft = newDraft(processId, 'process', null, name);
  readExecutionListeners(processNode, processDraft, problems);
  ctx.elements.set(processId, processDraft);
  walkContainer(processNode, processId, false, ctx);

  const flows = wireFlows(ctx);
  attachBoundaryEvents(ctx);
  linkCompensationHandlers(ctx);
  setNoneStartEvents(ctx);
  setActivatableElements(ctx.elements);
  computeReachability(ctx, flows);

  const versionTagNode = extension(processNode, 'zeebe:VersionTag');
  const versionTag = versionTagNode && str(versionTagNode, 'value')?.trim();
  const graph: ProcessGraph = Object.freeze({
    processId,
    ...(name ? { name } : {}),
    ...(versionTag ? { versionTag } : {}),
    elements: new FrozenMap<string, ElementDef>(
      [...ctx.elements].map(([id, draft]) => [id, deepFreeze(draft)]),
    ),
    flows: new FrozenMap(flows.map((flow) => [flow.id, deepFreeze(flow)])),
    startEvents: startEventsOf(processDraft, ctx),
    linkTargets: linkTargetsOf(ctx),
  });
  return { graph, facts: { decisionTasks: ctx.decisionTasks, unreadableEvents: ctx.unreadableEvents } };
}

function walkContainer(
  container: ModdleNode,
  scopeId: string,
  eventSubProcess: boolean,
  ctx: CompileContext,
): void {
  const scope = ctx.elements.get(scopeId) as ElementDraft;
  for (const node of list(container, 'flowElements')) {
    if (node.$type === 'bpmn:SequenceFlow') {
      ctx.flows.push(flowDraft(node, scopeId));
    } else if (node.$instanceOf('bpmn:FlowNode')) {
      const draft = compileFlowNode(node, scopeId, ctx, eventSubProcess);
      if (!draft) continue;
      ctx.elements.set(draft.id, draft);
      scope.children.push(draft.id);
      if (draft.type === 'subProcess') walkContainer(node, draft.id, draft.subProcessKind === 'event', ctx);
    }
    // Data objects and data store references carry no behaviour in Camunda 8: ignored.
  }
  for (const artifact of list(container, 'artifacts')) {
    const sourceId = ref(artifact, 'sourceRef')?.id;
    const targetId = ref(artifact, 'targetRef')?.id;
    if (artifact.$type === 'bpmn:Association' && sourceId && targetId)
      ctx.associations.push({ sourceId, targetId });
  }
}

function flowDraft(node: ModdleNode, scopeId: string): FlowDraft {
  const name = str(node, 'name')?.trim();
  const sourceId = ref(node, 'sourceRef')?.id;
  const targetId = ref(node, 'targetRef')?.id;
  const condition = toCondition(body(node, 'conditionExpression'));
  return {
    id: node.id ?? '',
    ...(name ? { name } : {}),
    scopeId,
    ...(sourceId ? { sourceId } : {}),
    ...(targetId ? { targetId } : {}),
    ...(condition ? { condition } : {}),
  };
}

/** Checks both ends of every flow and fills `incoming` / `outgoing`; broken flows are left out. */
function wireFlows(ctx: CompileContext): SequenceFlowDef[] {
  const wired: SequenceFlowDef[] = [];
  for (const flow of ctx.flows) {
    const source = flowEnd(flow, 'source', ctx);
    const target = flowEnd(flow, 'target', ctx);
    if (!source || !target) continue;
    if (source.scopeId !== flow.scopeId || target.scopeId !== flow.scopeId) {
      ctx.problems.add(
        flow.id,
        `sequence flow '${flow.id}' to connect elements directly inside '${flow.scopeId}'`,
        `it connects '${source.id}' (in '${source.scopeId}') to '${target.id}' (in '${target.scopeId}')`,
      );
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
    wired.push({
      id: flow.id,
      ...(flow.name ? { name: flow.name } : {}),
      sourceId: source.id,
      targetId: target.id,
      ...(flow.condition ? { condition: flow.condition } : {}),
    });
  }
  // Exclusive gateways take the first matching flow: keep the order of the element's
  // `<bpmn:outgoing>` list (the modeler's order), then document order for unlisted flows.
  for (const [id, order] of ctx.outgoingOrder) {
    const draft = ctx.elements.get(id);
    if (!draft || draft.outgoing.length < 2) continue;
    const rank = (flowId: string): number => (order.includes(flowId) ? order.indexOf(flowId) : order.length);
    draft.outgoing = draft.outgoing
      .map((flowId, index) => ({ flowId, index }))
      .sort((a, b) => rank(a.flowId) - rank(b.flowId) || a.index - b.index)
      .map((entry) => entry.flowId);
  }
  return wired;
}

function flowEnd(flow: FlowDraft, end: 'source' | 'target', ctx: CompileContext): ElementDraft | undefined {
  const id = end === 'source' ? flow.sourceId : flow.targetId;
  const element = id === undefined ? undefined : ctx.elements.get(id);
  if (element && element.type !== 'process') return element;
  const missing = id ?? ctx.unresolved.get(flow.id)?.get(`bpmn:${end}Ref`);
  if (missing !== undefined && ctx.skipped.has(missing)) return undefined;
  ctx.problems.add(
    flow.id,
    `sequence flow '${flow.id}' to have a ${end} flow node`,
    missing === undefined
      ? `it has no ${end}Ref`
      : id !== undefined
        ? `its ${end} '${missing}' is not a flow node of process or sub-process '${flow.scopeId}'`
        : `its ${end} '${missing}' does not exist`,
  );
  return undefined;
}

function attachBoundaryEvents(ctx: CompileContext): void {
  for (const draft of ctx.elements.values()) {
    if (draft.type !== 'boundaryEvent' || !draft.attachedTo) continue;
    const host = ctx.elements.get(draft.attachedTo);
    if (host && host.scopeId === draft.scopeId) host.boundaryEvents.push(draft.id);
  }
}

function linkCompensationHandlers(ctx: CompileContext): void {
  for (const { sourceId, targetId } of ctx.associations) {
    const source = ctx.elements.get(sourceId);
    if (
      source?.type === 'boundaryEvent' &&
      source.eventDefinition?.kind === 'compensate' &&
      ctx.elements.has(targetId)
    ) {
      source.compensationHandler = targetId;
    }
  }
}

function setNoneStartEvents(ctx: CompileContext): void {
  for (const container of ctx.elements.values()) {
    if (container.type !== 'process' && container.type !== 'subProcess') continue;
    if (container.subProcessKind === 'event') continue;
    const start = container.children.find((id) => {
      const child = ctx.elements.get(id);
      return child?.type === 'startEvent' && child.eventDefinition?.kind === 'none';
    });
    if (start) container.noneStartEventId = start;
  }
}

function computeReachability(ctx: CompileContext, flows: readonly SequenceFlowDef[]): void {
  fillJoinReachability(ctx.elements, flows);
}

function startEventsOf(process: ElementDraft, ctx: CompileContext): ProcessGraph['startEvents'] {
  const message: string[] = [];
  const timer: string[] = [];
  const signal: string[] = [];
  for (const id of process.children) {
    const child = ctx.elements.get(id);
    if (child?.type !== 'startEvent') continue;
    const kind = child.eventDefinition?.kind;
    if (kind === 'message') message.push(id);
    else if (kind === 'timer') timer.push(id);
    else if (kind === 'signal') signal.push(id);
  }
  return deepFreeze({
    ...(process.noneStartEventId ? { none: process.noneStartEventId } : {}),
    message,
    timer,
    signal,
  });
}

function linkTargetsOf(ctx: CompileContext): ReadonlyMap<string, string> {
  const targets = new Map<string, string>();
  for (const draft of ctx.elements.values()) {
    const definition = draft.eventDefinition;
    if (draft.type !== 'intermediateCatchEvent' || definition?.kind !== 'link' || !definition.linkName)
      continue;
    const key = `${draft.scopeId}/${definition.linkName}`;
    if (!targets.has(key)) targets.set(key, draft.id);
  }
  return new FrozenMap(targets);
}
