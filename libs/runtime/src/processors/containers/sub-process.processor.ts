/**
 * Embedded sub-process: a scope of its own (its own variables, its own boundary events) that
 * starts at its none start event and completes when nothing runs in it any more. A transaction
 * runs the same way; what sets it apart is its cancel end event (see `transaction.behavior.ts`).
 */
import type { ElementDef } from '@osprey/bpmn';
import { raiseIncident } from '../../behaviors/incident.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor } from '../element-processor';

/** Processor of `subProcess` (embedded). */
export class SubProcessProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    if (!def.noneStartEventId) {
      return raiseIncident(
        p,
        el,
        'UNKNOWN',
        `Expected sub-process '${def.id}' to have a none start event, but it has none`,
        'activate',
      );
    }
    p.enqueue({ type: 'activate', elementId: def.noneStartEventId, flowScopeKey: el.key });
  }
}
