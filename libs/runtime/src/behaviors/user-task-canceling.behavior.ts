/**
 * Canceling listeners of a user task (Camunda 8.8): when the instance is canceled or an
 * interrupting boundary event fires on the task, the task goes CANCELING and its canceling
 * listeners run as jobs, one after the other; the cancellation, or the boundary event, goes on
 * once the last one completed. Other terminations (a terminate end event, an interrupting event
 * sub-process, a modification) cancel the task without them.
 */
import type { Processing } from '../processing/processing';
import type { CancelingContinuation } from '../records';
import type { ElementInstance } from '../state';
import { closeOne } from './event-subscription.behavior';
import { triggerBoundary } from './event-trigger.behavior';
import { writeIncidentResolved } from './incident.behavior';
import { recordBase } from './records';
import { runTaskListener, taskListenersOf } from './task-listener.behavior';
import { terminateElement } from './termination.behavior';

/**
 * Starts the canceling listeners of `el`'s open user task, when it has any and they have not
 * run yet; `then` is what follows the last one. A pending assigning, updating or completing
 * listener gives way. Returns whether the listeners now hold up the termination.
 */
export function startCanceling(p: Processing, el: ElementInstance, then: CancelingContinuation): boolean {
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

/** Whether `el`'s canceling listeners are holding up the instance's cancellation. */
export function holdsCancellation(p: Processing, el: ElementInstance): boolean {
  const job = el.jobKey ? p.state.openEntities?.[el.jobKey] : undefined;
  return job?.valueType === 'JOB' && job.value.taskListener?.then?.kind === 'cancel-instance';
}

/**
 * CANCEL: the canceling listeners of every open user task run first; the instance is
 * terminated, the process last, once none holds it up.
 */
export function cancelInstance(p: Processing): void {
  let held = false;
  for (const el of Object.values(p.state.elements)) {
    if (!el.userTaskKey) continue;
    if (holdsCancellation(p, el) || startCanceling(p, el, { kind: 'cancel-instance' })) held = true;
  }
  if (!held) terminateElement(p, p.state.processInstanceKey);
}

/** The last canceling listener of `el` completed: what it held up goes on. */
export function finishCanceling(p: Processing, el: ElementInstance, then: CancelingContinuation | undefined): void {
  if (then?.kind === 'boundary') return triggerBoundary(p, el, then.boundaryId, then.variables);
  terminateElement(p, el.key);
  if (then?.kind === 'cancel-instance' && !Object.values(p.state.elements).some((e) => holdsCancellation(p, e))) {
    cancelInstance(p);
  }
}
