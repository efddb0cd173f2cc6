/**
 * Start events (none, message, timer, signal). By the time a start event is activated, the
 * event has happened (the instance was created for it, and its variables are already the
 * instance's variables), so it completes at once.
 */
import { completeElement } from '../../behaviors/lifecycle.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor } from '../element-processor';

/** Processor of `startEvent`. */
export class StartEventProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance): void {
    completeElement(p, el.key);
  }
}
