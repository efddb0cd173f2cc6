/** Undefined task (a plain `task`): passes straight through, as in Camunda 8. */
import { completeElement } from '../../behaviors/lifecycle.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor } from '../element-processor';

/** Processor of `task`. */
export class TaskProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance): void {
    completeElement(p, el.key);
  }
}
