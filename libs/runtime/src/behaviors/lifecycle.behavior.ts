/**
 * The element lifecycle every processor shares:
 *
 * ACTIVATING → input mappings → boundary subscriptions → ACTIVATED → processor's work …
 * COMPLETING → output mappings → close subscriptions → COMPLETED → token passed on.
 *
 * A failed mapping or subscription raises an incident and leaves the element where it stopped
 * (ACTIVATING or COMPLETING); resolving the incident continues from that point.
 */
import type { Processing } from '../processing/processing';
import type { ActivateStep } from '../processing/steps';
import type { ActivationOptions, CompletionOptions } from '../processors/element-processor';
import { closeEventSubscriptions, openBoundarySubscriptions } from './event-subscription.behavior';
import { takeOutgoing } from './flow.behavior';
import { raiseIncident } from './incident.behavior';
import { applyInputMappings, applyOutputMappings } from './io-mapping.behavior';
import { scheduleInclusiveJoinChecks } from './join.behavior';
import { elementRecord } from './records';
import { applyResultVariables } from './variables.behavior';

/** Runs an activate step: a new element instance, through to its processor's work. */
export function activateElement(p: Processing, step: ActivateStep): void {
  const def = p.graph.element(step.elementId);
  const key = step.key ?? p.nextKey();
  const ref = { key, elementId: def.id, flowScopeKey: step.flowScopeKey };
  p.write(
    elementRecord(
      p,
      'ELEMENT_ACTIVATING',
      ref,
      def,
      step.triggeredBy ? { triggeredBy: step.triggeredBy } : undefined,
    ),
  );
  // Event variables first: they belong to the event that already happened, even if the
  // element stops at an incident below.
  if (step.eventVariables) applyResultVariables(p, p.element(key)!, def, step.eventVariables);
  continueActivation(p, key, step.startElementId ? { startElementId: step.startElementId } : {});
}

/** Continues an ACTIVATING element: inputs, boundary subscriptions, ACTIVATED, its work. */
export function continueActivation(p: Processing, key: string, opts: ActivationOptions): void {
  const el = p.element(key)!;
  const def = p.def(el);
  const inputs = applyInputMappings(p, el, def);
  if (!inputs.ok) return raiseIncident(p, el, 'IO_MAPPING_ERROR', inputs.message, 'activate');
  const subscriptions = openBoundarySubscriptions(p, p.element(key)!, def);
  if (!subscriptions.ok)
    return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', subscriptions.message, 'activate');
  p.write(elementRecord(p, 'ELEMENT_ACTIVATED', el, def));
  p.processor(def).onActivate(p, p.element(key)!, def, opts);
}

/** Completes the element `key`: COMPLETING, then {@link continueCompletion}. */
export function completeElement(p: Processing, key: string, opts: CompletionOptions = {}): void {
  const el = p.element(key)!;
  const def = p.def(el);
  p.write(elementRecord(p, 'ELEMENT_COMPLETING', el, def));
  continueCompletion(p, key, opts);
}

/** Continues a COMPLETING element: outputs, close subscriptions, COMPLETED, pass the token on. */
export function continueCompletion(p: Processing, key: string, opts: CompletionOptions = {}): void {
  const el = p.element(key)!;
  const def = p.def(el);
  const outputs = applyOutputMappings(p, el, def);
  if (!outputs.ok) return raiseIncident(p, el, 'IO_MAPPING_ERROR', outputs.message, 'complete');
  closeEventSubscriptions(p, key);
  const completed = p.element(key)!;
  p.write(elementRecord(p, 'ELEMENT_COMPLETED', completed, def));
  if (completed.flowScopeKey !== null) scheduleInclusiveJoinChecks(p, completed.flowScopeKey);
  const processor = p.processor(def);
  if (processor.onComplete) processor.onComplete(p, completed, def, opts);
  else takeOutgoing(p, completed, def, opts);
}
