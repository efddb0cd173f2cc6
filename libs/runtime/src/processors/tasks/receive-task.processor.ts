/** Receive task: waits for a message, like a message catch event, and may carry boundary events. */
import type { ElementDef } from '@osprey/bpmn';
import { openEventSubscriptions } from '../../behaviors/event-subscription.behavior';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import { applyResultVariables } from '../../behaviors/variables.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor, OccurredEvent } from '../element-processor';

/** Processor of `receiveTask`. */
export class ReceiveTaskProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    const opened = openEventSubscriptions(p, el, [def]);
    if (!opened.ok) raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', opened.message, 'activate');
  }

  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    if (event.kind === 'message') applyResultVariables(p, el, def, event.variables);
    completeElement(p, el.key);
  }
}
