/**
 * Execution listeners (`zeebe:executionListeners`), as in Camunda 8: each listener is a job of
 * its type, and the element waits for them one at a time, in document order. Start listeners
 * run after the input mappings, while the element is still ACTIVATING, before its own work;
 * end listeners run after the output mappings, while it is COMPLETING. The element moves on
 * only when the last one completes. A listener job fails, retries and raises incidents like
 * any job; the variables it completes with are local to the element (start) or go where output
 * mappings go (end).
 */
import type { ElementDef, ExecutionListenerDef } from '@osprey/bpmn';
import type { Processing } from '../processing/processing';
import type { ListenerJob } from '../records';
import type { ElementInstance, JsonValue } from '../state';
import { writeJob } from './job.behavior';
import { finishActivation, finishCompletion } from './lifecycle.behavior';
import { propagateVariables, setLocalVariables } from './variables.behavior';

/** The element's listeners of `eventType`, in order. */
export function listenersOf(def: ElementDef, eventType: ExecutionListenerDef['eventType']): readonly ExecutionListenerDef[] {
  return def.executionListeners?.filter((l) => l.eventType === eventType) ?? [];
}

/** Creates the job of the element's `index`-th listener of `resume.eventType`. */
export function runListener(p: Processing, el: ElementInstance, def: ElementDef, resume: ListenerJob): void {
  const listener = listenersOf(def, resume.eventType)[resume.index]!;
  writeJob(p, el, def, listener, { listener: resume });
}

/** A listener's job completed: its variables go in, then the next listener, or the element goes on. */
export function onListenerJobCompleted(
  p: Processing,
  el: ElementInstance,
  listener: ListenerJob,
  variables: Readonly<Record<string, JsonValue>>,
): void {
  if (listener.eventType === 'start' || el.flowScopeKey === null) setLocalVariables(p, el.key, variables);
  else propagateVariables(p, el.flowScopeKey, variables);
  const def = p.def(el);
  const current = p.element(el.key)!;
  if (listener.index + 1 < listenersOf(def, listener.eventType).length) {
    return runListener(p, current, def, { ...listener, index: listener.index + 1 });
  }
  if (listener.eventType === 'start') {
    return finishActivation(p, el.key, listener.startElementId ? { startElementId: listener.startElementId } : {});
  }
  finishCompletion(p, el.key, listener.flows ? { flows: listener.flows } : {});
}
