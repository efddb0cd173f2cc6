/**
 * Event-based gateway: on activation it opens the subscriptions (timers, messages, signals) of
 * the catch events after it, and listens for the conditional ones (see
 * `conditional-event.behavior.ts`). The first event to happen completes the gateway, which closes the
 * other subscriptions and activates that catch event with the event's variables; the catch
 * event completes at once.
 */
import type { ElementDef } from '@osprey/bpmn';
import { openEventSubscriptions } from '../../behaviors/event-subscription.behavior';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor, OccurredEvent } from '../element-processor';

/** Processor of `eventBasedGateway`. */
export class EventBasedGatewayProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    const targets = def.outgoing.map((flowId) => p.graph.element(p.graph.flow(flowId).targetId));
    const opened = openEventSubscriptions(p, el, targets);
    if (!opened.ok) raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', opened.message, 'activate');
  }

  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    if (event.kind !== 'message' && event.kind !== 'timer' && event.kind !== 'signal' && event.kind !== 'conditional') {
      throw new Error(
        `Expected a message, timer, signal or condition for event-based gateway '${def.id}', but got a ${event.kind} event`,
      );
    }
    const flow = def.outgoing.find((flowId) => p.graph.flow(flowId).targetId === event.targetElementId);
    if (!flow)
      throw new Error(
        `Expected '${event.targetElementId}' to follow event-based gateway '${def.id}', but it does not`,
      );
    completeElement(p, el.key, {
      flows: [flow],
      triggeredBy: def.id,
      ...((event.kind === 'message' || event.kind === 'signal') && Object.keys(event.variables).length > 0
        ? { eventVariables: event.variables }
        : {}),
    });
  }
}
