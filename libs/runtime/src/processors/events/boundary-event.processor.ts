/**
 * Boundary events. The subscription of a boundary event belongs to its activity (opened when
 * the activity activates); a boundary event instance only exists once it fired, with the
 * event's variables already applied, so it completes at once and takes its outgoing flows in
 * the activity's scope.
 */
import { completeElement } from '../../behaviors/lifecycle.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor } from '../element-processor';

/** Processor of `boundaryEvent`. */
export class BoundaryEventProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance): void {
    completeElement(p, el.key);
  }
}
