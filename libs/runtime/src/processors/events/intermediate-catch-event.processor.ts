/**
 * Intermediate catch events: wait for a message (correlated by name and correlation key), a
 * timer, a signal or a condition (see `conditional-event.behavior.ts`), then complete with the event's variables. A catch event after an
 * event-based gateway is activated only once its event happened (the gateway held the
 * subscription) and completes at once; so does a link catch event.
 */
import type { ElementDef } from '@osprey/bpmn';
import { openEventSubscriptions } from '../../behaviors/event-subscription.behavior';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import { applyResultVariables } from '../../behaviors/variables.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor, OccurredEvent } from '../element-processor';

const WAITING_KINDS = new Set(['message', 'timer', 'signal', 'conditional']);

/** Processor of `intermediateCatchEvent`. */
export class IntermediateCatchEventProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    if (el.triggeredBy || !WAITING_KINDS.has(def.eventDefinition?.kind ?? 'none'))
      return completeElement(p, el.key);
    const opened = openEventSubscriptions(p, el, [def]);
    if (!opened.ok) raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', opened.message, 'activate');
  }

  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    if (event.kind === 'message' || event.kind === 'signal')
      applyResultVariables(p, el, def, event.variables);
    completeElement(p, el.key);
  }
}
