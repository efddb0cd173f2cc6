/**
 * Canceling listeners of a user task (Camunda 8.8): when the instance is canceled, an
 * interrupting boundary event or event sub-process ends the scope the task is in, or a
 * terminate end event or a multi-instance completion condition completes that scope early, the
 * task goes CANCELING and its canceling listeners run as jobs, one after the other; what ends
 * the scope goes on once the last listener of every such task completed. A modification's
 * terminate instruction cancels the task without them; see `docs/bpmn-support.md`.
 */
import type { Processing } from '../processing/processing';
import type { CancelingContinuation } from '../records';
import type { ElementInstance } from '../state';
import { closeOne } from './event-subscription.behavior';
import { triggerBoundary } from './event-trigger.behavior';
import { triggerEventSubProcess } from './event-sub-process.behavior';
import { writeIncidentResolved } from './incident.behavior';
import { completeElement } from './lifecycle.behavior';
import { recordBase } from './records';
import { runTaskListener, taskListenersOf } from './task-listener.behavior';
import { terminateChildren, terminateElement } from './termination.behavior';

/**
 * Holds the termination of everything under `scopeKey` (itself included) while user tasks in
 * it run their canceling listeners: starts them on each open task that has any and has not run
 * them yet (a pending assigning, updating or completing listener gives way); `then` is what
 * goes on after the last one. Returns whether any task's listeners hold the termination.
 */
export function holdTermination(p: Processing, scopeKey: string, then: CancelingContinuation): boolean {
  let held = false;
  for (const el of userTasksWithin(p, scopeKey)) {
    if (runsCancelingListeners(p, el, then) || startCanceling(p, el, then)) held = true;
  }
  return held;
}

/** CANCEL: the instance is terminated, the process last, once no canceling listener holds it. */
export function cancelInstance(p: Processing): void {
  if (!holdTermination(p, p.state.processInstanceKey, { kind: 'cancel-instance' })) {
    terminateElement(p, p.state.processInstanceKey);
  }
}

/**
 * Ends scope `scopeKey` early as completed (a terminate end event reached, a multi-instance
 * completion condition met): what is left in it is terminated — after the canceling listeners
 * of its user tasks — and the scope completes.
 */
export function completeScopeEarly(p: Processing, scopeKey: string): void {
  if (holdTermination(p, scopeKey, { kind: 'complete-scope', scopeKey })) return;
  terminateChildren(p, scopeKey);
  if (p.element(scopeKey)?.state === 'ACTIVATED') completeElement(p, scopeKey);
}

/** The last canceling listener of `el` completed: what it held up goes on once no other task holds it. */
export function finishCanceling(p: Processing, el: ElementInstance, then: CancelingContinuation | undefined): void {
  if (then?.kind === 'boundary') {
    const owner = p.element(then.ownerKey ?? el.key);
    if (owner && !holdTermination(p, owner.key, then)) triggerBoundary(p, owner, then.boundaryId, then.variables);
    return;
  }
  if (then?.kind === 'event-sub-process') {
    const scope = p.element(then.scopeKey);
    if (scope && !holdTermination(p, scope.key, then)) {
      triggerEventSubProcess(p, scope, p.graph.element(then.startElementId), then.variables);
    }
    return;
  }
  if (then?.kind === 'complete-scope') return completeScopeEarly(p, then.scopeKey);
  terminateElement(p, el.key);
  if (then?.kind === 'cancel-instance') cancelInstance(p);
}

/**
 * Starts the canceling listeners of `el`'s open user task, when it has any and they have not
 * run yet. Returns whether they now hold up the termination.
 */
function startCanceling(p: Processing, el: ElementInstance, then: CancelingContinuation): boolean {
  const open = el.userTaskKey ? p.state.openEntities?.[el.userTaskKey] : undefined;
  if (open?.valueType !== 'USER_TASK' || open.transition === 'CANCELING') return false;
  const def = p.def(el);
  if (taskListenersOf(def, 'canceling').length === 0) return false;
  const incident = el.incidentKey ? p.state.incidents[el.incidentKey] : undefined;
  if (incident) writeIncidentResolved(p, incident);
  if (el.jobKey) closeOne(p, el.jobKey);
  p.write({
    valueType: 'USER_TASK',
    intent: 'CANCELING',
    ...recordBase(p, el.userTaskKey!),
    value: { ...open.value, action: 'cancel' },
  });
  runTaskListener(p, p.element(el.key)!, def, { eventType: 'canceling', index: 0, then });
  return true;
}

/**
 * Whether `el`'s canceling listeners are still running for a termination that `then` must wait
 * for. An instance cancellation waits only for listeners started by a cancellation: one
 * arriving while a boundary event's listeners run ends the instance at once, and so does a
 * second cancellation while creating a listener's job raised an incident — the way out.
 */
function runsCancelingListeners(p: Processing, el: ElementInstance, then: CancelingContinuation): boolean {
  const job = el.jobKey ? p.state.openEntities?.[el.jobKey] : undefined;
  const running = job?.valueType === 'JOB' ? job.value.taskListener : undefined;
  if (running?.eventType !== 'canceling') return false;
  return then.kind !== 'cancel-instance' || running.then?.kind === 'cancel-instance';
}

/** The live user task instances in the subtree of `scopeKey`, itself included. O(elements × depth). */
function userTasksWithin(p: Processing, scopeKey: string): ElementInstance[] {
  const found: ElementInstance[] = [];
  for (const el of Object.values(p.state.elements)) {
    if (!el.userTaskKey) continue;
    for (let at: ElementInstance | undefined = el; at; at = at.flowScopeKey === null ? undefined : p.element(at.flowScopeKey)) {
      if (at.key === scopeKey) {
        found.push(el);
        break;
      }
    }
  }
  return found;
}
