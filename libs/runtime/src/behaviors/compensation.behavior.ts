/**
 * Compensation. An activity with a compensation boundary event becomes compensable when it
 * completes: a COMPENSATION_SUBSCRIPTION CREATED record keeps, in the instance's state, which
 * instance completed, in which scopes, with which local variables, and which handler (the
 * activity marked `isForCompensation` associated with the boundary event) undoes it.
 *
 * A compensation throw or end event compensates, in its scope, every such activity (or those
 * of its `activityRef`): activities completed directly in the scope, and those inside
 * sub-processes of the scope that have ended. A throw event inside an event sub-process
 * compensates the scope of that event sub-process. The handlers run one after the other, in
 * reverse order of completion, each as a child of the throw event, starting with the variables
 * its activity completed with; the throw event completes after the last one. Each activity is
 * compensated at most once.
 *
 * A sub-process with a compensation event sub-process is compensated as a whole: once it has
 * completed, that event sub-process is its handler (started at its compensation start event,
 * with the sub-process's variables), and the activities inside the sub-process are left to it:
 * a compensation throw event inside the event sub-process compensates them, in the order the
 * event sub-process chooses; what it leaves uncompensated is dropped when it completes. (BPMN
 * 2.0 semantics; Camunda 8 refuses compensation event sub-processes.)
 *
 * A cancel end event compensates its transaction the same way, as a compensation end event
 * without `activityRef` would (see `transaction.behavior.ts`).
 */
import type { ElementDef } from '@osprey/bpmn';
import { isMultiInstanceBody } from '../processing/element-kinds';
import type { Processing } from '../processing/processing';
import type { CompensationScope, CompensationSubscriptionRecord } from '../records';
import type { CompensationState, ElementInstance } from '../state';
import { completeElement } from './lifecycle.behavior';
import { recordBase } from './records';

/** Before `el` completes: if it has a compensation handler, makes it compensable. */
export function recordCompensable(p: Processing, el: ElementInstance, def: ElementDef): void {
  if (isMultiInstanceBody(el)) return; // each inner instance is compensable on its own
  const handler = p.graph.compensationBoundary(def)?.compensationHandler ?? p.graph.compensationEventSubProcess(def)?.id;
  if (!handler) return;
  const scopes: CompensationScope[] = [];
  for (let key = el.flowScopeKey; key !== null; key = p.element(key)!.flowScopeKey) {
    scopes.push({ elementInstanceKey: key, elementId: p.element(key)!.elementId });
  }
  const s = p.state;
  p.write({
    valueType: 'COMPENSATION_SUBSCRIPTION',
    intent: 'CREATED',
    ...recordBase(p, p.nextKey()),
    value: {
      elementId: def.id,
      elementInstanceKey: el.key,
      compensationHandlerId: handler,
      scopes,
      variables: { ...s.variables[el.key] },
      bpmnProcessId: s.bpmnProcessId,
      processDefinitionKey: s.processDefinitionKey,
      tenantId: s.tenantId,
    },
  });
}

/**
 * Starts compensating for throw event `el` (a compensation or cancel event): claims the
 * activities to compensate and runs the first handler. Returns false when there is nothing to
 * compensate (the event completes now).
 */
export function startCompensation(p: Processing, el: ElementInstance, def: ElementDef): boolean {
  const ed = def.eventDefinition;
  if ((ed?.kind !== 'compensate' && ed?.kind !== 'cancel') || el.flowScopeKey === null) return false;
  const activityRef = ed.kind === 'compensate' ? ed.activityRef : undefined;
  const scopeKey = compensatedScope(p, el.flowScopeKey);
  const wholes = compensatedAsWhole(p);
  const claimed = (p.state.compensations ?? []).filter((c) => claimable(p, c, scopeKey, wholes, activityRef));
  if (claimed.length === 0) return false;
  for (const c of claimed.reverse()) write(p, 'TRIGGERED', c, el);
  runNextHandler(p, el);
  return true;
}

