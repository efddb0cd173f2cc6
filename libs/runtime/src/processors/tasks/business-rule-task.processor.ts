/** Business-rule task: a job like a service task (a worker evaluates the decision). */
import type { ElementDef } from '@osprey/bpmn';
import { createJob, onWorkCompleted } from '../../behaviors/job.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor, OccurredEvent } from '../element-processor';

/** Processor of `businessRuleTask`. */
export class BusinessRuleTaskProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    createJob(p, el, def);
  }

  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    onWorkCompleted(p, el, def, event);
  }
}
