/**
 * Business-rule task. With `zeebe:calledDecision` the engine evaluates the DMN decision in the
 * command (see `called-decision.behavior.ts`); otherwise it is a job like a service task and a
 * worker evaluates the rules.
 */
import type { ElementDef } from '@osprey/bpmn';
import { evaluateCalledDecision } from '../../behaviors/called-decision.behavior';
import { createJob, onWorkCompleted } from '../../behaviors/job.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor, OccurredEvent } from '../element-processor';

/** Processor of `businessRuleTask`. */
export class BusinessRuleTaskProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    if (def.calledDecision) return evaluateCalledDecision(p, el, def, def.calledDecision);
    createJob(p, el, def);
  }

  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    onWorkCompleted(p, el, def, event);
  }
}
