/**
 * The migration plan check: can this instance, as it stands, move to the target definition?
 * It reads the live state and both graphs and lists every problem; it changes nothing. A plan
 * with no problems is what MIGRATE applies (see `commands/migration.handler.ts`).
 *
 * Rules (see docs/element-semantics.md, "Migrating instances"):
 * - every live element instance's element is mapped by an instruction or, when none names it,
 *   kept under the same id if the target has one (Osprey's choice: Camunda 8 requires an
 *   instruction for every active element);
 * - a mapped element keeps its BPMN type, its multi-instance marker, the kind of its event
 *   definition and its place: its target sits in the target of its source's scope;
 * - a parallel or inclusive join with waiting tokens exists in the target as a join of the same
 *   type with the same incoming sequence flows;
 * - the timers and subscriptions an element waits on for itself (a catch event, a receive task,
 *   an event-based gateway) move with it, so their targets must map too; those of boundary
 *   events and event sub-processes are re-opened from the target instead;
 * - an instance with activities that can still be compensated is not migrated (not supported).
 */
import type { ProcessGraph } from '@osprey/bpmn';
import type { MappingInstruction } from '../commands';
import { isContainer } from '../processing/element-kinds';
import { GraphIndex } from '../processing/graph-index';
import type { ElementInstance, InstanceState } from '../state';

/** The outcome of {@link checkMigrationPlan}. */
export interface MigrationPlan {
  /** Every problem, each reading "Expected …, but …"; empty when the plan holds. */
  readonly errors: readonly string[];
  /** Source element id → target element id, for the ids that change (valid when no errors). */
  readonly elementMapping: Readonly<Record<string, string>>;
}

/** Checks whether `state` (running on `source`) can migrate to `target` with `instructions`. */
export function checkMigrationPlan(
  state: InstanceState,
  source: ProcessGraph,
  target: ProcessGraph,
  instructions: readonly MappingInstruction[],
): MigrationPlan {
  const from = GraphIndex.of(source);
  const to = GraphIndex.of(target);
  const errors: string[] = [];
  const explicit = new Map<string, string>([[source.processId, target.processId]]);
  for (const { sourceElementId, targetElementId } of instructions) {
    if (!has(from, sourceElementId))
      errors.push(
        `Expected source element '${sourceElementId}' to exist in process '${source.processId}', but it does not`,
      );
    if (!has(to, targetElementId))
      errors.push(
        `Expected target element '${targetElementId}' to exist in process '${target.processId}', but it does not`,
      );
    if (explicit.has(sourceElementId) && sourceElementId !== source.processId)
      errors.push(
        `Expected source element '${sourceElementId}' to be mapped once, but it is mapped more than once`,
      );
    explicit.set(sourceElementId, targetElementId);
  }
  const resolve = (id: string): string | undefined => explicit.get(id) ?? (has(to, id) ? id : undefined);

  for (const el of Object.values(state.elements)) {
    // The process itself always maps to the target process.
    if (el.flowScopeKey !== null) checkElement(el, from, to, resolve, state, errors);
    for (const [gatewayId, tokens] of Object.entries(el.joins ?? {})) {
      checkJoin(gatewayId, Object.keys(tokens), from, to, resolve, errors);
    }
  }
  if (state.compensations && state.compensations.length > 0) {
    const ids = state.compensations.map((c) => `'${c.value.elementId}'`).join(', ');
    errors.push(
      `Expected no activity waiting to be compensated, but ${ids} can still be compensated; migrating those is not supported`,
    );
  }

  const elementMapping: Record<string, string> = {};
  for (const [from_, to_] of explicit) if (from_ !== to_) elementMapping[from_] = to_;
  return { errors, elementMapping };
}

/**
 * True when the open timer or subscription of `el` targeting `targetElementId` belongs to one of
 * its boundary events or to an event sub-process start it listens for (re-opened from the
 * target on migration), rather than to the element itself.
 */
export function isScopeSubscription(
  graph: GraphIndex,
  el: ElementInstance,
  targetElementId: string,
): boolean {
  const def = graph.element(el.elementId);
  if (def.boundaryEvents.includes(targetElementId)) return true;
  return (
    isContainer(el, def) && graph.eventSubProcessStarts(def).some((start) => start.id === targetElementId)
  );
}