/** A handler run by throw event `el` completed: the next one runs, or the event completes. */
export function onHandlerCompleted(p: Processing, el: ElementInstance): void {
  const current = lastClaimedBy(p, el.key);
  if (current) {
    write(p, 'COMPLETED', current, el);
    if (isEventSubProcessHandler(p, current)) dropInside(p, current.value.elementInstanceKey);
  }
  if (!runNextHandler(p, el)) completeElement(p, el.key);
}

/** Throw event `el` is terminated: what it claimed and did not compensate can no longer be. */
export function abandonCompensation(p: Processing, el: ElementInstance): void {
  for (const c of [...(p.state.compensations ?? [])].reverse()) {
    if (c.throwEventInstanceKey === el.key) write(p, 'DELETED', c, el);
  }
}

/** The instance ends: nothing can be compensated any more. */
export function deleteCompensations(p: Processing): void {
  for (const c of [...(p.state.compensations ?? [])].reverse()) write(p, 'DELETED', c);
}

/** The sub-process instances compensated as a whole (by their compensation event sub-process). */
function compensatedAsWhole(p: Processing): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const c of p.state.compensations ?? []) if (isEventSubProcessHandler(p, c)) keys.add(c.value.elementInstanceKey);
  return keys;
}

function isEventSubProcessHandler(p: Processing, c: CompensationState): boolean {
  return p.graph.element(c.value.compensationHandlerId).subProcessKind === 'event';
}

/** Deletes what is still compensable inside sub-process instance `key`: its event sub-process had its say. */
function dropInside(p: Processing, key: string): void {
  for (const c of [...(p.state.compensations ?? [])].reverse()) {
    if (!c.throwEventInstanceKey && c.value.scopes.some((s) => s.elementInstanceKey === key)) write(p, 'DELETED', c);
  }
}

function runNextHandler(p: Processing, el: ElementInstance): boolean {
  const next = lastClaimedBy(p, el.key);
  if (!next) return false;
  const vars = next.value.variables;
  p.enqueue({
    type: 'activate',
    elementId: next.value.compensationHandlerId,
    flowScopeKey: el.key,
    ...(Object.keys(vars).length > 0 ? { localVariables: vars } : {}),
  });
  return true;
}

/**
 * The scope a throw event compensates: its own; for an event sub-process, the one around it;
 * for a compensation event sub-process running as a handler, the completed sub-process it undoes.
 */
function compensatedScope(p: Processing, flowScopeKey: string): string {
  const scope = p.element(flowScopeKey)!;
  const def = p.def(scope);
  if (def.subProcessKind !== 'event' || scope.flowScopeKey === null) return flowScopeKey;
  const handled = lastClaimedBy(p, scope.flowScopeKey);
  if (handled?.value.compensationHandlerId === def.id) return handled.value.elementInstanceKey;
  return scope.flowScopeKey;
}

function claimable(
  p: Processing,
  c: CompensationState,
  scopeKey: string,
  wholes: ReadonlySet<string>,
  activityRef?: string,
): boolean {
  if (c.throwEventInstanceKey) return false;
  const at = c.value.scopes.findIndex((s) => s.elementInstanceKey === scopeKey);
  if (at < 0) return false;
  const inner = c.value.scopes.slice(0, at);
  // An activity inside a sub-process that still runs is that sub-process's to compensate, and
  // one inside a sub-process compensated as a whole is its compensation event sub-process's.
  if (inner.some((s) => p.element(s.elementInstanceKey) || wholes.has(s.elementInstanceKey))) return false;
  return !activityRef || c.value.elementId === activityRef || inner.some((s) => s.elementId === activityRef);
}

function lastClaimedBy(p: Processing, throwKey: string): CompensationState | undefined {
  const list = p.state.compensations ?? [];
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.throwEventInstanceKey === throwKey) return list[i];
  return undefined;
}

function write(
  p: Processing,
  intent: CompensationSubscriptionRecord['intent'],
  c: CompensationState,
  thrower?: ElementInstance,
): void {
  p.write({
    valueType: 'COMPENSATION_SUBSCRIPTION',
    intent,
    ...recordBase(p, c.key),
    value: thrower
      ? { ...c.value, throwEventId: thrower.elementId, throwEventInstanceKey: thrower.key }
      : c.value,
  });
}
