/**
 * Routing an event that happened (a timer fired, a message correlated, a signal arrived) to the
 * element it is for: a boundary event of the owning activity, the start event of an event
 * sub-process of the owning scope, or the owner itself (a catch event, a receive task, an
 * event-based gateway).
 */
import type { Processing } from '../processing/processing';
import type { OccurredEvent } from '../processors/element-processor';
import type { ElementInstance, JsonValue } from '../state';
import { triggerEventSubProcess } from './event-sub-process.behavior';
import { terminateElement } from './termination.behavior';
import { holdTermination } from './user-task-canceling.behavior';

/** Delivers `event` to its target under `owner`. */
export function triggerEvent(
  p: Processing,
  owner: ElementInstance,
  event: OccurredEvent & { readonly targetElementId: string },
): void {
  const ownerDef = p.def(owner);
  const variables = 'variables' in event ? event.variables : undefined;
  if (event.targetElementId !== owner.elementId) {
    if (ownerDef.boundaryEvents.includes(event.targetElementId))
      return triggerBoundary(p, owner, event.targetElementId, variables);
    const target = p.graph.element(event.targetElementId);
    if (p.graph.eventSubProcessOf(target)) return triggerEventSubProcess(p, owner, target, variables);
  }
  const processor = p.processor(owner);
  if (!processor.onEventOccurred) {
    throw new Error(`Expected element '${owner.elementId}' to wait for events, but its processor takes none`);
  }
  processor.onEventOccurred(p, owner, ownerDef, event);
}

/**
 * Fires boundary event `boundaryId` of `owner`. Interrupting: the activity is terminated first
 * (after the canceling listeners of the user tasks in it) and the boundary event takes its
 * place. Non-interrupting: the boundary event starts a path of its own and the activity keeps
 * running.
 */
export function triggerBoundary(
  p: Processing,
  owner: ElementInstance,
  boundaryId: string,
  variables: Readonly<Record<string, JsonValue>> | undefined,
): void {
  const boundary = p.graph.element(boundaryId);
  if (boundary.interrupting ?? true) {
    // The canceling listeners of user tasks in the activity run first; the boundary event fires after the last.
    if (holdTermination(p, owner.key, { kind: 'boundary', boundaryId, ownerKey: owner.key, ...(variables ? { variables } : {}) })) return;
    terminateElement(p, owner.key);
  }
  p.enqueue({
    type: 'activate',
    elementId: boundaryId,
    flowScopeKey: owner.flowScopeKey,
    triggeredBy: owner.elementId,
    ...(variables && Object.keys(variables).length > 0 ? { eventVariables: variables } : {}),
  });
}