function checkElement(
  el: ElementInstance,
  from: GraphIndex,
  to: GraphIndex,
  resolve: (id: string) => string | undefined,
  state: InstanceState,
  errors: string[],
): void {
  const id = el.elementId;
  const targetId = resolve(id);
  if (targetId === undefined) {
    errors.push(
      `Expected active element '${id}' to be mapped, but no mapping instruction names it and the target has no element '${id}'`,
    );
    return;
  }
  // An instruction naming a target element that does not exist is already reported.
  if (!has(to, targetId)) return;
  const def = from.element(id);
  const targetDef = to.element(targetId);
  if (from.bpmnType(def) !== to.bpmnType(targetDef)) {
    errors.push(
      `Expected active element '${id}' (${from.bpmnType(def)}) to keep its type, but target element '${targetId}' is a ${to.bpmnType(targetDef)}`,
    );
    return;
  }
  if ((def.loop === undefined) !== (targetDef.loop === undefined)) {
    const what = def.loop ? 'is' : 'is not';
    errors.push(
      `Expected target element '${targetId}' to match '${id}', which ${what} multi-instance, but it does not`,
    );
    return;
  }
  if (def.eventDefinition?.kind !== targetDef.eventDefinition?.kind) {
    errors.push(
      `Expected target element '${targetId}' to keep the ${def.eventDefinition?.kind ?? 'none'} event of '${id}', but it has ${targetDef.eventDefinition?.kind ?? 'none'}`,
    );
  }
  const scopeTarget = def.scopeId === null ? null : resolve(def.scopeId);
  if (scopeTarget !== undefined && scopeTarget !== targetDef.scopeId) {
    errors.push(
      `Expected target element '${targetId}' to sit in '${scopeTarget}' (the target of '${def.scopeId}', where '${id}' sits), but it sits in '${targetDef.scopeId}'`,
    );
  }
  // Timers and subscriptions the element waits on for itself move with it.
  for (const key of [
    ...(el.timerKeys ?? []),
    ...(el.messageSubscriptionKeys ?? []),
    ...(el.signalSubscriptionKeys ?? []),
  ]) {
    const entity = state.openEntities?.[key];
    if (!entity || !('targetElementId' in entity.value)) continue;
    const event = entity.value.targetElementId;
    if (isScopeSubscription(from, el, event)) continue;
    const targetEvent = resolve(event);
    if (targetEvent === undefined) {
      errors.push(
        `Expected event '${event}' that '${id}' waits on to be mapped, but no mapping instruction names it and the target has no element '${event}'`,
      );
    } else if (has(to, targetEvent) && to.element(targetEvent).eventDefinition?.kind !== from.element(event).eventDefinition?.kind) {
      errors.push(
        `Expected target event '${targetEvent}' to keep the ${from.element(event).eventDefinition?.kind ?? 'none'} event of '${event}', but it does not`,
      );
    }
  }
}

function checkJoin(
  gatewayId: string,
  waitingFlows: readonly string[],
  from: GraphIndex,
  to: GraphIndex,
  resolve: (id: string) => string | undefined,
  errors: string[],
): void {
  const targetId = resolve(gatewayId);
  const def = from.element(gatewayId);
  const targetDef = targetId === undefined || !has(to, targetId) ? undefined : to.element(targetId);
  if (!targetDef || targetDef.type !== def.type || !to.isJoin(targetDef)) {
    errors.push(
      `Expected join '${gatewayId}' with waiting tokens (on ${waitingFlows.join(', ')}) to be a ${def.type} join in the target, but it is not there`,
    );
    return;
  }
  if (!sameSet(def.incoming, targetDef.incoming)) {
    errors.push(
      `Expected join '${targetDef.id}' to have the incoming flows of '${gatewayId}' (${def.incoming.join(', ')}), but it has ${targetDef.incoming.join(', ')}`,
    );
  }
}

function has(graph: GraphIndex, id: string): boolean {
  return id === graph.process.id || graph.graph.elements.has(id);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
