/**
 * Event sub-processes. Their start events listen while the process or sub-process containing
 * them runs (timers and subscriptions owned by that scope instance), or catch errors and
 * escalations thrown inside it.
 *
 * - Interrupting: once the canceling listeners of the user tasks in the scope completed, the
 *   scope's other event sub-process subscriptions close, everything else in the scope is
 *   terminated (tokens waiting at its joins are dropped with it), then the event sub-process
 *   runs; the scope completes when the event sub-process does.
 * - Non-interrupting: the event sub-process runs alongside the rest of the scope, once per
 *   event; the scope completes when both are done.
 */
import type { ElementDef } from '@osprey/bpmn';
import type { Processing } from '../processing/processing';
import type { ElementInstance, JsonValue } from '../state';
import { closeEventSubscriptions } from './event-subscription.behavior';
import { activateElement } from './lifecycle.behavior';
import { terminateChildren } from './termination.behavior';
import { holdTermination } from './user-task-canceling.behavior';

/** Starts the event sub-process of `start` (its start event) in scope instance `scope`. */
export function triggerEventSubProcess(
  p: Processing,
  scope: ElementInstance,
  start: ElementDef,
  variables: Readonly<Record<string, JsonValue>> | undefined,
): void {
  const esp = p.graph.eventSubProcessOf(start);
  if (!esp)
    throw new Error(`Expected '${start.id}' to be the start event of an event sub-process, but it is not`);
  const step = {
    type: 'activate' as const,
    elementId: esp.id,
    flowScopeKey: scope.key,
    startElementId: start.id,
    ...(variables && Object.keys(variables).length > 0 ? { eventVariables: variables } : {}),
  };
  if (start.interrupting === false) return p.enqueue(step);
  // The canceling listeners of user tasks in the scope run first; the event sub-process starts after the last.
  const then = { kind: 'event-sub-process' as const, scopeKey: scope.key, startElementId: start.id, ...(variables ? { variables } : {}) };
  if (holdTermination(p, scope.key, then)) return;
  const starts = new Set(p.graph.eventSubProcessStarts(p.def(scope)).map((s) => s.id));
  closeEventSubscriptions(p, scope.key, (target) => starts.has(target));
  terminateChildren(p, scope.key);
  // Activated at once, not queued: the scope counts as interrupted from this record on, so a
  // token of the scope still queued in this command is dropped instead of starting.
  activateElement(p, { ...step, interrupting: true });
}

/** True for a scope in which an interrupting event sub-process runs. */
export function isInterrupted(scope: ElementInstance): boolean {
  return scope.interruptedBy !== undefined;
}
