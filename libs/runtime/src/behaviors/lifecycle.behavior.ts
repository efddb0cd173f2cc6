/**
 * The element lifecycle every processor shares:
 *
 * ACTIVATING → input mappings → processor's preparation → boundary and event sub-process
 * subscriptions → ACTIVATED → (conditional events queued for evaluation) → processor's work …
 * COMPLETING → output mappings → the scope's say → close subscriptions → COMPLETED → token
 * passed on (or handed to the scope that decides, e.g. a multi-instance body).
 *
 * A failed mapping or subscription raises an incident and leaves the element where it stopped
 * (ACTIVATING or COMPLETING); resolving the incident continues from that point.
 *
 * A multi-instance body has no mappings of its own: the activity's mappings belong to its inner
 * instances, and its boundary events to the body.
 */
import type { Processing } from '../processing/processing';
import { isMultiInstanceBody, MULTI_INSTANCE_BODY } from '../processing/element-kinds';
import type { ActivateStep } from '../processing/steps';
import type {
  Activating,
  ActivationOptions,
  ChildCompletion,
  CompletionOptions,
} from '../processors/element-processor';
import { recordCompensable } from './compensation.behavior';
import { scheduleActivationConditions } from './conditional-event.behavior';
import { listenersOf, runListener } from './execution-listener.behavior';
import { closeEventSubscriptions, openScopeSubscriptions } from './event-subscription.behavior';
import { takeOutgoing } from './flow.behavior';
import { raiseIncident } from './incident.behavior';
import { applyInputMappings, applyOutputMappings } from './io-mapping.behavior';
import { scheduleInclusiveJoinChecks } from './join.behavior';
import { elementRecord } from './records';
import { applyResultVariables, setLocalVariables } from './variables.behavior';

/** Runs an activate step: a new element instance, through to its processor's work. */
export function activateElement(p: Processing, step: ActivateStep): void {
  const def = p.graph.element(step.elementId);
  const key = step.key ?? p.nextKey();
  const scope = step.flowScopeKey === null ? undefined : p.element(step.flowScopeKey);
  // A token reaching a multi-instance activity starts its body; the body starts the inner instances.
  const body = def.loop !== undefined && !(scope && isMultiInstanceBody(scope) && scope.elementId === def.id);
  const ref = body
    ? { key, elementId: def.id, flowScopeKey: step.flowScopeKey, elementType: MULTI_INSTANCE_BODY }
    : { key, elementId: def.id, flowScopeKey: step.flowScopeKey };
  const extra =
    step.triggeredBy || step.interrupting
      ? {
          ...(step.triggeredBy ? { triggeredBy: step.triggeredBy } : {}),
          ...(step.interrupting ? { interrupting: true } : {}),
        }
      : undefined;
  p.write(elementRecord(p, 'ELEMENT_ACTIVATING', ref, def, extra));
  if (step.localVariables) setLocalVariables(p, key, step.localVariables);
  // Event variables first: they belong to the event that already happened, even if the
  // element stops at an incident below.
  if (step.eventVariables) applyResultVariables(p, p.element(key)!, def, step.eventVariables);
  continueActivation(p, key, step.startElementId ? { startElementId: step.startElementId } : {});
}

/** Continues an ACTIVATING element: inputs, preparation, subscriptions, ACTIVATED, its work. */
export function continueActivation(p: Processing, key: string, opts: ActivationOptions): void {
  const el = p.element(key)!;
  const def = p.def(el);
  if (!isMultiInstanceBody(el)) {
    const inputs = applyInputMappings(p, el, def);
    if (!inputs.ok) return raiseIncident(p, el, 'IO_MAPPING_ERROR', inputs.message, 'activate');
    // Start execution listeners run first; the last one to complete calls finishActivation.
    if (listenersOf(def, 'start').length > 0) {
      return runListener(p, p.element(key)!, def, {
        eventType: 'start',
        index: 0,
        ...(opts.startElementId ? { startElementId: opts.startElementId } : {}),
      });
    }
  }
  finishActivation(p, key, opts);
}

/** The rest of an activation, after the input mappings and start listeners. */
export function finishActivation(p: Processing, key: string, opts: ActivationOptions): void {
  const el = p.element(key)!;
  const def = p.def(el);
  const processor = p.processor(el);
  let prepared: Activating = {};
  if (processor.onActivating) {
    const outcome = processor.onActivating(p, p.element(key)!, def);
    if (!outcome.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', outcome.message, 'activate');
    prepared = outcome.value;
  }
  const subscriptions = openScopeSubscriptions(p, p.element(key)!, def);
  if (!subscriptions.ok)
    return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', subscriptions.message, 'activate');
  p.write(elementRecord(p, 'ELEMENT_ACTIVATED', p.element(key)!, def, prepared.record));
  scheduleActivationConditions(p, p.element(key)!, def);
  processor.onActivate(p, p.element(key)!, def, prepared.options ? { ...opts, ...prepared.options } : opts);
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
  if (!isMultiInstanceBody(el)) {
    const outputs = applyOutputMappings(p, el, def);
    if (!outputs.ok) return raiseIncident(p, el, 'IO_MAPPING_ERROR', outputs.message, 'complete');
    // End execution listeners run first; the last one to complete calls finishCompletion.
    if (listenersOf(def, 'end').length > 0) {
      return runListener(p, p.element(key)!, def, {
        eventType: 'end',
        index: 0,
        ...(opts.flows ? { flows: opts.flows } : {}),
      });
    }
  }
  finishCompletion(p, key, opts);
}

/** The rest of a completion, after the output mappings and end listeners. */
export function finishCompletion(p: Processing, key: string, opts: CompletionOptions): void {
  const el = p.element(key)!;
  const def = p.def(el);
  const scopeKey = el.flowScopeKey;
  const scope = scopeKey === null ? undefined : p.element(scopeKey);
  const scopeProcessor = scope ? p.processor(scope) : undefined;
  let completion: ChildCompletion = {};
  if (scope && scopeProcessor?.beforeChildCompleted) {
    const decided = scopeProcessor.beforeChildCompleted(p, scope, p.element(key)!);
    if (!decided.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', decided.message, 'complete');
    completion = decided.value;
  }
  const processor = p.processor(el);
  processor.onCompleting?.(p, p.element(key)!, def);
  recordCompensable(p, p.element(key)!, def);
  closeEventSubscriptions(p, key);
  const completed = p.element(key)!;
  p.write(elementRecord(p, 'ELEMENT_COMPLETED', completed, def));
  if (scopeKey !== null) scheduleInclusiveJoinChecks(p, scopeKey);
  if (scopeKey !== null && scopeProcessor?.onChildCompleted) {
    return scopeProcessor.onChildCompleted(p, p.element(scopeKey)!, completed, def, completion, opts);
  }
  if (processor.onComplete) processor.onComplete(p, completed, def, opts);
  else takeOutgoing(p, completed, def, opts);
}
